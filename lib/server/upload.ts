// Receives an uploaded bundle into a temporary file without holding it in memory: multipart
// (field "file", for scripts and forms) or a raw body with the name in `?name=` (the browser's
// progress-reporting upload). Refuses bodies over the limit while they stream (TOO_LARGE); a
// malformed or interrupted body is INVALID_INPUT.
import 'server-only';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError } from '@/lib/errors';
import { incomingPath, type StorageConfig } from '@/lib/ingest/storage';


export interface ReceivedFile {
  path: string;
  fileName: string;
  size: number;
}

function limitBytes(max: number, counter: { n: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.n += chunk.length;
      if (counter.n > max) done(new AppError('TOO_LARGE', `The file is larger than the upload limit of ${Math.round(max / 1024 / 1024)} MiB.`));
      else done(null, chunk);
    },
  });
}

export async function receiveUpload(request: Request, storage: StorageConfig, maxBytes: number): Promise<ReceivedFile> {
  if (!request.body) throw new AppError('INVALID_INPUT', 'The request has no body: send the bundle as multipart field "file".');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes + 1024 * 1024) throw new AppError('TOO_LARGE', `The file is larger than the upload limit of ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
  const type = request.headers.get('content-type') ?? '';
  const body = Readable.fromWeb(request.body as unknown as WebReadableStream);
  const counter = { n: 0 };

  if (!type.startsWith('multipart/form-data')) {
    const fileName = new URL(request.url).searchParams.get('name') ?? '';
    if (!fileName) throw new AppError('INVALID_INPUT', 'Name the file: ?name=trace-<timestamp>-<channel>.zip');
    const target = incomingPath(storage, fileName);
    try {
      await pipeline(body, limitBytes(maxBytes, counter), fs.createWriteStream(target, { mode: 0o600 }));
    } catch (error) {
      fs.rmSync(target, { force: true });
      throw error instanceof AppError ? error : new AppError('INVALID_INPUT', 'The upload was interrupted.');
    }
    return { path: target, fileName, size: counter.n };
  }

  return new Promise<ReceivedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': type }, limits: { files: 1, fileSize: maxBytes + 1, fields: 10 } });
    } catch {
      reject(new AppError('INVALID_INPUT', 'The multipart body is malformed.'));
      return;
    }
    let received: Promise<ReceivedFile> | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || received) {
        stream.resume();
        return;
      }
      const target = incomingPath(storage, info.filename || 'upload');
      received = pipeline(stream, limitBytes(maxBytes, counter), fs.createWriteStream(target, { mode: 0o600 }))
        .then(() => ({ path: target, fileName: info.filename ?? '', size: counter.n }))
        .catch((error) => {
          fs.rmSync(target, { force: true });
          throw error instanceof AppError ? error : new AppError('INVALID_INPUT', 'The upload was interrupted.');
        });
      received.catch(() => {});
    });
    parser.on('error', () => reject(new AppError('INVALID_INPUT', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (!received) reject(new AppError('INVALID_INPUT', 'No file: send the bundle as multipart field "file".'));
      else received.then(resolve, reject);
    });
    body.on('error', () => reject(new AppError('INVALID_INPUT', 'The upload was interrupted.')));
    body.pipe(parser);
  });
}
