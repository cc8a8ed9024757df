/**
 * Serves the sample API on 127.0.0.1 (PORT, default 4200) until Ctrl-C:
 *   cd apps/rest-poller && npm run sample-api
 */
import { createSampleApi } from './sample-api.js';

const port = Number(process.env['PORT'] ?? 4200);
const server = createSampleApi();
server.listen(port, '127.0.0.1', () => process.stderr.write(`sample-api: http://127.0.0.1:${port}/readings (ten newest readings, one a second; ?since=&until= for a window), POST /readings/search, POST /oauth/token (client sample/sample-secret), GET /secure/readings; Ctrl-C to stop\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
