// The bundle store and instance settings are read and checked once, with a message naming what is
// wrong; without them the console keeps its bundles in the local folder.
import { describe, expect, it } from 'vitest';
import { readConfig } from '@/lib/env';
import { blobStoreFromConfig } from '@/lib/storage';

const env = (extra: Record<string, string> = {}) => ({ X400_DATA_DIR: '/tmp/x400-config-test', ...extra }) as unknown as NodeJS.ProcessEnv;

describe('store settings', () => {
  it('default: the local bundle folder, scratch in the data folder', () => {
    const cfg = readConfig(env());
    expect(cfg.s3).toBeNull();
    expect(cfg.scratchDir).toBe('/tmp/x400-config-test/scratch');
    expect(blobStoreFromConfig(cfg).kind).toBe('folder');
  });

  it('X400_S3_*: an S3-compatible bucket, region us-east-1 unless given', () => {
    const cfg = readConfig(env({ X400_S3_BUCKET: 'x400-bundles', X400_S3_ENDPOINT: 'http://minio:9000', X400_S3_FORCE_PATH_STYLE: '1', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' }));
    expect(cfg.s3).toEqual({ endpoint: 'http://minio:9000', bucket: 'x400-bundles', region: 'us-east-1', forcePathStyle: true, accessKeyId: 'k', secretAccessKey: 's' });
    const store = blobStoreFromConfig(cfg);
    expect(store.kind).toBe('s3');
    expect(store.describe).toBe('s3 bucket x400-bundles at http://minio:9000'); // no credentials in messages
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => readConfig(env({ X400_S3_ENDPOINT: 'http://minio:9000' }))).toThrow('X400_S3_BUCKET');
    expect(() => readConfig(env({ X400_S3_BUCKET: 'Bad_Bucket' }))).toThrow('X400_S3_BUCKET is not a valid bucket name');
    expect(() => readConfig(env({ X400_S3_BUCKET: 'ok-bucket', X400_S3_ENDPOINT: 'minio:9000' }))).toThrow('X400_S3_ENDPOINT must be an http(s) URL');
    expect(() => readConfig(env({ X400_S3_BUCKET: 'ok-bucket', X400_S3_FORCE_PATH_STYLE: 'yes' }))).toThrow('X400_S3_FORCE_PATH_STYLE');
    expect(() => readConfig(env({ X400_S3_BUCKET: 'ok-bucket', AWS_ACCESS_KEY_ID: 'k' }))).toThrow('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(() => readConfig(env({ X400_INSTANCE_ID: 'a b' }))).toThrow('X400_INSTANCE_ID');
    expect(() => readConfig(env({ X400_INSTANCE_STALE_SECONDS: '1' }))).toThrow('X400_INSTANCE_STALE_SECONDS');
  });
});
