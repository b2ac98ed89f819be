// Span rows of a parse, spooled to a scratch file in read order until the tree is laid out, so
// they are inserted once, with their position and depth, without an UPDATE pass over wide rows
// and without holding a million rows in memory. The rows are already redacted (spanDetails); the
// columns kept in memory for the tree and the skeleton are not spooled again.
// Format: per row, a u32 byte length, then each field: 0 null | 1 string (u32 length, UTF-8) |
// 2 number (f64).

import fs from 'node:fs';

export type SpoolField = string | number | null;

const BLOCK = 4 * 1024 * 1024;

export class SpanSpool {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(BLOCK);
  private at = 0;
  rows = 0;

  /** A new spool at `file` (emptied if it exists); `rows` > 0: the one another thread wrote there. */
  constructor(private readonly file: string, existingRows = 0) {
    this.fd = fs.openSync(file, existingRows > 0 ? 'r' : 'w+', 0o600);
    this.rows = existingRows;
  }

  /** Empties the spool, to be written again from its first row. */
  reset(): void {
    fs.ftruncateSync(this.fd, 0);
    this.at = 0;
    this.rows = 0;
  }

  /** Writes out what is buffered and closes the file, leaving it for another thread to read (see the constructor). */
  handOver(): number {
    this.flush();
    this.closed = true;
    fs.closeSync(this.fd);
    return this.rows;
  }

  private flush(): void {
    let off = 0;
    while (off < this.at) off += fs.writeSync(this.fd, this.buf, off, this.at - off);
    this.at = 0;
  }

  append(fields: readonly SpoolField[]): void {
    // Worst case: 3 bytes of UTF-8 per UTF-16 unit.
    let need = 4;
    for (const f of fields) need += typeof f === 'string' ? 5 + f.length * 3 : f === null ? 1 : 9;
    if (this.at + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    }
    const buf = this.buf;
    const start = this.at;
    let at = start + 4;
    for (const f of fields) {
      if (f === null) {
        buf[at++] = 0;
      } else if (typeof f === 'string') {
        buf[at] = 1;
        const n = buf.write(f, at + 5, 'utf8');
        buf.writeUInt32LE(n, at + 1);
        at += 5 + n;
      } else {
        buf[at] = 2;
        buf.writeDoubleLE(f, at + 1);
        at += 9;
      }
    }
    buf.writeUInt32LE(at - start - 4, start);
    this.at = at;
    this.rows++;
  }

  /** The rows in the order appended. */
  *read(): Generator<SpoolField[]> {
    this.flush();
    let pos = 0;
    let buf = Buffer.allocUnsafe(BLOCK);
    let have = 0;
    let at = 0;
    for (;;) {
      if (have - at < 4 || have - at < 4 + buf.readUInt32LE(at)) {
        // Move the partial record to the front and read more.
        buf.copy(buf, 0, at, have);
        have -= at;
        at = 0;
        if (have >= 4 && 4 + buf.readUInt32LE(0) > buf.length) {
          const bigger = Buffer.allocUnsafe(4 + buf.readUInt32LE(0));
          buf.copy(bigger, 0, 0, have);
          buf = bigger;
        }
        const n = fs.readSync(this.fd, buf, have, buf.length - have, pos);
        if (n === 0) {
          if (have !== 0) throw new Error('span spool: truncated record');
          return;
        }
        pos += n;
        have += n;
        continue;
      }
      const end = at + 4 + buf.readUInt32LE(at);
      let p = at + 4;
      const row: SpoolField[] = [];
      while (p < end) {
        const tag = buf[p];
        if (tag === 0) {
          row.push(null);
          p++;
        } else if (tag === 1) {
          const n = buf.readUInt32LE(p + 1);
          row.push(buf.toString('utf8', p + 5, p + 5 + n));
          p += 5 + n;
        } else {
          row.push(buf.readDoubleLE(p + 1));
          p += 9;
        }
      }
      at = end;
      yield row;
    }
  }

  private closed = false;

  /** Closes and removes the spool file (again: nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
    fs.rmSync(this.file, { force: true });
  }
}
