// Why a share was refused, in words a lead can act on; `code` picks the HTTP status.
import { UserFacingError } from '@/lib/errors';

export type ShareErrorCode =
  | 'NOT_FOUND'
  | 'PURGED'
  | 'NO_CONSENT'
  | 'NO_FILE'
  | 'BAD_PASSPHRASE'
  | 'BAD_RECIPIENT'
  | 'CANNOT_SANITIZE'
  /** A share's download window ended (or its bundle was purged). */
  | 'EXPIRED'
  /** A share's file is not ready (still running, or failed). */
  | 'NOT_READY';

export class ShareError extends UserFacingError {
  constructor(
    message: string,
    readonly code: ShareErrorCode,
  ) {
    super(message);
  }
}
