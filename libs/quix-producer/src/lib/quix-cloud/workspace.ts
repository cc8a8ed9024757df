import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PortalApi } from './portal-api.js';

interface WorkspaceEntry {
  workspaceId?: unknown;
}

/**
 * The workspace to connect to: `Quix__Workspace__Id` when set, else the only workspace the token
 * sees (`GET /workspaces`), as quixstreams does; an SDK token belongs to one environment, so it
 * lists one. quixstreams, given several, searches them for a known topic; a connector that creates
 * its topic when missing cannot tell which workspace that should be in, so it stops instead.
 */
export async function resolveWorkspaceId(api: PortalApi, given: string | undefined, logger: Logger): Promise<string> {
  if (given) return given;
  const listed = (await api.get('/workspaces')).json<unknown>();
  const ids = (Array.isArray(listed) ? (listed as WorkspaceEntry[]) : [])
    .map((w) => w?.workspaceId)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length === 1) {
    logger.info({ workspaceId: ids[0] }, 'Quix__Workspace__Id is not set: using the only workspace this SDK token sees');
    return ids[0] as string;
  }
  const seen = ids.length === 0 ? 'sees no workspace' : `sees ${ids.length} workspaces (${ids.join(', ')})`;
  throw new ProducerError(
    'WORKSPACE_NOT_DETERMINED',
    `Quix__Workspace__Id is not set and the Quix Portal API ${seen} for this SDK token: set Quix__Workspace__Id to the workspace (environment) id to publish to.`,
    false,
  );
}
