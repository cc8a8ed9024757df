import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, readCommitted } from '@quix-connectors/testing/tools';
import type { RestartableBroker } from '@quix-connectors/testing/tools';
import type { MessageFormat } from '@quix-connectors/message-schema';
import { startApp, waitUntilReady } from './app-process.js';
import type { AppProcess } from './app-process.js';
import type { CaseKind, CaseResult, ExitResult } from './case-result.js';
import { decodeMessages } from './decode-records.js';
import { DownProbe } from './down-probe.js';
import type { Driver } from './drivers/driver.js';

export interface SuiteTiming {
  /** Steady load before the kill. */
  warmupMs: number;
  /** Load after the broker answers again, before the SIGTERM. */
  recoveryMs: number;
  /** term-while-down: SIGTERM this long after the kill. */
  termAfterMs: number;
  shutdownTimeoutMs: number;
}

export interface SuiteContext {
  broker: RestartableBroker;
  format: MessageFormat;
  runDir: string;
  timing: SuiteTiming;
  mainJs(app: string): string;
}

/** What a broker start usually takes here; only sizes the load, so that it outlasts the recovery. */
const RESTART_ALLOWANCE_MS = 15_000;

/** Sends SIGTERM (unless the app already ended) and waits for the exit, SIGKILL after the timeout + 30 s. */
async function terminate(app: AppProcess, timing: SuiteTiming, killedAt: number): Promise<ExitResult> {
  if (app.hasExited) {
    const { code, atMs } = await app.exited;
    return { by: 'itself', code, durationMs: undefined, sinceKillMs: atMs - killedAt };
  }
  const sent = Date.now();
  app.signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, timing.shutdownTimeoutMs + 30_000, 'timeout')));
  const ended = await Promise.race([app.exited, bound]);
  clearTimeout(timer);
  if (ended === 'timeout') {
    app.signal('SIGKILL');
    const { code, atMs } = await app.exited;
    return { by: 'killed', code, durationMs: atMs - sent, sinceKillMs: atMs - killedAt };
  }
  return { by: 'sigterm', code: ended.code, durationMs: ended.atMs - sent, sinceKillMs: ended.atMs - killedAt };
}

/**
 * One case: the app under steady load, the broker SIGKILLed, then either restarted after
 * `outageMs` and the app stopped with SIGTERM once it recovered (`outage`), or the app stopped
 * with SIGTERM `termAfterMs` into the outage (`term-while-down`). Then the topic is read back
 * (read_committed) and counted against what the app accepted.
 */
export async function runCase(suite: SuiteContext, driver: Driver, kind: CaseKind, outageMs: number): Promise<CaseResult> {
  const { broker, timing } = suite;
  const label = kind === 'outage' ? `${outageMs / 1000}s` : 'term-while-down';
  const dir = join(suite.runDir, `${driver.app}-${label}`);
  await mkdir(dir, { recursive: true });
  const topic = `fault-${driver.app}-${label}-${randomUUID().slice(0, 8)}`;
  const logFile = join(dir, 'app.log');
  const result: CaseResult = { app: driver.app, kind, outageMs, topic, job: driver.job, ...(kind === 'term-while-down' ? { termAfterMs: timing.termAfterMs } : {}) };
  const loadMs = timing.warmupMs + (kind === 'outage' ? outageMs + RESTART_ALLOWANCE_MS + timing.recoveryMs : timing.termAfterMs + 10_000);
  const load = await driver.load({ brokers: broker.brokers, topic, format: suite.format, dir, logFile, loadMs });
  const port = driver.job ? undefined : await freePort();
  const env: Record<string, string> = {
    KAFKA_BROKERS: broker.brokers.join(','),
    output: topic,
    QUIX_MESSAGE_FORMAT: suite.format,
    SHUTDOWN_TIMEOUT_MS: String(timing.shutdownTimeoutMs),
    LOG_LEVEL: 'info',
    ...(port === undefined ? {} : { PORT: String(port) }),
    ...load.env,
  };
  const app = startApp(suite.mainJs(driver.app), env, { port, logFile });
  try {
    await waitUntilReady(app, 60_000);
    await load.start(app);
    await sleep(timing.warmupMs);
    const probe = new DownProbe(app);
    await probe.beforeKill();
    await broker.kill();
    const killedAt = Date.now();
    probe.killed();
    if (kind === 'outage') {
      await sleep(outageMs);
      result.brokerRestartMs = await broker.restart();
      probe.brokerUp();
      await sleep(timing.recoveryMs);
      await load.finish('drain');
      result.probe = await probe.stop();
      result.exit = await terminate(app, timing, killedAt);
    } else {
      await sleep(timing.termAfterMs);
      // Readiness and RSS while down are what the app showed up to the SIGTERM.
      result.probe = await probe.stop();
      const finishing = load.finish('now');
      result.exit = await terminate(app, timing, killedAt);
      await finishing;
      result.brokerRestartMs = await broker.restart();
    }
    result.log = app.logStats();
    const messages = await readCommitted(broker.brokers, topic, { timeoutMs: 120_000 });
    const decoded = decodeMessages(messages, suite.format);
    result.controls = decoded.controls;
    result.undecodable = decoded.undecodable;
    result.tally = await load.tally(decoded, messages.length);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    if (!app.hasExited) app.signal('SIGKILL');
    await app.exited;
    await load.close().catch(() => undefined);
    if (!broker.running) result.brokerRestartMs ??= await broker.restart();
  }
  return result;
}
