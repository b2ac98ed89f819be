// An S3-compatible store for tests: the npm package s3rver on loopback, one bucket, a fresh
// folder. Resolves to null (and the caller skips, saying why) when it cannot start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Store } from '@/lib/storage';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  store: S3Store;
  close(): Promise<void>;
}

export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3rver(port: number, bucket = 'x400-test'): Promise<TestS3 | null> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-s3rver-'));
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  try {
    await server.run();
  } catch (error) {
    console.warn(`s3rver could not start on 127.0.0.1:${port} (${(error as Error).message}): the S3 store tests are skipped`);
    fs.rmSync(directory, { recursive: true, force: true });
    return null;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const store = new S3Store({ endpoint, bucket, region: 'us-east-1', forcePathStyle: true, ...S3_CREDENTIALS });
  return {
    endpoint,
    bucket,
    store,
    close: async () => {
      store.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
