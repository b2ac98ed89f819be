// Where sealed (encrypted) bundle files are kept: one interface, a local folder (the embedded
// default) or an S3-compatible bucket (several instances). The store never decides duplicates or
// conflicts: object names are unique per upload and the database's unique keys pick the winner.
import type { Readable } from 'node:stream';

export interface StoredObject {
  name: string;
  size: number;
  modifiedAt: Date;
}

export interface BlobStore {
  readonly kind: 'folder' | 's3';
  /** Where the store is, for messages (never a credential). */
  readonly describe: string;
  /** Stores the local file under `name`; the local file may be moved away (the caller deletes it
   * afterwards either way). Replaces an object of the same name. */
  put(name: string, localFile: string): Promise<void>;
  /** Copies the object into `localFile` (a scratch path of this instance). Throws
   * MissingObjectError when there is none. */
  get(name: string, localFile: string): Promise<void>;
  /** The object as a stream (a download). Throws MissingObjectError when there is none. */
  read(name: string): Promise<Readable>;
  /** A path readable in place, when the store is a local folder (saves a copy); else null. */
  localPath(name: string): string | null;
  exists(name: string): Promise<boolean>;
  /** Idempotent: removing an absent object is not an error. */
  delete(name: string): Promise<void>;
  /** Every object (for the stray-object sweep). */
  list(): AsyncIterable<StoredObject>;
  /** Resolves when the store answers; rejects with a message saying what is wrong. */
  ready(): Promise<void>;
}

export class MissingObjectError extends Error {
  constructor(readonly objectName: string) {
    super(`the stored bundle file ${objectName} is missing`);
  }
}

/** Object names are file names: a bundle id, an optional upload tag, `.zip.enc`. */
export function isSafeObjectName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(name);
}

export function checkObjectName(name: string): string {
  if (!isSafeObjectName(name)) throw new Error(`not a stored bundle name: ${name}`);
  return name;
}
