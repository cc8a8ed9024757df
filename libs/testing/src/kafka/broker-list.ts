// Apart from broker.ts so that tools reading a broker list (npm run tail) do not pull in testcontainers.
/** `host:port` entries of a comma-separated list, blanks dropped. */
export function parseBrokerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
