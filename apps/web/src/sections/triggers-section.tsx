/**
 * Triggers: what sets one of us off → what tends to happen next → the response we agreed. Read
 * as a three-step flow, so in a calm moment the couple plans what to do in a hard one.
 *
 *   <TriggersSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { PartnerId, TriggerItem, Workbook } from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { authorName } from './partners.js';
import type { SectionProps } from './registry.js';
import './sections.css';

interface TriggerInput {
  trigger: string;
  whatHappens: string;
  agreedResponse: string;
}

const EMPTY: TriggerInput = { trigger: '', whatHappens: '', agreedResponse: '' };

/** The triggers screen: the add form and every trigger as a three-step flow. */
export function TriggersSection({ workbook, me }: SectionProps) {
  const items = workbook.triggers.list();
  return (
    <section class="section" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Triggers</h2>
      <p class="section-intro">
        Name what tends to set one of you off, what usually happens next, and what you agree to do
        instead. Plan it together when things are calm, so it is ready when they are not.
      </p>
      <TriggerForm
        heading="Add a trigger"
        submitLabel="Add trigger"
        initial={EMPTY}
        onSubmit={(input) => attemptWrite(() => workbook.triggers.add(input, me))}
      />
      {items.length === 0 ? (
        <p class="empty">No triggers written down yet.</p>
      ) : (
        <ul class="card-list" aria-label="Our triggers">
          {items.map((item) => (
            <TriggerCard key={item.id} item={item} workbook={workbook} me={me} />
          ))}
        </ul>
      )}
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
}

function TriggerForm({ heading, submitLabel, initial, onSubmit, onCancel }: FormProps) {
  const [input, setInput] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof TriggerInput) => (value: string) => setInput({ ...input, [field]: value });

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
    <form class={onCancel ? 'edit-form' : 'card add-form'} onSubmit={submit} aria-label={heading} noValidate>
      {!onCancel && <h3>{heading}</h3>}
      <TextField label="The trigger" hint="What sets it off, in neutral words." value={input.trigger} onInput={set('trigger')} error={errors.trigger} />
      <TextField label="What tends to happen" multiline rows={2} value={input.whatHappens} onInput={set('whatHappens')} error={errors.whatHappens} />
      <TextField
        label="The response we agreed"
        multiline
        rows={2}
        value={input.agreedResponse}
        onInput={set('agreedResponse')}
        error={errors.agreedResponse}
      />
      <div class="card-actions">
        <button type="submit" class="button-primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button-quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function TriggerCard({ item, workbook, me }: { item: TriggerItem; workbook: Workbook; me: PartnerId }) {
  const [editing, setEditing] = useState(false);
  return (
    <li class="card trigger-card" aria-label={`Trigger: ${item.trigger}`}>
      <p class="byline">Written by {authorName(workbook, me, item.createdBy)}</p>
      {editing ? (
        <TriggerForm
          heading={`Edit trigger: ${item.trigger}`}
          submitLabel="Save changes"
          initial={{ trigger: item.trigger, whatHappens: item.whatHappens, agreedResponse: item.agreedResponse }}
          onSubmit={(input) => {
            const refused = attemptWrite(() => workbook.triggers.update(item.id, me, input));
            if (!refused) setEditing(false);
            return refused;
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <ol class="flow">
            <li>
              <span class="flow-label">Trigger</span>
              <p class="flow-text">{item.trigger}</p>
            </li>
            <li>
              <span class="flow-label">What tends to happen</span>
              <p class="flow-text">{item.whatHappens || <span class="not-yet">Not written yet</span>}</p>
            </li>
            <li>
              <span class="flow-label">Our agreed response</span>
              <p class="flow-text">{item.agreedResponse || <span class="not-yet">Not agreed yet</span>}</p>
            </li>
          </ol>
          <div class="card-actions">
            <button type="button" class="button-quiet" onClick={() => setEditing(true)} aria-label={`Edit trigger: ${item.trigger}`}>
              Edit
            </button>
            <ConfirmButton
              label="Remove"
              ariaLabel={`Remove trigger: ${item.trigger}`}
              question="Remove this trigger for both of you?"
              onConfirm={() => workbook.triggers.remove(item.id, me)}
            />
          </div>
        </>
      )}
    </li>
  );
}
