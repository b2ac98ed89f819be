// A small, safe Markdown renderer for what engineers type on a ticket (mitigation steps,
// learnings): paragraphs, headings, lists, code blocks, inline code, bold, italics and links.
// Everything becomes React elements; no HTML from the text is ever rendered.
import type { ReactNode } from 'react';

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\((https?:\/\/[^\s)]+)\))/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const k = `${key}-${i++}`;
    if (m[1]) out.push(<code key={k} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]">{m[1].slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={k}>{m[2].slice(2, -2)}</strong>);
    else if (m[3]) out.push(<em key={k}>{m[3].slice(1, -1)}</em>);
    else if (m[4]) {
      const label = m[4].slice(1, m[4].indexOf(']'));
      out.push(<a key={k} href={m[5]} className="text-brand-600 underline" rel="noreferrer noopener" target="_blank">{label}</a>);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** One line of Markdown (inline code, bold, italics, links) inside running text: the error catalogue. */
export function InlineMarkdown({ text }: { text: string }) {
  return <>{inline(text, 'i')}</>;
}

export function Markdown({ text, className = '' }: { text: string; className?: string }) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const key = `b${i}`;
    if (/^```/.test(line)) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) code.push(lines[i++]);
      i++;
      blocks.push(<pre key={key} className="overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{code.join('\n')}</pre>);
    } else if (/^#{1,4}\s/.test(line)) {
      blocks.push(<p key={key} className="font-semibold text-slate-900">{inline(line.replace(/^#+\s/, ''), key)}</p>);
      i++;
    } else if (/^\s*([-*]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: ReactNode[] = [];
      while (i < lines.length && /^\s*([-*]|\d+[.)])\s+/.test(lines[i])) {
        items.push(<li key={i}>{inline(lines[i].replace(/^\s*([-*]|\d+[.)])\s+/, ''), `${key}-${i}`)}</li>);
        i++;
      }
      blocks.push(ordered ? <ol key={key} className="list-decimal space-y-0.5 pl-5">{items}</ol> : <ul key={key} className="list-disc space-y-0.5 pl-5">{items}</ul>);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^(```|#{1,4}\s|\s*([-*]|\d+[.)])\s+)/.test(lines[i])) para.push(lines[i++]);
      blocks.push(<p key={key}>{inline(para.join(' '), key)}</p>);
    }
  }
  return <div className={`space-y-2 text-sm text-slate-800 ${className}`}>{blocks}</div>;
}
