import type { Logger } from './logger.js';

/**
 * The one shutdown signal of a connector. SIGTERM/SIGINT, a fatal error (`fail`), an uncaught
 * exception or a job that finished each start the same stop, once; the source sees `signal`
 * abort. A second SIGTERM/SIGINT ends the process at once, and a stop that overruns its
 * `hardLimitMs` ends it with exit code 1: it never hangs.
 */
export class ShutdownSignal {
  private readonly controller = new AbortController();
  private stopFn: (() => Promise<number>) | undefined;
  private result: Promise<number> | undefined;
  private resolveStopped!: (code: number) => void;
  private readonly done = new Promise<number>((resolve) => (this.resolveStopped = resolve));
  private firstFailure: Error | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly hardLimitMs: () => number,
    private readonly exitNow: (code: number) => void,
    source: NodeJS.EventEmitter = process,
  ) {
    for (const name of ['SIGTERM', 'SIGINT'] as const) {
      source.on(name, () => {
        if (this.stopping) {
          logger.warn({ signal: name }, `second ${name}: exiting now, without waiting for Kafka`);
          this.exitNow(130);
          return;
        }
        logger.info({ signal: name }, 'stopping: no new input; flushing what is buffered');
        this.requestStop();
      });
    }
    source.on('uncaughtException', (err: Error) => this.fail(err));
    source.on('unhandledRejection', (reason: unknown) => this.fail(reason instanceof Error ? reason : new Error(String(reason))));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  /** The first error that stopped the connector, if one did. */
  get failure(): Error | undefined {
    return this.firstFailure;
  }

  onStop(stop: () => Promise<number>): void {
    this.stopFn = stop;
  }

  requestStop(): void {
    if (this.result) return;
    this.controller.abort();
    const hard = setTimeout(() => {
      this.logger.error({ limitMs: this.hardLimitMs() }, 'stopping took too long; exiting now');
      this.exitNow(1);
    }, this.hardLimitMs());
    hard.unref();
    this.result = (this.stopFn ?? (async () => 1))().then(
      (code) => code,
      (err: unknown) => {
        this.logger.error({ err }, 'stopping failed');
        return 1;
      },
    );
    void this.result.then((code) => {
      clearTimeout(hard);
      this.resolveStopped(code);
    });
  }

  /** Stops the connector with `error` as the reason for exit code 1 (logged unless `quiet`). */
  fail(error: Error, options: { quiet?: boolean } = {}): void {
    if (!this.firstFailure) {
      this.firstFailure = error;
      if (!options.quiet) this.logger.error({ err: error }, `stopping after an error: ${error.message}`);
    }
    this.requestStop();
  }

  /** The exit code, once stopping is done. */
  stopped(): Promise<number> {
    return this.done;
  }
}
