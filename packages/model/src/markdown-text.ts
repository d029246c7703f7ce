/**
 * Escaping of the couple's words for Markdown: text written in the workbook must stay text, so a
 * line starting with "#" or "-" does not become a heading or a list item of its own, and "*"
 * does not become emphasis.
 *
 *   escapeMarkdown('# not a heading'); // '\\# not a heading'
 */

/** Escapes inline Markdown syntax and line-start structure in every line of `text`. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^(\s*)([#>+=-]|\d+[.)])/, '$1\\$2'))
    .join('\n');
}

/** Escapes `text` and indents its continuation lines so it stays inside one list item. */
export function inlineMarkdown(text: string, indent = '    '): string {
  return escapeMarkdown(text).split('\n').join(`\n${indent}`);
}
