/**
 * Renders a narrative perspective (a Y.XmlFragment in y-prosemirror's layout, using the node and
 * mark names of prosemirror-schema-basic and -list) to plain text and to Markdown, for export
 * and for the side-by-side read-only view. Unknown nodes render their children, so content
 * from a richer editor is never dropped.
 *
 *   const { text, markdown } = renderFragment(workbook.narrative.perspectiveFragment(part, me));
 */
import * as Y from 'yjs';
import { escapeMarkdown } from './markdown-text.js';

/** A fragment rendered both ways. */
export interface RenderedFragment {
  text: string;
  markdown: string;
}

type Mode = 'text' | 'markdown';

/** Renders a y-prosemirror fragment to plain text and to Markdown. */
export function renderFragment(fragment: Y.XmlFragment): RenderedFragment {
  return { text: renderBlocks(fragment, 'text'), markdown: renderBlocks(fragment, 'markdown') };
}

function renderBlocks(parent: Y.XmlFragment | Y.XmlElement, mode: Mode): string {
  const blocks: string[] = [];
  for (const child of parent.toArray()) {
    const block = renderBlock(child, mode);
    if (block.trim().length > 0) blocks.push(block);
  }
  return blocks.join('\n\n');
}

function renderBlock(node: Y.XmlElement | Y.XmlText | Y.XmlHook, mode: Mode): string {
  if (node instanceof Y.XmlText) return renderText(node, mode);
  if (!(node instanceof Y.XmlElement)) return '';
  switch (node.nodeName) {
    case 'paragraph':
      return renderInline(node, mode);
    case 'heading': {
      const level = Number(node.getAttribute('level') ?? 1);
      const hashes = '#'.repeat(Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1);
      return mode === 'markdown' ? `${hashes} ${renderInline(node, mode)}` : renderInline(node, mode);
    }
    case 'bullet_list':
    case 'ordered_list':
      return renderList(node, mode);
    case 'blockquote': {
      const inner = renderBlocks(node, mode);
      return mode === 'markdown' ? inner.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') : inner;
    }
    case 'code_block': {
      const code = plainText(node);
      return mode === 'markdown' ? `\`\`\`\n${code.replace(/```/g, '\\`\\`\\`')}\n\`\`\`` : code;
    }
    case 'horizontal_rule':
      return mode === 'markdown' ? '---' : '';
    default:
      // Unknown inline-holding nodes still carry the person's words: keep them.
      return node.toArray().some((c) => c instanceof Y.XmlText) ? renderInline(node, mode) : renderBlocks(node, mode);
  }
}

function renderList(list: Y.XmlElement, mode: Mode): string {
  const ordered = list.nodeName === 'ordered_list';
  const start = Number(list.getAttribute('order') ?? 1);
  let n = Number.isInteger(start) ? start : 1;
  const lines: string[] = [];
  for (const item of list.toArray()) {
    if (!(item instanceof Y.XmlElement)) continue;
    const marker = ordered ? `${n++}.` : '-';
    const body = item.nodeName === 'list_item' ? renderBlocks(item, mode) : renderBlock(item, mode);
    const pad = ' '.repeat(marker.length + 1);
    const [first = '', ...rest] = body.split('\n');
    lines.push(`${marker} ${first}`, ...rest.map((l) => (l ? pad + l : l)));
  }
  return lines.join('\n');
}

function renderInline(node: Y.XmlElement, mode: Mode): string {
  let out = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out += renderText(child, mode);
    else if (child instanceof Y.XmlElement && child.nodeName === 'hard_break') out += mode === 'markdown' ? '\\\n' : '\n';
    else if (child instanceof Y.XmlElement) out += renderInline(child, mode);
  }
  return out;
}

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

function renderText(text: Y.XmlText, mode: Mode): string {
  let out = '';
  for (const op of text.toDelta() as DeltaOp[]) {
    if (typeof op.insert !== 'string') continue;
    if (mode === 'text') {
      out += op.insert;
      continue;
    }
    const attrs = op.attributes ?? {};
    const bold = 'strong' in attrs || 'bold' in attrs;
    const italic = 'em' in attrs || 'italic' in attrs;
    const code = 'code' in attrs;
    // Emphasis markers must hug the words, so surrounding spaces stay outside them.
    const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(op.insert);
    const [lead, core, trail] = [match?.[1] ?? '', match?.[2] ?? op.insert, match?.[3] ?? ''];
    if (!core) {
      out += op.insert;
      continue;
    }
    let md = code ? `\`${core.replace(/`/g, '\\`')}\`` : escapeMarkdown(core);
    if (italic) md = `*${md}*`;
    if (bold) md = `**${md}**`;
    out += lead + md + trail;
  }
  return out;
}

function plainText(node: Y.XmlElement): string {
  return node
    .toArray()
    .map((c) => (c instanceof Y.XmlText ? renderText(c, 'text') : c instanceof Y.XmlElement ? plainText(c) : ''))
    .join('');
}
