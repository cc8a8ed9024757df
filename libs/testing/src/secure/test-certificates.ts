import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../kafka/run-tool.ts';

export interface TestCertificates {
  dir: string;
  /** The CA that signed the broker's certificate. */
  caPem: string;
  caFile: string;
  /** A CA that signed nothing here: trusting only it must fail the TLS handshake. */
  otherCaPem: string;
  /** Broker key (PKCS#8) and certificate chain in one PEM file, as Kafka's PEM keystore takes it. */
  keystoreFile: string;
  remove(): Promise<void>;
}

/** A throwaway CA and a server certificate for 127.0.0.1 / localhost, made with openssl. */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'quix-connectors-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (args: string[]) => runTool('openssl', args, { timeoutMs: 60_000 });
  const newCa = (name: string) =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at(`${name}.key`), '-out', at(`${name}.pem`), '-days', '2', '-subj', `/CN=${name}`]);

  await newCa('test-ca');
  await newCa('other-ca');
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=localhost']);
  await writeFile(at('san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(['x509', '-req', '-in', at('server.csr'), '-CA', at('test-ca.pem'), '-CAkey', at('test-ca.key'), '-CAcreateserial', '-out', at('server.pem'), '-days', '2', '-extfile', at('san.cnf')]);

  const [caPem, otherCaPem, serverKey, serverCert] = await Promise.all(
    ['test-ca.pem', 'other-ca.pem', 'server.key', 'server.pem'].map((f) => readFile(at(f), 'utf8')),
  );
  const keystoreFile = at('server-keystore.pem');
  await writeFile(keystoreFile, serverKey + serverCert + caPem);
  return { dir, caPem, caFile: at('test-ca.pem'), otherCaPem, keystoreFile, remove: () => rm(dir, { recursive: true, force: true }) };
}
