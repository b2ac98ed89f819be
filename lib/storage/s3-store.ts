// The distributed store: an S3-compatible bucket (AWS S3, MinIO, s3rver in the tests). Uploads are
// multipart (lib-storage) and streamed from the local sealed file; reads stream into a scratch
// file. Conditional writes are not used: stores differ on them, and the database decides.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '@/lib/env';
import { checkObjectName, MissingObjectError, type BlobStore, type StoredObject } from './blob-store';

/** The bucket settings read by lib/env.ts, plus an optional key prefix inside the bucket. */
export interface S3StoreConfig extends S3Config {
  prefix?: string;
}

// The SDK takes ~0.25 s to load: it is imported on first use, so a process without a bucket (every
// embedded-mode command and server) never loads it.
let sdk: Promise<[typeof import('@aws-sdk/client-s3'), typeof import('@aws-sdk/lib-storage')]> | null = null;
const loadSdk = () => (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]));

const notFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

export class S3Store implements BlobStore {
  readonly kind = 's3' as const;
  readonly describe: string;
  private client: S3Client | null = null;
  private readonly prefix: string;

  constructor(private readonly cfg: S3StoreConfig) {
    this.prefix = cfg.prefix ?? 'bundles/';
    this.describe = `s3 bucket ${cfg.bucket}${cfg.endpoint ? ` at ${cfg.endpoint}` : ''}`;
  }

  /** The SDK's modules and this store's client, made on first use. */
  private async s3() {
    const [api, storage] = await loadSdk();
    const { cfg } = this;
    this.client ??= new api.S3Client({
      region: cfg.region,
      endpoint: cfg.endpoint ?? undefined,
      forcePathStyle: cfg.forcePathStyle,
      credentials: cfg.accessKeyId && cfg.secretAccessKey ? { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } : undefined,
      // Checksums on every request are a newer AWS default that older S3-compatible stores reject.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return { api, storage, client: this.client };
  }

  private key(name: string): string {
    return this.prefix + checkObjectName(name);
  }

  async put(name: string, localFile: string): Promise<void> {
    const { storage, client } = await this.s3();
    const upload = new storage.Upload({
      client,
      params: { Bucket: this.cfg.bucket, Key: this.key(name), Body: fs.createReadStream(localFile), ContentType: 'application/octet-stream' },
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(name: string, localFile: string): Promise<void> {
    const { api, client } = await this.s3();
    let body: Readable;
    try {
      const out = await client.send(new api.GetObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(name) }));
      body = out.Body as Readable;
    } catch (error) {
      if (notFound(error)) throw new MissingObjectError(name);
      throw error;
    }
    try {
      await pipeline(body, fs.createWriteStream(localFile, { mode: 0o600 }));
    } catch (error) {
      fs.rmSync(localFile, { force: true });
      throw error;
    }
  }

  async read(name: string): Promise<Readable> {
    const { api, client } = await this.s3();
    try {
      const out = await client.send(new api.GetObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(name) }));
      return out.Body as Readable;
    } catch (error) {
      if (notFound(error)) throw new MissingObjectError(name);
      throw error;
    }
  }

  localPath(): null {
    return null;
  }

  async exists(name: string): Promise<boolean> {
    const { api, client } = await this.s3();
    try {
      await client.send(new api.HeadObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(name) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    const { api, client } = await this.s3();
    await client.send(new api.DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(name) }));
  }

  async *list(): AsyncIterable<StoredObject> {
    const { api, client } = await this.s3();
    let token: string | undefined;
    do {
      const page = await client.send(new api.ListObjectsV2Command({ Bucket: this.cfg.bucket, Prefix: this.prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        yield { name: o.Key.slice(this.prefix.length), size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async ready(): Promise<void> {
    const { api, client } = await this.s3();
    try {
      await client.send(new api.HeadBucketCommand({ Bucket: this.cfg.bucket }));
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      if (status === 404) throw new Error(`the bucket ${this.cfg.bucket} does not exist (${this.describe})`);
      if (status === 403) throw new Error(`access to the bucket ${this.cfg.bucket} is denied: check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY`);
      throw new Error(`the object store does not answer (${this.describe}): ${e.name === 'Error' ? e.message : e.name}`);
    }
  }

  destroy(): void {
    this.client?.destroy();
    this.client = null;
  }
}
