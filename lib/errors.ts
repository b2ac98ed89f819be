// Failures a user should read (bad input, a guard, a missing record), as opposed to bugs.
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
