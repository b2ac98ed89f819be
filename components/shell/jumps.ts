// "g" + letter shortcuts from the sidebar's items: plain data, computed on the server per role.

/** "g q" → { q: '/' }: the jumps of the sidebar items that carry a shortcut. */
export function jumpsFrom(items: { href: string; shortcut?: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const m = /^g (\w)$/.exec(item.shortcut ?? '');
    if (m) out[m[1]!] = item.href;
  }
  return out;
}
