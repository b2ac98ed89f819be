// Parses docs/errors.md (the single source of truth for X400-NNNN codes and X.411 NDR codes) for
// the CLI, the engine's metrics and the console's /errors page. Read at runtime, cached.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ErrorCodeEntry {
  code: string;
  title: string;
  family: string;
  meaning: string;
  causes: string;
  remediation: string;
  /** HTML id for the code's section: the code itself, e.g. `X400-2102`. */
  anchor: string;
}

export interface NdrCodeEntry {
  code: number;
  name: string;
  meaning: string;
  remediation: string;
}

export interface BundleProblemEntry {
  code: string;
  meaning: string;
}

export interface ErrorCatalogue {
  codes: ErrorCodeEntry[];
  ndrReasons: NdrCodeEntry[];
  ndrDiagnostics: NdrCodeEntry[];
  problems: BundleProblemEntry[];
}

const FAMILY = /^##\s+Family:\s*(.+?)\s*$/;
const CODE = /^###\s+(X400-\d{4})\s+[—–-]+\s+(.+?)\s*$/;
const FIELD = /^\*\*(Meaning|Likely causes|Remediation):\*\*\s*(.*)$/;
const SECTION = /^##\s+(.+?)\s*$/;

function tableCells(line: string): string[] | null {
  if (!line.startsWith('|')) return null;
  const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim());
  if (cells.every((c) => /^:?-+:?$/.test(c))) return null;
  return cells;
}

export function parseErrorCatalogue(markdown: string): ErrorCatalogue {
  const cat: ErrorCatalogue = { codes: [], ndrReasons: [], ndrDiagnostics: [], problems: [] };
  let family = '';
  let section = '';
  let current: ErrorCodeEntry | null = null;
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    let m: RegExpExecArray | null;
    if ((m = FAMILY.exec(line))) { family = m[1]; section = 'family'; current = null; continue; }
    if ((m = CODE.exec(line))) {
      current = { code: m[1], title: m[2], family, meaning: '', causes: '', remediation: '', anchor: m[1] };
      cat.codes.push(current);
      continue;
    }
    if (line.startsWith('## ') && (m = SECTION.exec(line))) {
      const title = m[1].toLowerCase();
      section = title.includes('reason') ? 'reasons' : title.includes('diagnostic') ? 'diagnostics' : title.includes('problem') ? 'problems' : 'other';
      current = null;
      continue;
    }
    if (current && (m = FIELD.exec(line))) {
      const key = m[1] === 'Meaning' ? 'meaning' : m[1] === 'Likely causes' ? 'causes' : 'remediation';
      current[key] = m[2];
      continue;
    }
    const cells = tableCells(line);
    if (!cells) continue;
    if ((section === 'reasons' || section === 'diagnostics') && /^\d+$/.test(cells[0]) && cells.length >= 4) {
      const entry = { code: Number(cells[0]), name: cells[1], meaning: cells[2], remediation: cells[3] };
      (section === 'reasons' ? cat.ndrReasons : cat.ndrDiagnostics).push(entry);
    } else if (section === 'problems' && /^[A-Z_]+$/.test(cells[0]) && cells.length >= 2) {
      cat.problems.push({ code: cells[0], meaning: cells[1] });
    }
  }
  return cat;
}

let cached: { path: string; catalogue: ErrorCatalogue } | null = null;

/** Path of docs/errors.md, from X400_APP_ROOT or the working directory. */
export function errorCataloguePath(): string {
  // turbopackIgnore: a computed path would make Turbopack trace the whole project folder
  return join(/*turbopackIgnore: true*/ process.env.X400_APP_ROOT ?? process.cwd(), 'docs', 'errors.md');
}

/** The parsed catalogue (read once per path). Throws when docs/errors.md cannot be read. */
export function loadErrorCatalogue(path = errorCataloguePath()): ErrorCatalogue {
  if (cached && cached.path === path) return cached.catalogue;
  const catalogue = parseErrorCatalogue(readFileSync(path, 'utf8'));
  cached = { path, catalogue };
  return catalogue;
}

/** Like loadErrorCatalogue, but an empty catalogue when the file is missing (metrics still work). */
export function tryLoadErrorCatalogue(): ErrorCatalogue {
  try {
    return loadErrorCatalogue();
  } catch {
    return { codes: [], ndrReasons: [], ndrDiagnostics: [], problems: [] };
  }
}
