// The blob store the configuration names: an S3-compatible bucket when X400_S3_BUCKET is set,
// else the local bundle folder.
import type { Config } from '@/lib/env';
import type { BlobStore } from './blob-store';
import { FolderStore } from './folder-store';
import { S3Store } from './s3-store';

export type { BlobStore, StoredObject } from './blob-store';
export { MissingObjectError, isSafeObjectName } from './blob-store';
export { FolderStore } from './folder-store';
export { S3Store } from './s3-store';

const stores = new Map<string, BlobStore>();

export function blobStoreFromConfig(cfg: Pick<Config, 'bundleDir' | 's3'>): BlobStore {
  const key = cfg.s3 ? `s3|${cfg.s3.endpoint}|${cfg.s3.bucket}` : `folder|${cfg.bundleDir}`;
  let store = stores.get(key);
  if (!store) {
    store = cfg.s3 ? new S3Store(cfg.s3) : new FolderStore(cfg.bundleDir);
    stores.set(key, store);
  }
  return store;
}
