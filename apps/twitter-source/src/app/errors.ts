export type TwitterSourceErrorCode =
  | 'X_AUTH' // 401/403: bad token or access level; retrying cannot help
  | 'X_HTTP' // another HTTP error from the X API
  | 'X_RULES_INVALID' // declared rules X rejects
  | 'X_RATE_LIMITED';

/** An error of twitter-source with a stable code, a message saying what to do, and whether retrying can help. */
export class TwitterSourceError extends Error {
  constructor(
    readonly code: TwitterSourceErrorCode,
    message: string,
    readonly retriable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TwitterSourceError';
  }
}

export function authError(status: number, body: string): TwitterSourceError {
  return new TwitterSourceError(
    'X_AUTH',
    status === 401
      ? `X API answered 401 Unauthorized: BEARER_TOKEN is wrong or revoked; set it to the app bearer token from developer.x.com (${body.slice(0, 300)})`
      : `X API answered 403 Forbidden: the app's access level does not include the filtered stream, or the app is not in a project (${body.slice(0, 300)})`,
    false,
    status,
  );
}
