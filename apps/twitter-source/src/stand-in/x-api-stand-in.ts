import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { samplePost } from './sample-posts.js';

/** One scripted connection to the stream: an HTTP error, or steps written to a 200 response. */
export type Connection = { status: number; body: unknown } | { steps: Step[] } | { reset: true };

export type Step =
  | { posts: unknown[] } // one line each, written together
  | { lines: string[] } // raw lines as they are (malformed input), each ended with \r\n
  | { bytes: Buffer[] } // raw pieces as they are, one write each (cut anywhere, any line ends)
  | { split: unknown } // one post written in three pieces, cut inside multi-byte characters
  | { keepAlive: number }
  // samplePost(from..), as fast as the socket takes them, or paced in 10 ms ticks; prerender renders
  // every post before the first is sent, so a benchmark measures the client, not this server (the
  // response headers wait for it too: about 2 s for 300,000 posts).
  | { generate: { from: number; count: number; perWrite?: number; perSecond?: number; prerender?: boolean } }
  | { live: { perSecond: number } } // samplePost(1..) at this rate, a keep-alive each 20 s, until the client leaves
  | { stall: true } // nothing more: the connection stays open and silent until the client leaves
  | { cut: true } // half a line, then the socket is destroyed
  | { operationalDisconnect: true } // X's error message, then the response ends
  | { end: true };

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  userAgent?: string;
}

interface Rule {
  id: string;
  value: string;
  tag?: string;
}

export interface StandInOptions {
  bearerToken: string;
  /** Connections served in order; after the last, further connections stay open and silent. */
  connections?: Connection[];
}

/** X's 429 for an account whose monthly usage cap is reached (a problem of type usage-capped). */
export const USAGE_CAPPED = {
  title: 'UsageCapExceeded',
  detail: 'Usage cap exceeded: Monthly product cap',
  type: 'https://api.x.com/2/problems/usage-capped',
  period: 'Monthly',
  scope: 'Product',
};

/**
 * X's 402 for a pay-per-use account whose credits are used up. X's docs do not show this body; it
 * is what api.x.com answered in production in 2026 (reported in koala73/worldmonitor#7156).
 */
export const CREDITS_DEPLETED = {
  title: 'Payment Required',
  detail: 'credits depleted',
  type: 'https://api.x.com/2/problems/credits-depleted',
};

export const TOO_MANY_CONNECTIONS = {
  title: 'ConnectionException',
  detail: 'This stream is currently at the maximum allowed connection limit.',
  connection_issue: 'TooManyConnections',
  type: 'https://api.x.com/2/problems/streaming-connection',
};

export const OPERATIONAL_DISCONNECT = {
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: 'https://api.x.com/2/problems/operational-disconnect',
    },
  ],
};

/**
 * A local stand-in of the X API v2 filtered stream, faithful to the documented behaviour: bearer
 * auth, rules with validation errors and dry_run, rate-limit headers, and a scripted stream.
 * Used by the tests, the benchmark and `npm run x-api-stand-in`.
 */
export class XApiStandIn {
  readonly calls: Call[] = [];
  readonly rules = new Map<string, Rule>();
  /** Steps reached, as `<connection>:<step kind>` (e.g. "2:stall"), for tests to wait on. */
  readonly reached: string[] = [];
  connectionCount = 0;
  private nextRuleId = 1_900_000_000_000_000_000n;
  private readonly app: FastifyInstance = Fastify();
  private readonly open = new Set<FastifyReply>();
  private readonly connections: Connection[];
  url = '';

  constructor(private readonly options: StandInOptions) {
    this.connections = [...(options.connections ?? [])];
    this.routes();
  }

  async start(port = 0): Promise<string> {
    this.url = await this.app.listen({ port, host: '127.0.0.1' });
    return this.url;
  }

  async stop(): Promise<void> {
    for (const reply of this.open) reply.raw.destroy();
    await this.app.close();
  }

  /** Adds scripted connections at the end. */
  script(...connections: Connection[]): void {
    this.connections.push(...connections);
  }

