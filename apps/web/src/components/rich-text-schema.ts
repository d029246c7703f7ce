/**
 * The small ProseMirror schema the narrative is written in (paragraphs, one heading level,
 * bullet lists, bold and italic) and the commands the toolbar and keyboard use. Kept small on
 * purpose: the story is prose, and every node here must survive a round trip through Yjs.
 *
 *   const state = EditorState.create({ schema: richTextSchema, plugins });
 *   toggleMark(richTextSchema.marks.strong)(state, view.dispatch);
 *   isMarkActive(state, richTextSchema.marks.em); // for the toolbar's pressed state
 */
import { Schema, type MarkType, type NodeType } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import { lift, setBlockType, wrapIn } from 'prosemirror-commands';

/** Paragraphs, a heading, bullet lists; bold and italic. */
export const richTextSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      toDOM: () => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      defining: true,
      parseDOM: [{ tag: 'h4' }, { tag: 'h3' }, { tag: 'h2' }, { tag: 'h1' }],
      // h4: inside a section whose headings already go to h3.
      toDOM: () => ['h4', 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0],
    },
    list_item: {
      content: 'paragraph block*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    text: { group: 'inline' },
    hard_break: {
      inline: true,
      group: 'inline',
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: () => ['br'],
    },
  },
  marks: {
    strong: {
      parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
      toDOM: () => ['strong', 0],
    },
    em: {
      parseDOM: [{ tag: 'em' }, { tag: 'i' }],
      toDOM: () => ['em', 0],
    },
  },
});

const nodes = richTextSchema.nodes;

/** Is the mark on across the selection (or stored for the next typed text)? */
export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}

/** Is the cursor inside a block of this type (at any depth)? */
export function isInBlock(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type === type) return true;
  }
  return false;
}

/** Heading on/off for the current block. */
export const toggleHeading: Command = (state, dispatch) => {
  if (state.selection.$from.parent.type === nodes.heading) return setBlockType(nodes.paragraph)(state, dispatch);
  return setBlockType(nodes.heading)(state, dispatch);
};

/** Bullet list on/off: wraps the selected paragraphs in a list, or lifts them back out. */
export const toggleBulletList: Command = (state, dispatch) => {
  if (isInBlock(state, nodes.list_item)) return liftOutOfList(state, dispatch);
  return wrapIn(nodes.bullet_list)(state, dispatch);
};

/** Lifts the current paragraph out of its list item and list (repeating while it is nested). */
const liftOutOfList: Command = (state, dispatch) => lift(state, dispatch);

/**
 * Enter inside a list item: a new item after this one; on an empty item, leave the list (the
 * way every word processor behaves, so the list never traps the writer).
 */
export const splitListItem: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  if ($from.depth < 2 || !$from.sameParent($to)) return false;
  if ($from.node(-1).type !== nodes.list_item || $from.parent.type !== nodes.paragraph) return false;
  // Only the item's first paragraph splits the item; a later paragraph behaves as plain text.
  if ($from.index(-1) !== 0) return false;
  if ($from.parent.content.size === 0) return liftOutOfList(state, dispatch);
  if (dispatch) {
    const tr = state.tr.deleteSelection();
    tr.split(tr.selection.from, 2);
    dispatch(tr.scrollIntoView());
  }
  return true;
};
