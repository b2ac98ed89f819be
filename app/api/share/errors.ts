// The HTTP answer for a refused or failed share, shared by the share route handlers.
import { ForbiddenError } from '@/lib/auth/guard';
import { UserFacingError } from '@/lib/errors';
import { ShareError, type ShareErrorCode } from '@/lib/share/errors';

const STATUS: Record<ShareErrorCode, number> = {
  NOT_FOUND: 404,
  PURGED: 409,
  NO_CONSENT: 409,
  NO_FILE: 409,
  BAD_PASSPHRASE: 400,
  BAD_RECIPIENT: 400,
  CANNOT_SANITIZE: 422,
  EXPIRED: 410,
  NOT_READY: 409,
};

export function shareErrorResponse(error: unknown, what: string): Response {
  if (error instanceof ShareError) return Response.json({ error: error.message, code: error.code }, { status: STATUS[error.code] });
  if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
  // e.g. the stored file fails its integrity check: reported, not served
  if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: 409 });
  console.error(`${what} failed: ${error instanceof Error ? error.name : 'error'}`);
  return Response.json({ error: 'The share could not be handled (server error).' }, { status: 500 });
}
