import { UserFacingError } from '@/lib/errors';

/** An ingest or bundle operation refused for a reason the user should read. */
export class BundleError extends UserFacingError {
  constructor(
    message: string,
    readonly code: string = 'BUNDLE_ERROR',
  ) {
    super(message);
  }
}
