/**
 * What a pause card says, read from the couple's own agreements and words: the pause signal
 * (a "signal" word from the vocabulary, else the time-out agreement's signal, else plain words),
 * the time-out length, the de-escalation steps, what each does meanwhile, and the "come back"
 * step that ends the time-out. Every piece has a warm default, so a pause works on day one.
 *
 *   const script = pauseScript(workbook);
 *   live.startPause({ signalWord: script.signalWord, minutes: script.minutes });
 */
import { AGREEMENT_TEMPLATES, type Agreement, type Workbook } from '@securebase/model';
import { DEFAULT_PAUSE_MINUTES } from '@securebase/sync';

export interface PauseScript {
  signalWord: string;
  minutes: number;
  /** True when the length comes from the couple's time-out agreement. */
  agreedMinutes: boolean;
  steps: string[];
  meanwhile: string | undefined;
  comeBack: string;
}

/** Said when the couple has not chosen a signal of their own. */
export const PLAIN_PAUSE_WORDS = 'I need a pause';
const DEFAULT_COME_BACK = 'When the time is up, we come back together and start by listening, not explaining.';

function firstOfKind<K extends Agreement['kind']>(workbook: Workbook, kind: K): Extract<Agreement, { kind: K }> | undefined {
  return workbook.agreements.list().find((a): a is Extract<Agreement, { kind: K }> => a.kind === kind);
}

/** The pause card's words for this couple. */
export function pauseScript(workbook: Workbook): PauseScript {
  const timeOut = firstOfKind(workbook, 'time-out');
  const deEscalation = firstOfKind(workbook, 'de-escalation');
  const signalEntry = workbook.vocabulary.list().find((e) => e.category === 'signal');
  const signalWord = signalEntry?.term.trim() || timeOut?.fields.signal.trim() || PLAIN_PAUSE_WORDS;
  const agreed = timeOut?.fields.returnAfterMinutes;
  const allSteps = (deEscalation?.fields.steps ?? AGREEMENT_TEMPLATES['de-escalation'].defaults.steps).filter((s) => s.trim() !== '');
  // The step about coming back belongs at the end of the timer, not in the list before it.
  let comeBackIndex = -1;
  allSteps.forEach((step, i) => {
    if (/come back|coming back|back together/i.test(step)) comeBackIndex = i;
  });
  const comeBack = comeBackIndex >= 0 ? allSteps[comeBackIndex]! : DEFAULT_COME_BACK;
  return {
    signalWord,
    minutes: agreed ?? DEFAULT_PAUSE_MINUTES,
    agreedMinutes: agreed !== undefined,
    steps: allSteps.filter((_, i) => i !== comeBackIndex),
    meanwhile: timeOut?.fields.selfSoothing.trim() || undefined,
    comeBack,
  };
}
