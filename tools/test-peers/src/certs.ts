/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1/localhost, made
 * with openssl for TLS tests (rtmps through nginx's stream module, our own TLS servers).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';

/** Paths of the generated PEM files. */
export interface TestCertificates {
  /** The CA certificate to trust (`ca` option). */
  caPath: string;
  /** Server certificate (signed by the CA) for CN/IP 127.0.0.1 and DNS localhost. */
  certPath: string;
  /** The server certificate's private key. */
  keyPath: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const result = await run('openssl', args, { cwd, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

/** Makes (once per directory) a CA and a server certificate signed by it. Needs openssl. */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  mkdirSync(dir, { recursive: true });
  const paths = {
    caPath: join(dir, 'ca.pem'),
    certPath: join(dir, 'cert.pem'),
    keyPath: join(dir, 'key.pem'),
  };
  if (existsSync(paths.certPath)) return paths;
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=rtmp test CA',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
    ],
    dir,
  );
  await openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      'key.pem',
      '-out',
      'server.csr',
    ],
    dir,
  );
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '3650',
      '-extfile',
      'ext.cnf',
      '-out',
      'cert.pem',
    ],
    dir,
  );
  return paths;
}
