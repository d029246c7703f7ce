/**
 * A form that sends once per intent, however fast the clicks: while its submit handler runs
 * (sync or async) a second submit is ignored, and after a submit that went through, further
 * submits are ignored until the person changes something in the form or a moment has passed, so
 * a double or triple click makes one item and never a "write something first" error for the
 * click that came after. The submit buttons are disabled while an async submit runs. Drafts of
 * the fields inside (use-draft.ts) are forgotten once the form was sent.
 *
 * A button marked `data-discard-draft` (an edit form's Cancel) forgets the drafts on purpose.
 *
 * A submit "went through" unless the handler returned `false` or, once the screen has caught up,
 * the form shows a refusal (a field marked invalid or an alert): the handlers already show every
 * refusal in words, so they need no other signal.
 *
 *   <OnceForm class="card add-form" onSubmit={submit} aria-label="Add a note" noValidate>…</OnceForm>
 */
import type { ComponentChildren, JSX } from 'preact';
import { useContext, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DraftScopeContext, DraftsContext, type DraftScope } from './draft-book.js';

/** How long after a sent submit a repeated one counts as the same click burst. */
const SAME_INTENT_MS = 1_000;

type FormProps = Omit<JSX.FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'children' | 'ref'>;

interface Props extends FormProps {
  /** The form's own handler; `false` (or a promise of it) means refused. */
  onSubmit: (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => unknown;
  children: ComponentChildren;
}

/** A `<form>` whose submit runs once per intent and forgets its drafts once sent. */
export function OnceForm({ onSubmit, children, onInput, onChange, ...rest }: Props) {
  const book = useContext(DraftsContext);
  const keys = useRef(new Set<string>());
  const scope = useMemo<DraftScope>(() => ({ add: (key) => keys.current.add(key) }), []);
  const state = useRef<'idle' | 'running' | 'sent'>('idle');
  const sentAt = useRef(0);
  const [running, setRunning] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const disabledByUs = useRef<HTMLButtonElement[]>([]);

  useLayoutEffect(() => {
    // The buttons are the section's children: disable them where they are while a submit runs,
    // and give back only those this form disabled.
    if (running) {
      const buttons = Array.from(formRef.current?.querySelectorAll<HTMLButtonElement>('button[type="submit"]') ?? []);
      disabledByUs.current = buttons.filter((button) => !button.disabled);
      for (const button of disabledByUs.current) button.disabled = true;
      return;
    }
    for (const button of disabledByUs.current) button.disabled = false;
    disabledByUs.current = [];
  }, [running]);

  const rearm = (): void => {
    if (state.current === 'sent') state.current = 'idle';
  };

  const settle = (form: HTMLFormElement, result: unknown): void => {
    // After the handler's own render: a refusal is on the screen by then, in words.
    setTimeout(() => {
      const refused =
        result === false || (form.isConnected && form.querySelector('[aria-invalid="true"], [role="alert"]') !== null);
      if (refused) {
        state.current = 'idle';
        return;
      }
      state.current = 'sent';
      sentAt.current = Date.now();
      for (const key of keys.current) book?.delete(key);
    }, 0);
  };

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (state.current === 'sent' && Date.now() - sentAt.current >= SAME_INTENT_MS) state.current = 'idle';
    if (state.current !== 'idle') return;
    state.current = 'running';
    const form = event.currentTarget;
    const result = onSubmit(event);
    if (!(result instanceof Promise)) {
      settle(form, result);
      return;
    }
    setRunning(true);
    result.then(
      (value: unknown) => {
        setRunning(false);
        settle(form, value);
      },
      (err: unknown) => {
        setRunning(false);
        state.current = 'idle';
        throw err;
      },
    );
  };

  const discardOnCancel = (event: JSX.TargetedMouseEvent<HTMLFormElement>): void => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target?.closest('[data-discard-draft]')) return;
    for (const key of keys.current) book?.delete(key);
  };

  return (
    <form
      {...rest}
      onClickCapture={discardOnCancel}
      ref={formRef}
      onSubmit={submit}
      aria-busy={running || undefined}
      onInput={(event) => {
        rearm();
        onInput?.(event);
      }}
      onChange={(event) => {
        rearm();
        onChange?.(event);
      }}
    >
      <DraftScopeContext.Provider value={scope}>{children}</DraftScopeContext.Provider>
    </form>
  );
}
