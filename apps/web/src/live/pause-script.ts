/**
 * What a pause card says, read from the couple's own agreements and words: the pause signal
 * (a "signal" word from the vocabulary, else the time-out agreement's signal, else plain words),
 * the time-out length, the de-escalation steps, what each does meanwhile, and the "come back"
 * step that ends the time-out. Every piece has a warm default, so a pause works on day one.
 *
 *   const script = pauseScript(workbook, t);   // defaults in this person's language
 *   live.startPause({ signalWord: script.signalWord, minutes: script.minutes });
 */
import { AGREEMENT_TEMPLATES, type Agreement, type Workbook } from '@securebase/model';
import { DEFAULT_PAUSE_MINUTES } from '@securebase/sync';
import type { Translate } from '@securebase/i18n';

export interface PauseScript {
  signalWord: string;
  minutes: number;
  /** True when the length comes from the couple's time-out agreement. */
  agreedMinutes: boolean;
  steps: string[];
  meanwhile: string | undefined;
  comeBack: string;
}

/** Said when the couple has not chosen a signal of their own (English; `pauseScript` with a `t` says it in that language). */
export const PLAIN_PAUSE_WORDS = 'I need a pause';
const DEFAULT_COME_BACK = 'When the time is up, we come back together and start by listening, not explaining.';

/**
 * The de-escalation template's default steps in this person's language, for a couple without a
 * de-escalation agreement of their own (shown only, never stored); the last is the "come back" step.
 */
function defaultSteps(t: Translate): { steps: string[]; comeBack: string } {
  return {
    steps: [t('live.defaultStep1'), t('live.defaultStep2'), t('live.defaultStep3'), t('live.defaultStep4')],
    comeBack: t('live.defaultComeBack'),
  };
}

function firstOfKind<K extends Agreement['kind']>(workbook: Workbook, kind: K): Extract<Agreement, { kind: K }> | undefined {
  return workbook.agreements.list().find((a): a is Extract<Agreement, { kind: K }> => a.kind === kind);
}

/**
 * The pause card's words for this couple. `t`: the words used where the couple has none of their
 * own (the signal sent, the steps), in this person's language; English without it.
 */
export function pauseScript(workbook: Workbook, t?: Translate): PauseScript {
  const timeOut = firstOfKind(workbook, 'time-out');
  const deEscalation = firstOfKind(workbook, 'de-escalation');
  const signalEntry = workbook.vocabulary.list().find((e) => e.category === 'signal');
  const signalWord = signalEntry?.term.trim() || timeOut?.fields.signal.trim() || (t ? t('live.plainPause') : PLAIN_PAUSE_WORDS);
  const agreed = timeOut?.fields.returnAfterMinutes;
  const base = {
    signalWord,
    minutes: agreed ?? DEFAULT_PAUSE_MINUTES,
    agreedMinutes: agreed !== undefined,
    meanwhile: timeOut?.fields.selfSoothing.trim() || undefined,
  };
  if (!deEscalation && t) return { ...base, ...defaultSteps(t) };
  const allSteps = (deEscalation?.fields.steps ?? AGREEMENT_TEMPLATES['de-escalation'].defaults.steps).filter((s) => s.trim() !== '');
  // The step about coming back belongs at the end of the timer, not in the list before it.
  let comeBackIndex = -1;
  allSteps.forEach((step, i) => {
    if (/come back|coming back|back together/i.test(step)) comeBackIndex = i;
  });
  const comeBack = comeBackIndex >= 0 ? allSteps[comeBackIndex]! : DEFAULT_COME_BACK;
  return { ...base, steps: allSteps.filter((_, i) => i !== comeBackIndex), comeBack };
}
