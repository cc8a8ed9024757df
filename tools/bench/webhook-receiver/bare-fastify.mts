// A ceiling for the receiver on this machine: fastify answering 200 to every POST /webhook with
// nothing else to do (no signature check, no event, no Kafka). Load it as the receiver is loaded.
//   node tools/bench/webhook-receiver/bare-fastify.mts [port=18120]
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/webhook', async (_request, reply) => reply.code(200).send({ ok: true }));
await app.listen({ port: Number(process.argv[2] ?? 18120), host: '127.0.0.1' });
console.log(`listening on ${app.server.address() && JSON.stringify(app.server.address())}`);
