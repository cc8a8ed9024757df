// The REST stand-in of the rest-poller benchmark, in its own process so that its CPU is not
// counted: every GET answers three fresh records. Prints its port on stdout.
import { createServer } from 'node:http';

let n = 0;
const server = createServer((req, res) => {
  n += 1;
  const body = JSON.stringify({
    data: [0, 1, 2].map((i) => ({ id: `${n}-${i}`, temp: 20 + i, ok: i % 2 === 0, site: { name: 'bench', floor: i } })),
  });
  res.writeHead(200, { 'content-type': 'application/json', etag: `"${n}"` });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
