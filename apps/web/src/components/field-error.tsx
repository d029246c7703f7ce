/**
 * A validation message that sits right under its field and is tied to it by id, so screen
 * readers read it with the field (`aria-describedby`).
 *
 *   <input aria-describedby={errorId} aria-invalid={!!error} />
 *   <FieldError id={errorId} message={error} />
 */

/** The message for one field, or nothing. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {message}
    </p>
  );
}
