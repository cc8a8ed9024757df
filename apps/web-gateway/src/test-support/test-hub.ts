import type { HubEndpoint } from '../signalr/hub-types.js';
import { HubError } from '../signalr/protocol-error.js';

/** A hub for protocol tests: echo, add, a refusal, a crash, a push back to the caller, a client stream sum. */
export function testEndpoint(calls: unknown[][]): HubEndpoint<string> {
  return {
    path: '/hub',
    authenticate: ({ accessToken }) => (accessToken === 'good' ? 'alice' : null),
    open(client) {
      return {
        async invoke(target, args) {
          calls.push([target, ...args]);
          switch (target) {
            case 'Echo':
              return args[0];
            case 'Add':
              return (args[0] as number) + (args[1] as number);
            case 'Refuse':
              throw new HubError('refused: topic "x" is not allowed');
            case 'Crash':
              throw new Error('secret internals');
            case 'Push':
              client.send('Pushed', [client.principal, args[0]]);
              return undefined;
            case 'Flood': {
              // Pushes until the server refuses (a slow reader is disconnected) or `count` is reached.
              const payload = 'x'.repeat(args[1] as number);
              let sent = 0;
              while (sent < (args[0] as number) && client.send('Flooded', [payload])) sent++;
              return sent;
            }
            case 'Wait':
              return new Promise((resolve) => setTimeout(resolve, args[0] as number));
            case 'Sum': {
              let sum = 0;
              for await (const item of args[0] as AsyncIterable<number>) sum += item;
              return sum;
            }
            default:
              throw new HubError(`Unknown method '${target}'.`);
          }
        },
        closed() {
          calls.push(['closed']);
        },
      };
    },
  };
}
