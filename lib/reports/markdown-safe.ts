// Text from tickets and customer bundles written into Markdown exports: readers render the file
// (wikis, previewers), so it must not carry raw HTML or links with a script scheme.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeHtml = (s: string) => s.replace(/[&<>]/g, (c) => HTML[c]!);
const SAFE_SCHEME = /^(https?|mailto):/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const isUnsafeDestination = (dest: string) => HAS_SCHEME.test(dest.replace(/[\u0000-\u0020]+/g, '')) && !SAFE_SCHEME.test(dest.trim());

/** One line of plain text (a table cell, a heading): no HTML, no Markdown syntax, no line breaks. */
export function markdownText(s: string): string {
  return escapeHtml(s)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]()!#|~]/g, (c) => `\\${c}`);
}

/** Markdown written by an engineer (learnings): formatting is kept, raw HTML is shown as text, and
 * a link or reference whose destination has a scheme other than http(s)/mailto is not a link. */
export function markdownBlock(s: string): string {
  return escapeHtml(s)
    .replace(/\]\(\s*([^)\s]*)/g, (whole, dest: string) => (isUnsafeDestination(dest) ? whole.replace('](', ']\\(') : whole))
    .replace(/^(\s{0,3})\[([^\]\n]+)\]:[ \t]*(\S+)/gm, (whole, indent: string, label: string, dest: string) => (isUnsafeDestination(dest) ? `${indent}\\[${label}]: ${dest}` : whole));
}
