import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { toolPath } from './repo-paths.ts';
import { runTool } from './run-tool.ts';

/**
 * How Kafka runs from its Maven jars, shared by the one-shot broker (jar-broker.ts) and the one
 * a fault test kills and restarts (restartable-broker.ts): the same JVM, class path, logging,
 * storage format and supervisor.
 */
export interface JarRuntime {
  java: string;
  /** `<jars>/*`, the class path of both the storage tool and the broker. */
  classpath: string;
}

/** `java` (given, else `$JAVA_HOME/bin/java`, else from the PATH) and the cached jars (fetched when missing). */
export async function jarRuntime(java?: string): Promise<JarRuntime> {
  const javaHome = process.env['JAVA_HOME'];
  const jars = await runTool(toolPath('kafka', 'fetch-jars.sh'), [], { echoStderr: true });
  return {
    java: java ?? (javaHome ? join(javaHome, 'bin', 'java') : 'java'),
    classpath: join(jars, '*'),
  };
}

function jvmLogging(log4jFile: string): string[] {
  return [`-Dlog4j2.configurationFile=${log4jFile}`, '-Djava.awt.headless=true'];
}

/** `kafka-storage format --standalone`: a new single-node KRaft log dir for `clusterId`. */
export async function formatStorage(
  runtime: JarRuntime,
  files: { propsFile: string; log4jFile: string },
  clusterId: string,
  formatArgs: readonly string[] = [],
): Promise<void> {
  // Short-lived tool JVM: the C1 compiler alone and the serial GC start faster.
  await runTool(runtime.java, [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    ...jvmLogging(files.log4jFile),
    '-cp',
    runtime.classpath,
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    clusterId,
    '-c',
    files.propsFile,
    ...formatArgs,
  ]);
}

export interface SupervisedBroker {
  /** The supervisor (tools/kafka/supervise.sh); the java process is its child. */
  child: ChildProcess;
  /** The supervisor's exit code, once the broker has ended and `removeDir` is gone. */
  exited: Promise<number | null>;
}

/**
 * Starts `kafka.Kafka <propsFile>` under tools/kafka/supervise.sh, which ends the broker when
 * our end of its stdin closes (also when this process dies) and then deletes `removeDir`.
 */
export function spawnSupervisedBroker(
  runtime: JarRuntime,
  files: { propsFile: string; log4jFile: string; logFile: string; removeDir: string },
  heap = '512m',
): SupervisedBroker {
  const child = spawn(
    toolPath('kafka', 'supervise.sh'),
    [
      files.removeDir,
      files.logFile,
      runtime.java,
      `-Xmx${heap}`,
      ...jvmLogging(files.log4jFile),
      '-cp',
      runtime.classpath,
      'kafka.Kafka',
      files.propsFile,
    ],
    // Own process group: a Ctrl-C meant for the tests does not hit the broker mid-run.
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

/** The pid of the java process under a supervisor (signals go to it, never to the supervisor). */
export async function brokerJavaPid(supervisor: ChildProcess): Promise<number> {
  return Number(await runTool('pgrep', ['-P', String(supervisor.pid), '-x', 'java']));
}

/** Lets this process exit while the broker runs: stop(), or this process's own exit, ends it. */
export function unrefSupervisor(child: ChildProcess): void {
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
}

/**
 * Closes the supervisor's stdin, so that the broker gets SIGTERM (SIGKILL 5 s later), and waits
 * for it to end; after 15 s the whole process group is killed.
 */
export async function stopSupervisedBroker({ child, exited }: SupervisedBroker): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref();
  child.stdin?.end();
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 15_000, 'timeout').unref());
  if ((await Promise.race([exited, timeout])) === 'timeout' && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}
