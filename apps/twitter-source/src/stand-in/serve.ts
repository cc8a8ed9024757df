import { XApiStandIn } from './x-api-stand-in.js';

// `npm run x-api-stand-in`: the X API stand-in for trying the app without an X account.
// STAND_IN_PORT (4100), STAND_IN_TOKEN ("dev-token"), STAND_IN_RATE posts/s (5), STAND_IN_POSTS (unset: forever).
const env = process.env;
const perSecond = Number(env['STAND_IN_RATE'] ?? 5);
const standIn = new XApiStandIn({ bearerToken: env['STAND_IN_TOKEN'] ?? 'dev-token' });
// STAND_IN_POSTS=N (the fault suite, tools/fault): posts 1..N at STAND_IN_RATE on the first
// connection, then the stream stays open and silent, so whoever counts knows exactly what was sent.
const posts = env['STAND_IN_POSTS'];
if (posts !== undefined) standIn.script({ steps: [{ generate: { from: 1, count: Number(posts), perSecond } }, { stall: true }] });
else for (let i = 0; i < 1000; i++) standIn.script({ steps: [{ live: { perSecond } }] });
const url = await standIn.start(Number(env['STAND_IN_PORT'] ?? 4100));
process.stdout.write(`X API stand-in on ${url} (bearer token "${env['STAND_IN_TOKEN'] ?? 'dev-token'}", ${perSecond} posts/s)\n`);
process.once('SIGINT', () => void standIn.stop());
process.once('SIGTERM', () => void standIn.stop());
