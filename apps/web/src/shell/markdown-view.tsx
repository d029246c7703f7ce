/**
 * Renders the model's Markdown export as plain, printable HTML: headings, bullet lists, block
 * quotes and paragraphs, with **bold** and _italic_. Only text nodes are created (no innerHTML),
 * so whatever a partner wrote can never become markup.
 *
 *   <MarkdownView markdown={workbook.toMarkdown({ viewer })} />
 */
import type { ComponentChildren, JSX } from 'preact';

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'paragraph'; lines: string[] };

/** Split Markdown text into blocks (a deliberately small subset: what the export produces). */
export function parseMarkdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const last = (): Block | undefined => blocks[blocks.length - 1];
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    const prev = last();
    if (line.trim() === '') blocks.push({ kind: 'paragraph', lines: [] });
    else if (heading) blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    else if (item) {
      if (prev?.kind === 'list') prev.items.push(item[1]!);
      else blocks.push({ kind: 'list', items: [item[1]!] });
    } else if (quote) {
      if (prev?.kind === 'quote') prev.lines.push(quote[1]!);
      else blocks.push({ kind: 'quote', lines: [quote[1]!] });
    } else if (prev?.kind === 'paragraph') prev.lines.push(line);
    else blocks.push({ kind: 'paragraph', lines: [line] });
  }
  return blocks.filter((b) => b.kind !== 'paragraph' || b.lines.length > 0);
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
            return (
              <ul key={i}>
                {block.items.map((text, j) => (
                  <li key={j}>{inline(text)}</li>
                ))}
              </ul>
            );
          case 'quote':
            return <blockquote key={i}>{inline(block.lines.join(' '))}</blockquote>;
          case 'paragraph':
            return <p key={i}>{inline(block.lines.join(' '))}</p>;
        }
      })}
    </div>
  );
}
