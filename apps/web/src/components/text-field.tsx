/**
 * One labelled text input or textarea with its hint and its validation message underneath,
 * wired together by id (`aria-describedby`, `aria-invalid`) so a screen reader reads them as one.
 *
 *   <TextField label="Trigger" value={trigger} onInput={setTrigger} error={errors.trigger} />
 *   <TextField label="Evidence" multiline rows={3} hint="Optional." value={e} onInput={setE} />
 *   <TextField label="Note" multiline value={note} onInput={setNote} draftKey="inbox/add/text" />
 *
 * With `draftKey`, what is typed is kept as a draft in the encrypted local store until it is sent
 * (use-draft.ts). Every field takes its direction from its text (`dir="auto"`), so Hebrew or
 * Arabic reads right to left; a multi-line field grows to fit what is written.
 */
import { useId } from 'preact/hooks';
import type { JSX } from 'preact';
import { FieldError } from './field-error.js';
import { useDraft } from './use-draft.js';

interface Props {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  /** Extra class on the wrapping `.field` (e.g. `grow`). */
  class?: string;
  onKeyDown?: (event: JSX.TargetedKeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  onBlur?: () => void;
  onFocus?: () => void;
  type?: 'text' | 'date' | 'time';
  autocomplete?: string;
  /** Keep unsent text under this key in the encrypted local store (unique per form field). */
  draftKey?: string | undefined;
  /** The text with nothing unsent (default: the value the field started with). */
  savedValue?: string | undefined;
}

/** A labelled field with an optional hint and an error message next to it. */
export function TextField(props: Props) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  useDraft(props.draftKey, props.value, props.onInput, props.savedValue);
  const common = {
    id,
    dir: props.multiline || (props.type ?? 'text') === 'text' ? ('auto' as const) : undefined,
    value: props.value,
    placeholder: props.placeholder,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
    onKeyDown: props.onKeyDown,
    onBlur: props.onBlur,
    onFocus: props.onFocus,
    // Names the field steadily (ids follow the layout): quick-hide's "Back" finds it by this.
    'data-draft-key': props.draftKey,
  };
  return (
    <div class={`field${props.class ? ` ${props.class}` : ''}`}>
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea
          {...common}
          rows={props.rows ?? 3}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autocomplete={props.autocomplete ?? 'off'}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {errorId && <FieldError id={errorId} message={props.error} />}
    </div>
  );
}
