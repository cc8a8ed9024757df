/** The app's version; user-agent.spec.ts checks it equals package.json's. */
export const VERSION = '0.0.1';

/** `quix-connectors-twitter-source/<version>`, as X's docs ask clients to identify themselves. */
export function userAgent(): string {
  return `quix-connectors-twitter-source/${VERSION} node/${process.versions.node}`;
}
