/** Why a page could not be used; each is logged with the URL and status, and counted by kind. */
export type PollFailureKind = 'network' | 'status' | 'too-large' | 'not-json' | 'wrong-shape';

export class PollFailure extends Error {
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
