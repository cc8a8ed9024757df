// Input for the local stack's two HTTP sources (docker/compose.yaml), which publish only what
// they are sent: every FEED_INTERVAL_MS (2000) one JSON webhook to WEBHOOK_URL, and one row to
// GATEWAY_URL, a web-gateway Writer API route (.../streams/<id>/parameters/data). A refused
// request is logged with its status and body; the feed goes on, so a source that recovers gets
// data again.
const intervalMs = Number(process.env.FEED_INTERVAL_MS ?? 2000);
const targets = [
  // A webhook is any JSON body: webhook-receiver stores it as an event.
  ['webhook-receiver', process.env.WEBHOOK_URL, (s) => s],
  // One time series row: millisecond timestamps are accepted (the gateway reads them as such).
  ['web-gateway', process.env.GATEWAY_URL, (s) => ({ timestamps: [s.time], numericValues: { n: [s.n], temperature: [s.temperature] } })],
].filter(([, url]) => url);
if (targets.length === 0 || !(intervalMs > 0)) {
  console.error('demo-feed: set WEBHOOK_URL and/or GATEWAY_URL, and FEED_INTERVAL_MS > 0');
  process.exit(2);
}

async function send(name, url, body) {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) console.error(`demo-feed: ${name} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  } catch (err) {
    console.error(`demo-feed: ${name} unreachable: ${err.cause?.message ?? err.message}`);
  }
}
let n = 0;
async function tick() {
  n += 1;
  const sample = { source: 'demo-feed', n, time: Date.now(), temperature: Math.round((20 + Math.sin(n / 10)) * 100) / 100 };
  await Promise.all(targets.map(([name, url, bodyOf]) => send(name, url, bodyOf(sample))));
  if (n === 1 || n % 30 === 0) console.log(`demo-feed: ${n} rounds sent to ${targets.map(([name]) => name).join(' and ')}`);
}
const timer = setInterval(tick, intervalMs);
void tick();
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => { clearInterval(timer); process.exit(0); });
