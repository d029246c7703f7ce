/**
 * Keep a field's unsent text as a draft (draft-book.ts): the first render takes the draft back
 * if there is one, and from then on every change is kept, until the text is what is saved again
 * (sent and cleared, or saved as it stands) or the form around it was sent.
 *
 *   const [text, setText] = useState('');
 *   useDraft('inbox/add/text', text, setText);                    // an add form: '' is "nothing unsent"
 *   useDraft(`vocabulary/${entry.id}/meaning`, draft, setDraft, mine); // an edit field: `mine` is saved
 */
import { useContext, useEffect, useRef } from 'preact/hooks';
import { DraftScopeContext, DraftsContext } from './draft-book.js';

/**
 * Mirror `value` into the draft `key`. `saved` is the text with nothing unsent (default: the
 * value the field started with). No key, or no open store, keeps no draft.
 */
export function useDraft(key: string | undefined, value: string, setValue: (text: string) => void, saved?: string): void {
  const book = useContext(DraftsContext);
  const scope = useContext(DraftScopeContext);
  const start = useRef(value);
  const restored = useRef<string>();
  const baseline = saved ?? start.current;

  // A passive effect, so it runs after the component's own effects of the first render (a field
  // that takes in saved text in an effect would otherwise overwrite the draft just restored).
  useEffect(() => {
    if (!book || key === undefined) return;
    scope?.add(key);
    const draft = book.get(key);
    if (draft === undefined || draft === baseline) {
      book.delete(key);
      return;
    }
    restored.current = draft;
    setValue(draft);
    // Only when the field (or its key) appears: later changes are the person's own typing, so
    // `value`, `baseline` and `setValue` are read here but deliberately not dependencies.
  }, [book, key]);

  useEffect(() => {
    if (!book || key === undefined) return;
    if (restored.current !== undefined) {
      // The render before the restored text arrives still holds the start value: keep the draft.
      if (value !== restored.current) return;
      restored.current = undefined;
    }
    if (value === baseline) book.delete(key);
    else book.set(key, value);
  }, [book, key, value, baseline]);
}

/**
 * Keep an editor open across a reload, quick-hide or a visit to another page, so the drafts of
 * its fields come back where they were typed. Closing it (saved or cancelled) forgets that.
 *
 *   const [editing, setEditing] = useState(false);
 *   useKeptOpen(`triggers/${item.id}/editing`, editing, setEditing);
 */
export function useKeptOpen(key: string, open: boolean, setOpen: (open: boolean) => void): void {
  useDraft(key, open ? 'open' : '', (text) => setOpen(text === 'open'), '');
}
