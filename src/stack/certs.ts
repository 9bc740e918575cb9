// Self-signed certificate without prompts (docs/reference/test-environment.md §4), for STARTTLS on c2s.
// P-256 instead of RSA 2048: same result for Prosody and clients, and generated in milliseconds.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export function makeCertificate(
  certFile: string,
  keyFile: string,
  names: readonly string[],
  ip: string,
): void {
  mkdirSync(certFile.slice(0, certFile.lastIndexOf('/')), { recursive: true });
  const san = [...names.map((n) => `DNS:${n}`), `IP:${ip}`].join(',');
  const res = spawnSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-days', '3650', '-subj', `/CN=${names[0] ?? ip}`, '-addext', `subjectAltName=${san}`],
      ...['-keyout', keyFile, '-out', certFile],
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) {
    throw new Error(`openssl could not make a certificate: ${res.error?.message ?? res.stderr.trim()}`);
  }
}
