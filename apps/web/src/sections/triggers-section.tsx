/**
 * Triggers: what sets one of us off → what tends to happen next → the response we agreed → the
 * repair afterwards (apology, reassurance, commitment). Read as a flow, so in a calm moment the
 * couple plans what to do in a hard one; the pause screen shows a named trigger's repair.
 *
 *   <TriggersSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { changesSinceResponseSigned, type PartnerId, type TriggerItem, type Workbook } from '@securebase/model';
import type { Credentials } from '@securebase/sync';
import { ConfirmButton } from '../components/confirm-button.js';
import { OnceForm } from '../components/once-form.js';
import { useKeptOpen } from '../components/use-draft.js';
import { TextField } from '../components/text-field.js';
import { EditedNote, Refusal, RemovedList, useRefusal } from './change-notes.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { WithName, slots, useI18n, type MessageKey, type Translate } from '../i18n.js';
import { authorName } from './partners.js';
import type { SectionProps } from './registry.js';
import { REPAIR_LABELS } from './repair-sequence.js';
import { RepairStep, ResponseAgreement, ResponseStep, responseStatuses } from './trigger-response.js';
import { useAgreementVerifier, type AgreementVerifierState } from './use-agreement-verifier.js';
import './sections.css';

interface TriggerInput {
  trigger: string;
  whatHappens: string;
  agreedResponse: string;
  apology: string;
  reassurance: string;
  commitment: string;
}

const EMPTY: TriggerInput = { trigger: '', whatHappens: '', agreedResponse: '', apology: '', reassurance: '', commitment: '' };

/** The card's field labels, also used to say what the other partner changed. */
const FIELD_KEYS: Record<keyof TriggerInput, MessageKey> = {
  trigger: 'triggers.field.trigger',
  whatHappens: 'triggers.field.whatHappens',
  agreedResponse: 'triggers.field.response',
  ...REPAIR_LABELS,
};

/** The field labels in this viewer's language. */
function fieldLabels(t: Translate): Record<keyof TriggerInput, string> {
  const labels = {} as Record<keyof TriggerInput, string>;
  for (const field of Object.keys(FIELD_KEYS) as (keyof TriggerInput)[]) labels[field] = t(FIELD_KEYS[field]);
  return labels;
}

/** The triggers screen: the add form and every trigger as a three-step flow. */
export function TriggersSection({ workbook, me, credentials }: SectionProps) {
  const { t } = useI18n();
  const items = workbook.triggers.list();
  const deviceKeys = items.flatMap((item) => Object.values(workbook.triggers.responseSignatures(item.id)?.signatures ?? {}).map((s) => s.deviceKey));
  const verifier = useAgreementVerifier(credentials, deviceKeys);
  return (
    <section class="section" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">{t('triggers.heading')}</h2>
      <p class="section-intro">{t('triggers.intro')}</p>
      <TriggerForm
        heading={t('triggers.add.heading')}
        submitLabel={t('triggers.add.submit')}
        initial={EMPTY}
        draftKey="triggers/add"
        onSubmit={(input) => attemptWrite(() => workbook.triggers.add(input, me), t)}
      />
      {items.length === 0 ? (
        <p class="empty">{t('triggers.empty')}</p>
      ) : (
        <ul class="card-list" aria-label={t('triggers.list')}>
          {items.map((item) => (
            <TriggerCard key={item.id} item={item} workbook={workbook} me={me} credentials={credentials} verifier={verifier} />
          ))}
        </ul>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun={t('triggers.noun')}
        removed={workbook.triggers.removed()}
        describe={(item) => item.trigger}
        onRestore={(id) => workbook.triggers.restore(id, me)}
      />
    </section>
  );
}

interface FormProps {
  heading: string;
  submitLabel: string;
  initial: TriggerInput;
  /** Returns field errors when the model refused the write. */
  onSubmit: (input: TriggerInput) => FieldErrors | undefined;
  onCancel?: () => void;
  /** Where this form keeps its unsent text (use-draft.ts): one key per form. */
  draftKey: string;
}

function TriggerForm({ heading, submitLabel, initial, onSubmit, onCancel, draftKey }: FormProps) {
  const { t } = useI18n();
  const [input, setInput] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof TriggerInput) => (value: string) => setInput((prev) => ({ ...prev, [field]: value }));

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = onSubmit(input);
    if (refused) {
      setErrors(refused);
      return;
    }
    setErrors({});
    if (!onCancel) setInput(EMPTY);
  };

  return (
    <OnceForm class={onCancel ? 'edit-form' : 'card add-form'} onSubmit={submit} aria-label={heading} noValidate>
      {!onCancel && <h3>{heading}</h3>}
      <TextField label={t('triggers.form.trigger')} hint={t('triggers.form.triggerHint')} value={input.trigger} onInput={set('trigger')} error={errors.trigger} draftKey={`${draftKey}/trigger`} />
      <TextField label={t('triggers.field.whatHappens')} multiline rows={2} value={input.whatHappens} onInput={set('whatHappens')} error={errors.whatHappens} draftKey={`${draftKey}/what-happens`} />
      <TextField
        label={t('triggers.form.response')}
        hint={t('triggers.form.responseHint')}
        multiline
        rows={2}
        value={input.agreedResponse}
        onInput={set('agreedResponse')}
        error={errors.agreedResponse}
        draftKey={`${draftKey}/agreed-response`}
      />
      <fieldset class="repair-fields">
        <legend>{t('triggers.form.repair')}</legend>
        <p class="hint">{t('triggers.form.repairHint')}</p>
        <TextField label={t('triggers.form.apology')} hint={t('triggers.form.apologyHint')} multiline rows={2} value={input.apology} onInput={set('apology')} error={errors.apology} draftKey={`${draftKey}/apology`} />
        <TextField
          label={t('triggers.form.reassurance')}
          hint={t('triggers.form.reassuranceHint')}
          multiline
          rows={2}
          value={input.reassurance}
          onInput={set('reassurance')}
          error={errors.reassurance}
          draftKey={`${draftKey}/reassurance`}
        />
        <TextField
          label={t('triggers.form.commitment')}
          hint={t('triggers.form.commitmentHint')}
          multiline
          rows={2}
          value={input.commitment}
          onInput={set('commitment')}
          error={errors.commitment}
          draftKey={`${draftKey}/commitment`}
        />
      </fieldset>
      <div class="card-actions">
        <button type="submit" class="button-primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button-quiet" onClick={onCancel} data-discard-draft>
            {t('triggers.form.cancel')}
          </button>
        )}
      </div>
    </OnceForm>
  );
}

