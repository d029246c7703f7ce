/**
 * The words the section screens show for the model's enum values and the story's prompts. One
 * place, so the wording stays gentle and consistent. (Agreement templates, with their field
 * labels, come from the model.)
 *
 *   CONSENT_LABELS['not-now'] // 'Not now'
 */
import type {
  ConsentPreference,
  NarrativePart,
  WinKind,
} from '@securebase/model';

export const CONSENT_LABELS: Record<ConsentPreference, string> = {
  yes: 'Yes',
  maybe: 'Maybe',
  'not-now': 'Not now',
  no: 'No',
};

export const CONSENT_HINTS: Record<ConsentPreference, string> = {
  yes: 'I’m comfortable with this.',
  maybe: 'Let’s talk first; ask me.',
  'not-now': 'Not at the moment. Please don’t ask again until I bring it up.',
  no: 'This is a no. It stands until I change it.',
};

export const NARRATIVE_PARTS_TEXT: Record<NarrativePart, { title: string; prompt: string }> = {
  'what-happened': {
    title: 'What happened',
    prompt: 'The rupture as you lived it. Describe, don’t prosecute: what you saw, felt and did.',
  },
  'unmet-needs': {
    title: 'The needs that went unmet',
    prompt: 'What you were longing for underneath, before and during: closeness, safety, being seen.',
  },
  'still-possible': {
    title: 'What is still possible',
    prompt: 'What you hope for now, and what you have already seen change.',
  },
};

export const WIN_LABELS: Record<WinKind, string> = {
  win: 'Small win',
  'micro-repair': 'Micro-repair',
};

// The cadence and weekday words come from the model, which the Markdown export uses too.
export { CADENCE_LABELS, WEEKDAY_LABELS } from '@securebase/model';
