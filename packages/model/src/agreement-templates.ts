/**
 * Templates of the five kinds of agreement: each kind's fields with a label and a hint for the
 * form, and warm, plain default text a couple can start from and make their own.
 *
 * The words here are English (the CLI and the Markdown export use them, and `add()` stores the
 * defaults when a caller gives none). The model does not know about languages: the web app
 * shows labels, hints and descriptions from its catalogs, keyed by kind and field `name`
 * (apps/web/src/sections/agreement-words.ts), and passes the creator's own-language title and
 * fields to `add()`. A field's `name` is therefore a stable key: renaming one is a data change.
 *
 *   const t = AGREEMENT_TEMPLATES['time-out'];
 *   t.fields.map((f) => f.label); // ['Our pause signal', 'Back together after (minutes)', ...]
 *   workbook.agreements.add({ kind: 'time-out' }, me); // title and fields from t.defaults
 */
import {
  CHECK_IN_CADENCES,
  WEEKDAYS,
  type AgreementFieldValue,
  type AgreementFieldsByKind,
  type AgreementKind,
} from './sections.js';

/** How a field is edited and validated. */
export type AgreementFieldType = 'text' | 'long-text' | 'steps' | 'minutes' | 'choice' | 'time';

/** One field of a template, as a form shows it. */
export interface AgreementFieldTemplate {
  name: string;
  label: string;
  hint: string;
  type: AgreementFieldType;
  /** For 'choice': the allowed values. */
  options?: readonly string[];
  /**
   * Added to the template after agreements of this kind were first written. An agreement stored
   * without it still reads, and while it is unset the field is left out of the signed bytes, so
   * an agreement both signed before the field existed stays signed until someone fills it in.
   */
  added?: true;
}

/** Everything a form needs to create and edit one kind of agreement. */
export interface AgreementTemplate<K extends AgreementKind = AgreementKind> {
  kind: K;
  label: string;
  description: string;
  defaultTitle: string;
  fields: readonly AgreementFieldTemplate[];
  defaults: AgreementFieldsByKind[K];
}

/** Minutes a time-out may last before the couple comes back together. */
export const TIME_OUT_MINUTES = { min: 5, max: 240 } as const;

export const AGREEMENT_TEMPLATES: { readonly [K in AgreementKind]: AgreementTemplate<K> } = {
  'de-escalation': {
    kind: 'de-escalation',
    label: 'De-escalation script',
    description: 'What we each do, step by step, when a conversation starts to get heated.',
    defaultTitle: 'When things get heated',
    fields: [
      { name: 'steps', label: 'Our steps', hint: 'One small, concrete step per line, in order.', type: 'steps' },
    ],
    defaults: {
      steps: [
        'Either of us can say our pause signal: "Would it help if we pause?"',
        'We lower our voices and stop trying to win the point.',
        'Each of us names one feeling without blame ("I feel scared", not "you always...").',
        'If it is still too much, we take a time-out and say when we will come back.',
        'When we come back, we start by listening, not explaining.',
      ],
    },
  },
  'repair-ritual': {
    kind: 'repair-ritual',
    label: 'Repair ritual',
    description: 'How we come back to each other after a hurt: a short apology, a concrete reassurance, something calming together, and a commitment to protect what we have.',
    defaultTitle: 'Our repair ritual',
    fields: [
      { name: 'apology', label: 'A short apology', hint: 'Name what happened and how it landed, without "but".', type: 'long-text' },
      { name: 'reassurance', label: 'A concrete reassurance', hint: 'Something specific the other can hold on to.', type: 'long-text' },
      { name: 'calmingActivity', label: 'Something calming together', hint: 'A walk, tea, a hug, a song: whatever settles you both.', type: 'text' },
      // The source practice ends a repair on a mutual commitment to protect the bond, not on the calm.
      { name: 'commitment', label: 'Our commitment', hint: 'What we both promise, to protect what we have.', type: 'long-text', added: true },
    ],
    defaults: {
      apology: "I'm sorry I hurt you. I understand that when I did that, you felt alone.",
      reassurance: "I'm here, I'm not going anywhere, and you matter to me. Next time I will tell you before I go quiet.",
      calmingActivity: 'A slow walk together, or sitting close with a cup of tea.',
      commitment: 'We choose each other again: next time one of us is hurt, we say so sooner, and gently.',
    },
  },
  'time-out': {
    kind: 'time-out',
    label: 'Time-out',
    description: 'How either of us can call a pause, how long it lasts, and how we look after ourselves meanwhile.',
    defaultTitle: 'Our time-out',
    fields: [
      { name: 'signal', label: 'Our pause signal', hint: 'Words or a gesture either of us can use at any time.', type: 'text' },
      { name: 'returnAfterMinutes', label: 'Back together after (minutes)', hint: 'We always come back; this is when.', type: 'minutes' },
      { name: 'selfSoothing', label: 'What I do meanwhile', hint: 'Ways to calm down that do not involve replaying the argument.', type: 'long-text' },
    ],
    defaults: {
      signal: 'Would it help if we pause?',
      returnAfterMinutes: 30,
      selfSoothing: 'Breathe slowly, go for a short walk, drink some water, and not replay the argument in my head.',
    },
  },
  'secure-base-script': {
    kind: 'secure-base-script',
    label: 'Secure-base script',
    description: 'Words we rehearse for a setback, so reaching for each other is easier when it is hard.',
    defaultTitle: 'When the old fear comes back',
    fields: [
      { name: 'situation', label: 'When this happens', hint: 'The moment this script is for.', type: 'long-text' },
      { name: 'script', label: 'What we say', hint: 'What one of us asks for, and how the other answers.', type: 'long-text' },
    ],
    defaults: {
      situation: 'When one of us feels the old fear come back, for example after a late reply or a closed door.',
      script: '"I\'m feeling unsure right now. Can you remind me that we\'re okay?" "Yes. I\'m here, we\'re okay, and I\'m glad you told me."',
    },
  },
  'check-in-rhythm': {
    kind: 'check-in-rhythm',
    label: 'Check-in rhythm',
    description: 'When we sit down together for our check-in.',
    defaultTitle: 'Our check-in',
    fields: [
      { name: 'cadence', label: 'How often', hint: 'A rhythm you can keep, even in a busy week.', type: 'choice', options: CHECK_IN_CADENCES },
      { name: 'day', label: 'Day', hint: 'The day that usually works for you both.', type: 'choice', options: WEEKDAYS },
      { name: 'time', label: 'Time', hint: 'HH:MM, 24-hour clock.', type: 'time' },
    ],
    defaults: { cadence: 'weekly', day: 'sunday', time: '19:00' },
  },
};

/** The template of one kind (typed loosely, for code that handles every kind alike). */
export function agreementTemplate(kind: AgreementKind): AgreementTemplate {
  return AGREEMENT_TEMPLATES[kind] as AgreementTemplate;
}

/** The default fields of a kind, copied so a caller may change them. */
export function defaultAgreementFields<K extends AgreementKind>(kind: K): AgreementFieldsByKind[K] {
  return structuredClone(AGREEMENT_TEMPLATES[kind].defaults) as AgreementFieldsByKind[K];
}

/** Type guard used when reading a stored value against its field template. */
export function isFieldValue(value: unknown): value is AgreementFieldValue {
  return typeof value === 'string' || typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}