interface CardProps {
  item: TriggerItem;
  workbook: Workbook;
  me: PartnerId;
  credentials: Credentials;
  verifier: AgreementVerifierState;
}

function TriggerCard({ item, workbook, me, credentials, verifier }: CardProps) {
  const { t } = useI18n();
  const labels = fieldLabels(t);
  const [editing, setEditing] = useState(false);
  useKeptOpen(`triggers/${item.id}/editing`, editing, setEditing);
  const refusal = useRefusal();
  const signed = workbook.triggers.responseSignatures(item.id);
  const statuses = responseStatuses(item, workbook, me, verifier);
  // When an earlier agreement lapsed, the response shows what changed since: say it once.
  const lapsed =
    verifier.ready && signed !== undefined && Object.keys(signed.signatures).some((p) => (changesSinceResponseSigned(item, signed, p, verifier.verify)?.length ?? 0) > 0);
  return (
    <li class="card trigger-card" aria-label={t('triggers.card', { trigger: item.trigger })}>
      <p class="byline">
        <WithName text={t('changes.writtenBy', { ...slots('partner'), mine: item.createdBy === me ? 'yes' : 'no' })} name={authorName(workbook, me, item.createdBy, t)} />
      </p>
      <EditedNote workbook={workbook} me={me} history={workbook.triggers.history(item.id)} labels={labels} summaryOnly={lapsed} />
      {editing ? (
        <TriggerForm
          heading={t('triggers.edit.heading', { trigger: item.trigger })}
          submitLabel={t('triggers.edit.save')}
          initial={{
            trigger: item.trigger,
            whatHappens: item.whatHappens,
            agreedResponse: item.agreedResponse,
            apology: item.apology,
            reassurance: item.reassurance,
            commitment: item.commitment,
          }}
          onSubmit={(input) => {
            const refused = attemptWrite(() => workbook.triggers.update(item.id, me, input), t);
            if (!refused) setEditing(false);
            return refused;
          }}
          onCancel={() => setEditing(false)}
          draftKey={`triggers/${item.id}`}
        />
      ) : (
        <>
          <ol class="flow">
            <li>
              <span class="flow-label">{t('triggers.field.trigger')}</span>
              <p class="flow-text" dir="auto">{item.trigger}</p>
            </li>
            <li>
              <span class="flow-label">{t('triggers.field.whatHappens')}</span>
              <p class="flow-text" dir="auto">{item.whatHappens || <span class="not-yet">{t('triggers.notYet')}</span>}</p>
            </li>
            <ResponseStep item={item} statuses={statuses} />
            <RepairStep item={item} statuses={statuses} />
          </ol>
          <ResponseAgreement item={item} workbook={workbook} me={me} credentials={credentials} verifier={verifier} labels={labels} statuses={statuses} />
          <div class="card-actions">
            <button type="button" class="button-quiet" onClick={() => setEditing(true)} aria-label={t('triggers.edit.heading', { trigger: item.trigger })}>
              {t('triggers.editButton')}
            </button>
            <ConfirmButton
              label={t('triggers.removeButton')}
              ariaLabel={t('triggers.remove.label', { trigger: item.trigger })}
              question={t('triggers.remove.question')}
              onConfirm={() => refusal.run(() => workbook.triggers.remove(item.id, me))}
            />
          </div>
          <Refusal message={refusal.message} />
        </>
      )}
    </li>
  );
}
