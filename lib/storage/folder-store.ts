// The embedded store: one file per bundle in a local folder, put in place by an atomic rename
// (a copy to a temporary name first when the file is on another filesystem).
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkObjectName, MissingObjectError, type BlobStore, type StoredObject } from './blob-store';

export class FolderStore implements BlobStore {
  readonly kind = 'folder' as const;
  readonly describe: string;

  constructor(readonly dir: string) {
    this.describe = `folder ${dir}`;
  }

  private file(name: string): string {
    return path.join(this.dir, checkObjectName(name));
  }

  async put(name: string, localFile: string): Promise<void> {
    const target = this.file(name);
    fs.mkdirSync(this.dir, { recursive: true });
    try {
      fs.renameSync(localFile, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const temp = path.join(this.dir, `.put-${randomUUID()}.partial`);
      try {
        await pipeline(fs.createReadStream(localFile), fs.createWriteStream(temp, { mode: 0o600 }));
        fs.renameSync(temp, target);
      } finally {
        fs.rmSync(temp, { force: true });
      }
    }
  }

  async get(name: string, localFile: string): Promise<void> {
    const source = this.file(name);
    try {
      await fs.promises.copyFile(source, localFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingObjectError(name);
      throw error;
    }
  }

  async read(name: string): Promise<Readable> {
    try {
      const handle = await fs.promises.open(this.file(name), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingObjectError(name);
      throw error;
    }
  }

  localPath(name: string): string {
    return this.file(name);
  }

  async exists(name: string): Promise<boolean> {
    return fs.existsSync(this.file(name));
  }

  async delete(name: string): Promise<void> {
    fs.rmSync(this.file(name), { force: true });
  }

  async *list(): AsyncIterable<StoredObject> {
    if (!fs.existsSync(this.dir)) return;
    for (const entry of fs.readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      try {
        const st = fs.statSync(path.join(this.dir, entry.name));
        yield { name: entry.name, size: st.size, modifiedAt: st.mtime };
      } catch {
        // removed meanwhile
      }
    }
  }

  async ready(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.accessSync(this.dir, fs.constants.W_OK);
  }
}
