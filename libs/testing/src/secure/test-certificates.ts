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
  /**
   * The same, for a certificate signed by the same CA that names only `broker.example.invalid`:
   * a broker reached at 127.0.0.1 with it fails hostname verification, and only that.
   */
  wrongNameKeystoreFile: string;
  remove(): Promise<void>;
}

/** A throwaway CA and server certificates (for 127.0.0.1 / localhost, and for another name), made with openssl. */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'quix-connectors-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (args: string[]) => runTool('openssl', args, { timeoutMs: 60_000 });
  const newCa = (name: string) =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at(`${name}.key`), '-out', at(`${name}.pem`), '-days', '2', '-subj', `/CN=${name}`]);

  /** A key and a certificate naming `san`, signed by the test CA, in one PEM keystore file. */
  const serverKeystore = async (name: string, commonName: string, san: string) => {
    await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', `/CN=${commonName}`]);
    await writeFile(at(`${name}-san.cnf`), `subjectAltName=${san}\n`);
    await openssl(['x509', '-req', '-in', at(`${name}.csr`), '-CA', at('test-ca.pem'), '-CAkey', at('test-ca.key'), '-CAcreateserial', '-out', at(`${name}.pem`), '-days', '2', '-extfile', at(`${name}-san.cnf`)]);
    const [key, cert, ca] = await Promise.all([`${name}.key`, `${name}.pem`, 'test-ca.pem'].map((f) => readFile(at(f), 'utf8')));
    const file = at(`${name}-keystore.pem`);
    await writeFile(file, key + cert + ca);
    return file;
  };

  await newCa('test-ca');
  await newCa('other-ca');
  const keystoreFile = await serverKeystore('server', 'localhost', 'IP:127.0.0.1,DNS:localhost');
  const wrongNameKeystoreFile = await serverKeystore('wrong-name', 'broker.example.invalid', 'DNS:broker.example.invalid');
  const [caPem, otherCaPem] = await Promise.all(['test-ca.pem', 'other-ca.pem'].map((f) => readFile(at(f), 'utf8')));
  return { dir, caPem, caFile: at('test-ca.pem'), otherCaPem, keystoreFile, wrongNameKeystoreFile, remove: () => rm(dir, { recursive: true, force: true }) };
}