  seedRule(value: string, tag?: string): Rule {
    const rule = { id: String(this.nextRuleId++), value, ...(tag === undefined ? {} : { tag }) };
    this.rules.set(rule.id, rule);
    return rule;
  }

  private routes(): void {
    this.app.addHook('onRequest', async (request, reply) => {
      this.calls.push({
        method: request.method,
        path: request.url.split('?')[0],
        query: request.query as Record<string, string>,
        userAgent: request.headers['user-agent'],
      });
      if (request.headers.authorization !== `Bearer ${this.options.bearerToken}`) {
        return reply.code(401).send({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      }
      reply.header('x-rate-limit-limit', '450').header('x-rate-limit-remaining', '449').header('x-rate-limit-reset', String(Math.floor(Date.now() / 1000) + 900));
    });
    this.app.addHook('preHandler', async (request) => {
      this.calls[this.calls.length - 1].body = request.body;
    });

    this.app.get('/2/tweets/search/stream/rules', async () => {
      const data = [...this.rules.values()];
      return data.length > 0 ? { data, meta: { sent: new Date().toISOString(), result_count: data.length } } : { meta: { sent: new Date().toISOString(), result_count: 0 } };
    });

    this.app.post('/2/tweets/search/stream/rules', async (request, reply) => {
      const dryRun = (request.query as Record<string, string>)['dry_run'] === 'true';
      const body = request.body as { add?: { value: string; tag?: string }[]; delete?: { ids?: string[]; values?: string[] } };
      const sent = new Date().toISOString();
      if (body.add) {
        const errors: unknown[] = [];
        const created: Rule[] = [];
        for (const rule of body.add) {
          const problem = validate(rule.value, [...this.rules.values()]);
          if (problem) errors.push({ value: rule.value, ...problem });
          else created.push(dryRun ? { id: '0', ...rule } : this.seedRule(rule.value, rule.tag));
        }
        const summary = { created: created.length, not_created: errors.length, valid: created.length, invalid: errors.length };
        return reply.code(201).send({ ...(created.length ? { data: created } : {}), meta: { sent, summary }, ...(errors.length ? { errors } : {}) });
      }
      const ids = body.delete?.ids ?? [];
      const values = body.delete?.values ?? [];
      let deleted = 0;
      const errors: unknown[] = [];
      for (const id of ids) {
        if (dryRun ? this.rules.has(id) : this.rules.delete(id)) deleted += 1;
        else errors.push({ id, title: 'Not Found Error', detail: 'Rule does not exist', type: 'https://api.x.com/2/problems/resource-not-found' });
      }
      for (const value of values) {
        const rule = [...this.rules.values()].find((r) => r.value === value);
        if (rule && (dryRun || this.rules.delete(rule.id))) deleted += 1;
        else errors.push({ value, title: 'Not Found Error', detail: 'Rule does not exist' });
      }
      return { meta: { sent, summary: { deleted, not_deleted: errors.length } }, ...(errors.length ? { errors } : {}) };
    });

    this.app.delete('/2/connections/all', async () => {
      for (const reply of this.open) reply.raw.destroy();
      return { data: { killed_connections: true } };
    });

    this.app.get('/2/tweets/search/stream', async (request, reply) => {
      const index = ++this.connectionCount;
      const connection = this.connections.shift() ?? { steps: [{ stall: true } as Step] };
      if ('status' in connection) return reply.code(connection.status).send(connection.body);
      if ('reset' in connection) {
        reply.hijack();
        request.raw.socket.destroy(); // a network error: no response at all
        return;
      }
      reply.hijack();
      const raw = reply.raw;
      this.open.add(reply);
      raw.on('close', () => this.open.delete(reply));
      raw.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      const write = (text: string | Buffer) =>
        new Promise<void>((resolve) => {
          if (raw.write(text)) return resolve();
          const done = () => {
            raw.off('drain', done);
            raw.off('close', done);
            resolve();
          };
          raw.on('drain', done);
          raw.on('close', done);
        });
      for (const step of connection.steps) {
        if (raw.destroyed) return;
        const kind = Object.keys(step)[0];
        this.reached.push(`${index}:${kind}`);
        if ('posts' in step) await write(step.posts.map((p) => `${JSON.stringify(p)}\r\n`).join(''));
        else if ('lines' in step) for (const line of step.lines) await write(`${line}\r\n`);
        else if ('bytes' in step) for (const piece of step.bytes) await write(piece);
        else if ('split' in step) {
          const bytes = Buffer.from(`${JSON.stringify(step.split)}\r\n`);
          const cuts = [Math.floor(bytes.length / 3), bytes.indexOf(Buffer.from('🐈')) + 2, bytes.length - 1].sort((a, b) => a - b);
          let from = 0;
          for (const at of [...cuts, bytes.length]) {
            await write(bytes.subarray(from, at));
            from = at;
            await new Promise((r) => setImmediate(r));
          }
        } else if ('keepAlive' in step) for (let i = 0; i < step.keepAlive; i++) await write('\r\n');
        else if ('generate' in step) {
          const { from, count, perSecond } = step.generate;
          const perWrite = perSecond === undefined ? (step.generate.perWrite ?? 200) : Math.max(1, Math.round(perSecond / 100));
          const render = (n: number) => {
            let chunk = '';
            for (let k = n; k < Math.min(from + count, n + perWrite); k++) chunk += `${JSON.stringify(samplePost(k))}\r\n`;
            return chunk;
          };
          const rendered = new Map<number, string>();
          if (step.generate.prerender) for (let n = from; n < from + count; n += perWrite) rendered.set(n, render(n));
          const started = performance.now();
          for (let n = from; n < from + count && !raw.destroyed; n += perWrite) {
            if (perSecond !== undefined) {
              const due = started + ((n - from) / perSecond) * 1000;
              const wait = due - performance.now();
              if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            }
            await write(rendered.get(n) ?? render(n));
            rendered.delete(n);
          }
        } else if ('live' in step) {
          let n = 0;
          let ticks = 0;
          while (!raw.destroyed) {
            for (let k = 0; k < step.live.perSecond; k++) await write(`${JSON.stringify(samplePost(++n))}\r\n`);
            if (++ticks % 20 === 0) await write('\r\n');
            await new Promise((r) => setTimeout(r, 1000));
          }
          return;
        } else if ('stall' in step) return;
        else if ('cut' in step) {
          await write('{"data":{"id":"half-a-post","text":"never fini');
          await new Promise((r) => setImmediate(r));
          raw.destroy();
          return;
        } else if ('operationalDisconnect' in step) {
          await write(`${JSON.stringify(OPERATIONAL_DISCONNECT)}\r\n`);
          raw.end();
          return;
        } else if ('end' in step) {
          raw.end();
          return;
        }
      }
    });
  }
}

/** X's reasons for rejecting a rule, for the cases the stand-in knows. */
function validate(value: string, existing: Rule[]): { title: string; details: string[]; type: string } | undefined {
  const invalid = (detail: string) => ({ title: 'UnprocessableEntity', details: [detail], type: 'https://api.x.com/2/problems/invalid-rules' });
  let depth = 0;
  for (const c of value) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  if (depth !== 0) return invalid('Rules must contain balanced parentheses.');
  if (value.length > 1024) return invalid(`Rule length is ${value.length}, maximum allowed is 1024.`);
  const operator = /(^|\s)-?([a-z_]+):/.exec(value);
  if (operator && !['has', 'is', 'lang', 'from', 'to', 'url', 'place', 'conversation_id'].includes(operator[2])) {
    return invalid(`There were errors processing your request: Reference to invalid operator '${operator[2]}'.`);
  }
  if (existing.some((r) => r.value === value)) return { title: 'DuplicateRule', details: [], type: 'https://api.x.com/2/problems/duplicate-rules' };
  return undefined;
}
