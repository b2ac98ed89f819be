// The build's compile hints (scripts/build-app.mjs): every client chunk starts with V8's
// `allFunctionsCalledOnLoad` comment, once, and still runs; a source map beside it follows the code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { addCompileHints, COMPILE_HINT, shiftSourceMap } from '../../scripts/build-app.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function distWith(files: Record<string, string>): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-hints-'));
  dirs.push(dist);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dist, 'static', 'chunks', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dist;
}
const chunk = (dist: string, name: string) => fs.readFileSync(path.join(dist, 'static', 'chunks', name), 'utf8');

describe('addCompileHints', () => {
  it('prepends the hint to each JavaScript chunk, nested ones too, and leaves other files alone', () => {
    const dist = distWith({
      'a.js': 'globalThis.answer = (function () { return 42; })();\n//# sourceMappingURL=a.js.map',
      'pages/b.js': 'globalThis.b = 1;',
      'c.css': 'body{margin:0}',
    });
    expect(addCompileHints(dist)).toBe(2);
    expect(chunk(dist, 'a.js').split('\n')[0]).toBe(COMPILE_HINT);
    expect(chunk(dist, 'pages/b.js')).toBe(`${COMPILE_HINT}\nglobalThis.b = 1;`);
    expect(chunk(dist, 'c.css')).toBe('body{margin:0}');
    // The chunk still runs, and its sourceMappingURL stays its last line.
    const context = vm.createContext({});
    vm.runInContext(chunk(dist, 'a.js'), context);
    expect(context.answer).toBe(42);
    expect(chunk(dist, 'a.js').endsWith('//# sourceMappingURL=a.js.map')).toBe(true);
  });

  it('is idempotent: a second pass changes nothing', () => {
    const dist = distWith({ 'a.js': 'let x = 1;' });
    addCompileHints(dist);
    expect(addCompileHints(dist)).toBe(0);
    expect(chunk(dist, 'a.js')).toBe(`${COMPILE_HINT}\nlet x = 1;`);
  });

  it('moves a source map beside a chunk one line down', () => {
    const dist = distWith({ 'a.js': 'let x = 1;', 'a.js.map': JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' }) });
    addCompileHints(dist);
    expect(JSON.parse(chunk(dist, 'a.js.map')).mappings).toBe(';AAAA');
  });

  it('shifts sectioned (index) source maps by their offsets', () => {
    const map = { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: { mappings: 'AAAA' } }, { offset: { line: 5, column: 2 }, map: { mappings: 'AACA' } }] };
    expect(shiftSourceMap(map).sections.map((s) => s.offset)).toEqual([{ line: 1, column: 0 }, { line: 6, column: 2 }]);
  });

  it('does nothing without a build', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-hints-'));
    dirs.push(dist);
    expect(addCompileHints(dist)).toBe(0);
  });
});
