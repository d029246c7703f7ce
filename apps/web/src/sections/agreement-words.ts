/**
 * The words of the agreement templates, in each viewer's language: the model keeps each kind's
 * fields, their types and validation (and English words for the CLI and the Markdown export);
 * these typed maps give every kind, field and default a message key. Labels, hints and
 * descriptions are shown in the viewer's language; the defaults (a new agreement's title and its
 * starting words) are stored in the language of the partner who creates it, as their words.
 *
 *   t(AGREEMENT_WORDS['time-out'].label)                  // 'Time-out'
 *   t(fieldWords('time-out', 'signal').hint)              // 'Words or a gesture either of us…'
 *   workbook.agreements.add({ kind, ...agreementDefaults(kind, t) }, me);
 */
import { defaultAgreementFields, type AgreementFieldsByKind, type AgreementKind } from '@securebase/model';
import type { MessageKey, Translate } from '@securebase/i18n';

interface KindWords {
  label: MessageKey;
  description: MessageKey;
}

interface FieldWords {
  label: MessageKey;
  hint: MessageKey;
}

export const AGREEMENT_WORDS: Record<AgreementKind, KindWords> = {
  'de-escalation': { label: 'agreements.kind.deEscalation', description: 'agreements.kind.deEscalation.about' },
  'repair-ritual': { label: 'agreements.kind.repairRitual', description: 'agreements.kind.repairRitual.about' },
  'time-out': { label: 'agreements.kind.timeOut', description: 'agreements.kind.timeOut.about' },
  'secure-base-script': { label: 'agreements.kind.secureBaseScript', description: 'agreements.kind.secureBaseScript.about' },
  'check-in-rhythm': { label: 'agreements.kind.checkInRhythm', description: 'agreements.kind.checkInRhythm.about' },
};

const FIELD_WORDS: { [K in AgreementKind]: Record<keyof AgreementFieldsByKind[K] & string, FieldWords> } = {
  'de-escalation': {
    steps: { label: 'agreements.field.steps', hint: 'agreements.field.steps.hint' },
  },
  'repair-ritual': {
    apology: { label: 'agreements.field.apology', hint: 'agreements.field.apology.hint' },
    reassurance: { label: 'agreements.field.reassurance', hint: 'agreements.field.reassurance.hint' },
    calmingActivity: { label: 'agreements.field.calmingActivity', hint: 'agreements.field.calmingActivity.hint' },
    commitment: { label: 'agreements.field.commitment', hint: 'agreements.field.commitment.hint' },
  },
  'time-out': {
    signal: { label: 'agreements.field.signal', hint: 'agreements.field.signal.hint' },
    returnAfterMinutes: { label: 'agreements.field.returnAfterMinutes', hint: 'agreements.field.returnAfterMinutes.hint' },
    selfSoothing: { label: 'agreements.field.selfSoothing', hint: 'agreements.field.selfSoothing.hint' },
  },
  'secure-base-script': {
    situation: { label: 'agreements.field.situation', hint: 'agreements.field.situation.hint' },
    script: { label: 'agreements.field.script', hint: 'agreements.field.script.hint' },
  },
  'check-in-rhythm': {
    cadence: { label: 'agreements.field.cadence', hint: 'agreements.field.cadence.hint' },
    day: { label: 'agreements.field.day', hint: 'agreements.field.day.hint' },
    time: { label: 'agreements.field.time', hint: 'agreements.field.time.hint' },
  },
};

/** A template field's label and hint keys (a field the map lacks would be a model change not made here yet). */
export function fieldWords(kind: AgreementKind, field: string): FieldWords {
  const words = (FIELD_WORDS[kind] as Record<string, FieldWords | undefined>)[field];
  if (!words) throw new Error(`no words for agreement field ${kind}.${field}`);
  return words;
}

/**
 * A new agreement's title and starting words in this person's language, to store as theirs
 * (numbers and choices come from the model's template as they are).
 */
export function agreementDefaults<K extends AgreementKind>(kind: K, t: Translate): { title: string; fields: AgreementFieldsByKind[K] } {
  const fields = defaultAgreementFields(kind);
  const byKind: { [J in AgreementKind]: () => { title: string; fields: AgreementFieldsByKind[J] } } = {
    'de-escalation': () => ({
      title: t('agreements.default.deEscalation.title'),
      fields: {
        steps: [
          t('agreements.default.deEscalation.step1'),
          t('agreements.default.deEscalation.step2'),
          t('agreements.default.deEscalation.step3'),
          t('agreements.default.deEscalation.step4'),
          t('agreements.default.deEscalation.step5'),
        ],
      },
    }),
    'repair-ritual': () => ({
      title: t('agreements.default.repairRitual.title'),
      fields: {
        apology: t('agreements.default.repairRitual.apology'),
        reassurance: t('agreements.default.repairRitual.reassurance'),
        calmingActivity: t('agreements.default.repairRitual.calmingActivity'),
        commitment: t('agreements.default.repairRitual.commitment'),
      },
    }),
    'time-out': () => ({
      title: t('agreements.default.timeOut.title'),
      fields: {
        ...(fields as AgreementFieldsByKind['time-out']),
        signal: t('agreements.default.timeOut.signal'),
        selfSoothing: t('agreements.default.timeOut.selfSoothing'),
      },
    }),
    'secure-base-script': () => ({
      title: t('agreements.default.secureBaseScript.title'),
      fields: {
        situation: t('agreements.default.secureBaseScript.situation'),
        script: t('agreements.default.secureBaseScript.script'),
      },
    }),
    'check-in-rhythm': () => ({
      title: t('agreements.default.checkInRhythm.title'),
      fields: fields as AgreementFieldsByKind['check-in-rhythm'],
    }),
  };
  return byKind[kind]() as { title: string; fields: AgreementFieldsByKind[K] };
}
