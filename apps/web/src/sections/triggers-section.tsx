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
const FIELD_LABELS: Record<keyof TriggerInput, string> = {
  trigger: 'Trigger',
  whatHappens: 'What tends to happen',
  agreedResponse: 'Response',
  ...REPAIR_LABELS,
};

/** The triggers screen: the add form and every trigger as a three-step flow. */
export function TriggersSection({ workbook, me, credentials }: SectionProps) {
  const items = workbook.triggers.list();
  const deviceKeys = items.flatMap((t) => Object.values(workbook.triggers.responseSignatures(t.id)?.signatures ?? {}).map((s) => s.deviceKey));
  const verifier = useAgreementVerifier(credentials, deviceKeys);
  return (
    <section class="section" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Triggers</h2>
      <p class="section-intro">
        Name what tends to set one of you off, what usually happens next, and what you agree to do
        instead. Plan it together when things are calm, so it is ready when they are not. A response
        is agreed once each of you has agreed to it on your own device; any change asks you both again.
      </p>
      <TriggerForm
        heading="Add a trigger"
        submitLabel="Add trigger"
        initial={EMPTY}
        draftKey="triggers/add"
        onSubmit={(input) => attemptWrite(() => workbook.triggers.add(input, me))}
      />
      {items.length === 0 ? (
        <p class="empty">No triggers written down yet.</p>
      ) : (
        <ul class="card-list" aria-label="Our triggers">
          {items.map((item) => (
            <TriggerCard key={item.id} item={item} workbook={workbook} me={me} credentials={credentials} verifier={verifier} />
          ))}
        </ul>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun="triggers"
        removed={workbook.triggers.removed()}
        describe={(t) => t.trigger}
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
      <TextField label="The trigger" hint="What sets it off, in neutral words." value={input.trigger} onInput={set('trigger')} error={errors.trigger} draftKey={`${draftKey}/trigger`} />
      <TextField label="What tends to happen" multiline rows={2} value={input.whatHappens} onInput={set('whatHappens')} error={errors.whatHappens} draftKey={`${draftKey}/what-happens`} />
      <TextField
        label="The response we propose"
        hint="It stays a proposal until each of you agrees to it on the card."
        multiline
        rows={2}
        value={input.agreedResponse}
        onInput={set('agreedResponse')}
        error={errors.agreedResponse}
        draftKey={`${draftKey}/agreed-response`}
      />
      <fieldset class="repair-fields">
        <legend>Repair afterwards</legend>
        <p class="hint">Three short steps for after it happened: agreed together with the response.</p>
        <TextField label="1. Apology" hint="Owning your part, in a sentence." multiline rows={2} value={input.apology} onInput={set('apology')} error={errors.apology} draftKey={`${draftKey}/apology`} />
        <TextField
          label="2. Reassurance"
          hint="What the other needs to hear to feel safe again."
          multiline
          rows={2}
          value={input.reassurance}
          onInput={set('reassurance')}
          error={errors.reassurance}
          draftKey={`${draftKey}/reassurance`}
        />
        <TextField
          label="3. Our commitment"
          hint="What you both promise, to protect what you have."
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
            Cancel
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
  const [editing, setEditing] = useState(false);
  useKeptOpen(`triggers/${item.id}/editing`, editing, setEditing);
  const refusal = useRefusal();
  const signed = workbook.triggers.responseSignatures(item.id);
  const statuses = responseStatuses(item, workbook, me, verifier);
  // When an earlier agreement lapsed, the response shows what changed since: say it once.
  const lapsed =
    verifier.ready && signed !== undefined && Object.keys(signed.signatures).some((p) => (changesSinceResponseSigned(item, signed, p, verifier.verify)?.length ?? 0) > 0);
  return (
    <li class="card trigger-card" aria-label={`Trigger: ${item.trigger}`}>
      <p class="byline">Written by {authorName(workbook, me, item.createdBy)}</p>
      <EditedNote workbook={workbook} me={me} history={workbook.triggers.history(item.id)} labels={FIELD_LABELS} summaryOnly={lapsed} />
      {editing ? (
        <TriggerForm
          heading={`Edit trigger: ${item.trigger}`}
          submitLabel="Save changes"
          initial={{
            trigger: item.trigger,
            whatHappens: item.whatHappens,
            agreedResponse: item.agreedResponse,
            apology: item.apology,
            reassurance: item.reassurance,
            commitment: item.commitment,
          }}
          onSubmit={(input) => {
            const refused = attemptWrite(() => workbook.triggers.update(item.id, me, input));
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
              <span class="flow-label">Trigger</span>
              <p class="flow-text" dir="auto">{item.trigger}</p>
            </li>
            <li>
              <span class="flow-label">What tends to happen</span>
              <p class="flow-text" dir="auto">{item.whatHappens || <span class="not-yet">Not written yet</span>}</p>
            </li>
            <ResponseStep item={item} statuses={statuses} />
            <RepairStep item={item} statuses={statuses} />
          </ol>
          <ResponseAgreement item={item} workbook={workbook} me={me} credentials={credentials} verifier={verifier} labels={FIELD_LABELS} statuses={statuses} />
          <div class="card-actions">
            <button type="button" class="button-quiet" onClick={() => setEditing(true)} aria-label={`Edit trigger: ${item.trigger}`}>
              Edit
            </button>
            <ConfirmButton
              label="Remove"
              ariaLabel={`Remove trigger: ${item.trigger}`}
              question="Remove this trigger for both of you? Either of you can put it back."
              onConfirm={() => refusal.run(() => workbook.triggers.remove(item.id, me))}
            />
          </div>
          <Refusal message={refusal.message} />
        </>
      )}
    </li>
  );
}
