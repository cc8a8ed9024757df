// The ceiling for the gateway benchmark: a bare `ws` server that echoes every message at once.
//   node tools/bench/web-gateway/ws-echo.mts <port>
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 18130);
const server = new WebSocketServer({ port, host: '127.0.0.1' });
server.on('connection', (socket) => socket.on('message', (message) => socket.send(message)));
server.on('listening', () => console.log(`ws-echo: listening on 127.0.0.1:${port}`));
