/**
 * Renders the model's Markdown export as plain, printable HTML: headings, nested bullet and
 * numbered lists (steps stay an `<ol>`), block quotes and paragraphs, with **bold** and
 * _italic_. Only text nodes are created (no innerHTML), so whatever a partner wrote can never
 * become markup.
 *
 *   <MarkdownView markdown={workbook.toMarkdown({ viewer })} />
 */
import type { ComponentChildren, JSX } from 'preact';

/** A list keeps its nesting and its kind: a de-escalation script's steps print as an `<ol>`. */
interface List {
  ordered: boolean;
  items: ListItem[];
}
interface ListItem {
  text: string;
  sub?: List;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; list: List }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'paragraph'; lines: string[] };

/** Split Markdown text into blocks (a deliberately small subset: what the export produces). */
export function parseMarkdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const last = (): Block | undefined => blocks[blocks.length - 1];
  // The open lists of the current list block, outermost first, with the indent of their items.
  let open: { indent: number; list: List }[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^(\s*)(?:([-*])|\d+\.)\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    const prev = last();
    if (line.trim() === '') blocks.push({ kind: 'paragraph', lines: [] });
    else if (heading) blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    else if (item) {
      const indent = item[1]!.length;
      const entry: ListItem = { text: item[3]! };
      const ordered = item[2] === undefined;
      if (prev?.kind !== 'list') {
        const list: List = { ordered, items: [entry] };
        blocks.push({ kind: 'list', list });
        open = [{ indent, list }];
        continue;
      }
      while (open.length > 1 && open[open.length - 1]!.indent > indent) open.pop();
      const top = open[open.length - 1]!;
      const parent = top.list.items[top.list.items.length - 1];
      if (indent > top.indent && parent) {
        parent.sub ??= { ordered, items: [] };
        parent.sub.items.push(entry);
        open.push({ indent, list: parent.sub });
      } else top.list.items.push(entry);
    } else if (quote) {
      if (prev?.kind === 'quote') prev.lines.push(quote[1]!);
      else blocks.push({ kind: 'quote', lines: [quote[1]!] });
    } else if (prev?.kind === 'list' && /^\s/.test(line)) {
      // An indented line under an item continues it (a step or note written over several lines).
      const items = open[open.length - 1]!.list.items;
      const lastItem = items[items.length - 1]!;
      lastItem.text += ` ${line.trim()}`;
    } else if (prev?.kind === 'paragraph') prev.lines.push(line);
    else blocks.push({ kind: 'paragraph', lines: [line] });
  }
  return blocks.filter((b) => b.kind !== 'paragraph' || b.lines.length > 0);
}

function ListView({ list }: { list: List }) {
  const items = list.items.map((item, j) => (
    <li key={j}>
      {inline(item.text)}
      {item.sub && <ListView list={item.sub} />}
    </li>
  ));
  return list.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
}

/** **bold** and _italic_ / *italic* inside one line, as text nodes and elements. */
function inline(text: string): ComponentChildren {
  const parts: ComponentChildren[] = [];
  const pattern = /\*\*(.+?)\*\*|_(.+?)_|\*(.+?)\*/g;
  let at = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    if (m[1] !== undefined) parts.push(<strong>{m[1]}</strong>);
    else parts.push(<em>{m[2] ?? m[3]}</em>);
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** The Markdown without its leading `# Title` line (the page or file supplies its own title). */
export function withoutTitle(markdown: string): string {
  return markdown.replace(/^\s*# [^\n]*\n?/, '');
}

/** Headings are shifted down by `headingOffset` so the page keeps one h1. */
export function MarkdownView({ markdown, headingOffset = 1 }: { markdown: string; headingOffset?: number }) {
  return (
    <div class="markdown">
      {parseMarkdownBlocks(markdown).map((block, i) => {
        switch (block.kind) {
          case 'heading': {
            const Tag = `h${Math.min(6, block.level + headingOffset)}` as keyof JSX.IntrinsicElements;
            return <Tag key={i}>{inline(block.text)}</Tag>;
          }
          case 'list':
            return <ListView key={i} list={block.list} />;
          case 'quote':
            return <blockquote key={i}>{inline(block.lines.join(' '))}</blockquote>;
          case 'paragraph':
            return <p key={i}>{inline(block.lines.join(' '))}</p>;
        }
      })}
    </div>
  );
}
