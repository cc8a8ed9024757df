/**
 * How a failure at start is said: one line naming what to check. Errors the connectors raise on
 * purpose (a stable `code`) need no stack trace; anything else keeps it, it is a bug.
 */
export function describeStartError(error: unknown, port: number): { message: string; expected: boolean } {
  const e = error as { code?: unknown; message?: unknown; port?: unknown };
  if (e?.code === 'EADDRINUSE') {
    return { message: `port ${port} is already in use: set PORT to a free port (or stop what listens on ${port})`, expected: true };
  }
  if (e?.code === 'EACCES' || e?.code === 'EADDRNOTAVAIL') {
    return { message: `cannot listen on port ${port} (${String(e.code)}): check PORT and HOST`, expected: true };
  }
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { message, expected: typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code) };
}
