import { unzipSync } from 'fflate';
import type { PortalApi } from './portal-api.js';

/** The workspace's CA certificate (PEM) from its certificates zip, or undefined when it has none. */
export async function fetchWorkspaceCertificate(api: PortalApi, workspaceId: string): Promise<string | undefined> {
  const response = await api.get(`/workspaces/${encodeURIComponent(workspaceId)}/certificates`, [200, 204]);
  if (response.status === 204 || response.body.length === 0) return undefined;
  const files = unzipSync(new Uint8Array(response.body), { filter: (file) => file.name === 'ca.cert' });
  const ca = files['ca.cert'];
  return ca ? Buffer.from(ca).toString('utf8') : undefined;
}
