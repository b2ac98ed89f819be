// Problem codes a bundle can be refused with: stable strings that the CLI, the console and
// docs/errors.md ("Bundle problem codes") all share.

export type ProblemCode =
  | 'EMPTY_FILE'
  | 'NOT_A_ZIP'
  | 'TRUNCATED'
  | 'ARCHIVE_TOO_LARGE'
  | 'BAD_FILE_NAME'
  | 'ZIP_SLIP'
  | 'SYMLINK'
  | 'ENCRYPTED'
  | 'UNSUPPORTED_COMPRESSION'
  | 'DUPLICATE_ENTRY'
  | 'DIRECTORY_ENTRY'
  | 'NESTED_ARCHIVE'
  | 'ENTRY_TOO_LARGE'
  | 'TOTAL_TOO_LARGE'
  | 'ZIP_BOMB'
  | 'TOO_MANY_ENTRIES'
  | 'SIZE_MISMATCH'
  | 'CRC_MISMATCH'
  | 'CORRUPT_ENTRY'
  | 'MISSING_ENTRY'
  | 'MALFORMED_JSON'
  | 'JSON_TOO_DEEP'
  | 'METADATA_INVALID'
  | 'METADATA_MISMATCH'
  | 'NO_CONSENT'
  | 'SNAPSHOT_INVALID'
  | 'UNSUPPORTED_TRACE_FORMAT'
  | 'LOGS_INVALID'
  | 'IO_ERROR';

export interface Problem {
  code: ProblemCode;
  message: string;
  entry?: string;
  line?: number;
}

/** Thrown inside the engine to abort reading an entry; caught by inspectBundle, never escapes it. */
export class BundleProblem extends Error {
  readonly problem: Problem;
  constructor(code: ProblemCode, message: string, entry?: string, line?: number) {
    super(`${code}: ${message}`);
    this.problem = { code, message, ...(entry !== undefined ? { entry } : {}), ...(line !== undefined ? { line } : {}) };
  }
}
