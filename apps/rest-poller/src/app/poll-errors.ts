/** Why a page could not be used; each is logged with the (redacted) URL and status, and counted by kind. */
export type PollFailureKind = 'network' | 'status' | 'too-large' | 'too-deep' | 'not-json' | 'wrong-shape' | 'link-refused' | 'auth';

export class PollFailure extends Error {
  readonly code = 'POLL_FAILED';
  readonly retriable = true;

  /** `url` must already be redacted: it is logged. */
  constructor(
    readonly kind: PollFailureKind,
    message: string,
    readonly url: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PollFailure';
  }
}

/** A response body or record whose shape does not fit the endpoint's settings. */
export class ShapeError extends Error {
  readonly code = 'RESPONSE_SHAPE';
  readonly retriable = false;
}

/** A bad record stopped the connector (BAD_RECORD_POLICY=fail): this poll commits nothing. */
export class PollStopped extends Error {
  readonly code = 'POLL_STOPPED';
  readonly retriable = false;
  constructor() {
    super('the poll stopped at a bad record (BAD_RECORD_POLICY=fail); nothing of it was committed');
  }
}
