import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export interface CorsSettings {
  /** Origins whose pages may call (`*`: any). Empty: no CORS headers, so browsers refuse cross-origin calls. */
  origins: readonly string[];
  /** Request headers a page may send; undefined: whatever the preflight asks for (from allowed origins only). */
  allowedHeaders?: readonly string[];
  /** Response headers a page may read besides the safelisted ones. */
  exposedHeaders?: readonly string[];
  /** Cookies and HTTP auth may go with cross-origin calls (the origin is then echoed, never `*`). */
  credentials?: boolean;
}

/** True when a page of `origin` may call: it is one of `origins`, or `origins` has `*`. */
export function originAllowed(origins: readonly string[], origin: string): boolean {
  return origins.includes('*') || origins.includes(origin);
}

/** CORS for `http`'s routes, preflights included, for the configured origins only (one implementation for every app). */
export async function registerCors(http: FastifyInstance, settings: CorsSettings): Promise<void> {
  await http.register(cors, {
    // No Origin header: not a browser's cross-origin call, nothing to add.
    origin: (origin, done) => done(null, origin === undefined || originAllowed(settings.origins, origin)),
    ...(settings.allowedHeaders ? { allowedHeaders: [...settings.allowedHeaders] } : {}),
    ...(settings.exposedHeaders ? { exposedHeaders: [...settings.exposedHeaders] } : {}),
    credentials: settings.credentials ?? false,
  });
}
