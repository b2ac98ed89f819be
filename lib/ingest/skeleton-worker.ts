// The skeleton thread (started by skeleton-thread.ts): builds, previews and compresses a parse's
// timeline skeleton from the columns it was started with, posts them back once, and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { buildSkeletonFiles, type SkeletonColumns } from './skeleton';

// Copied, not transferred: a small gzip output may sit in Node's shared buffer pool.
parentPort!.postMessage(buildSkeletonFiles(workerData as SkeletonColumns));
