/**
 * A rich-text editor bound to one Y.XmlFragment through y-prosemirror, with a small toolbar
 * (bold, italic, heading, list) that follows the WAI-ARIA toolbar pattern: one tab stop, arrow
 * keys move between buttons, each button shows its pressed state. Undo/redo is Yjs's own, so it
 * undoes only this person's edits, never the partner's.
 *
 *   <RichTextEditor fragment={mine} label="What happened, in my words" />
 *   <RichTextView fragment={theirs} label="What happened, in Sam's words" />
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type * as Y from 'yjs';
import { useI18n, type MessageKey } from '../i18n.js';
import { DOMSerializer } from 'prosemirror-model';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap, toggleMark } from 'prosemirror-commands';
import { redo, undo, ySyncPlugin, yUndoPlugin, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import {
  isInBlock,
  isMarkActive,
  richTextSchema,
  splitListItem,
  toggleBulletList,
  toggleHeading,
} from './rich-text-schema.js';

const { marks, nodes } = richTextSchema;

interface ToolbarButton {
  label: MessageKey;
  shortcut?: string;
  command: Command;
  active: (state: EditorState) => boolean;
  /** What the button shows; the accessible name is `label`. */
  face: JSX.Element;
}

const BUTTONS: ToolbarButton[] = [
  {
    label: 'components.editor.bold',
    shortcut: 'Control+B',
    command: toggleMark(marks.strong),
    active: (s) => isMarkActive(s, marks.strong),
    face: <b>B</b>,
  },
  {
    label: 'components.editor.italic',
    shortcut: 'Control+I',
    command: toggleMark(marks.em),
    active: (s) => isMarkActive(s, marks.em),
    face: <i>I</i>,
  },
  {
    label: 'components.editor.heading',
    command: toggleHeading,
    active: (s) => s.selection.$from.parent.type === nodes.heading,
    face: <span>H</span>,
  },
  {
    label: 'components.editor.list',
    command: toggleBulletList,
    active: (s) => isInBlock(s, nodes.list_item),
    face: <span aria-hidden="true">• —</span>,
  },
];

function editorAttributes(id: string, label: string, describedBy: string | undefined): Record<string, string> {
  return {
    id,
    role: 'textbox',
    'aria-multiline': 'true',
    // Each paragraph also takes its own direction (styles.css: unicode-bidi: plaintext).
    dir: 'auto',
    'aria-label': label,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    class: 'rich-text-content',
  };
}

interface EditorProps {
  fragment: Y.XmlFragment;
  /** Accessible name of the editing area. */
  label: string;
  /** Id of a hint to read with the editor (aria-describedby). */
  describedBy?: string;
}

/** An editable rich-text area for the fragment, with its formatting toolbar. */
export function RichTextEditor({ fragment, label, describedBy }: EditorProps) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView>();
  const [state, setState] = useState<EditorState>();
  const [focusIndex, setFocusIndex] = useState(0);
  const buttonsRef = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();

  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView(host.current, {
      state: EditorState.create({
        schema: richTextSchema,
        plugins: [
          ySyncPlugin(fragment),
          yUndoPlugin(),
          keymap({
            'Mod-z': undo,
            'Mod-y': redo,
            'Mod-Shift-z': redo,
            'Mod-b': toggleMark(marks.strong),
            'Mod-i': toggleMark(marks.em),
            Enter: splitListItem,
          }),
          keymap(baseKeymap),
        ],
      }),
      attributes: editorAttributes(`${id}-editor`, label, describedBy),
      // `this`, not `view`: y-prosemirror dispatches while the view is still being constructed.
      dispatchTransaction(this: EditorView, tr) {
        const next = this.state.apply(tr);
        this.updateState(next);
        setState(next);
      },
    });
    viewRef.current = view;
    setState(view.state);
    return () => {
      viewRef.current = undefined;
      view.destroy();
    };
    // Label changes are applied by the effect below, without rebuilding the editor.
  }, [fragment, id]);

  useEffect(() => {
    // A partner's name may arrive while this person types: relabel, never rebuild.
    viewRef.current?.setProps({ attributes: editorAttributes(`${id}-editor`, label, describedBy) });
  }, [label, describedBy, id]);

  const run = (command: Command): void => {
    const view = viewRef.current;
    if (!view) return;
    command(view.state, view.dispatch);
    // Focusing an editor that has focus already would re-read the selection and drop the
    // stored mark just toggled (bold with nothing selected applies to what is typed next).
    if (!view.hasFocus()) view.focus();
  };

  const onToolbarKey = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>): void => {
    const last = BUTTONS.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: focusIndex === last ? 0 : focusIndex + 1,
      ArrowLeft: focusIndex === 0 ? last : focusIndex - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setFocusIndex(next);
    buttonsRef.current[next]?.focus();
  };

  return (
    <div class="rich-text">
      <div
        class="rich-text-toolbar"
        role="toolbar"
        aria-label={t('components.editor.toolbar', { label })}
        // Only once the editor exists (made in an effect): never point at an id not in the page.
        aria-controls={state ? `${id}-editor` : undefined}
        onKeyDown={onToolbarKey}
      >
        {BUTTONS.map((button, index) => {
          const pressed = state ? button.active(state) : false;
          const name = t(button.label);
          return (
            <button
              key={button.label}
              ref={(el) => {
                buttonsRef.current[index] = el;
              }}
              type="button"
              class="toolbar-button"
              tabIndex={index === focusIndex ? 0 : -1}
              aria-pressed={pressed}
              aria-label={name}
              aria-keyshortcuts={button.shortcut}
              title={button.shortcut ? t('components.editor.shortcut', { name, key: button.shortcut.replace('Control+', '') }) : name}
              // Keep the text selection: a mouse press must not move focus out of the editor.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setFocusIndex(index);
                run(button.command);
              }}
            >
              {button.face}
            </button>
          );
        })}
      </div>
      <div ref={host} class="rich-text-host" />
    </div>
  );
}

interface ViewProps {
  fragment: Y.XmlFragment;
  /** Accessible name of the read-only region. */
  label: string;
  /** Shown when the fragment is empty. */
  emptyText: string;
}

/**
 * The partner's words, read-only and live: rendered straight from the fragment through
 * ProseMirror's serializer, so nothing in this view can ever write to their text.
 */
export function RichTextView({ fragment, label, emptyText }: ViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(fragment.length === 0);

  useEffect(() => {
    const render = (): void => {
      const node = yXmlFragmentToProseMirrorRootNode(fragment, richTextSchema);
      const isEmpty = node.textContent.trim().length === 0;
      setEmpty(isEmpty);
      if (!host.current) return;
      host.current.replaceChildren(DOMSerializer.fromSchema(richTextSchema).serializeFragment(node.content));
    };
    render();
    fragment.observeDeep(render);
    return () => fragment.unobserveDeep(render);
  }, [fragment]);

  return (
    <div class="rich-text-view" role="group" aria-label={label}>
      {empty && <p class="not-yet">{emptyText}</p>}
      <div ref={host} class="rich-text-content" dir="auto" hidden={empty} />
    </div>
  );
}
