// Issue #5: a TLS failure is its own ClientError code in Node, against real TLS endpoints on
// loopback. The endpoints never speak XMPP: every failure happens in the TLS handshake or in the
// certificate check that follows it. The browser side is in tests/e2e/web-app.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ClientError } from '../../src/client/index.js';
import type { Client } from '../../src/client/index.js';
import { makeCertificate } from '../../src/stack/certs.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor } from './client-support.js';

interface TlsEndpoint {
  url: string;
  cert: Buffer;
  server: Server;
}

let dir: string;
let prosody: ProsodyHandle;
const endpoints: TlsEndpoint[] = [];
const plain: HttpServer[] = [];
const clients: Client[] = [];

/** An HTTPS server with a WebSocket endpoint, its certificate made for `names` and `ip`. */
async function tlsEndpoint(label: string, names: readonly string[], ip: string): Promise<TlsEndpoint> {
  const certFile = `${dir}/${label}.pem`;
  const keyFile = `${dir}/${label}.key`;
  makeCertificate(certFile, keyFile, names, ip);
  const cert = readFileSync(certFile);
  const server = createServer({ cert, key: readFileSync(keyFile) });
  new WebSocketServer({ server });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const endpoint = { url: `wss://127.0.0.1:${port}/xmpp-websocket`, cert, server };
  endpoints.push(endpoint);
  return endpoint;
}

/** What xmpp.js constructs as the global `WebSocket` (its Socket.js). */
type SocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

/** `ws` with an extra trust anchor: what NODE_EXTRA_CA_CERTS does for a whole process. */
function trusting(ca: Buffer): SocketClass {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  };
}

/** Runs start() with `WebSocket` swapped for `socket` (xmpp.js looks the global up per connect). */
async function failure(client: Client, socket?: SocketClass) {
  const g = globalThis as { WebSocket?: unknown };
  const saved = g.WebSocket;
  if (socket) g.WebSocket = socket;
  try {
    const error = await client.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClientError);
    const { name, code, message } = error as ClientError;
    return { name, code, message, state: client.state };
  } finally {
    g.WebSocket = saved;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(`${tmpdir()}/jb-client-tls-`);
  prosody = await startProsody();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await Promise.all([...endpoints.map((e) => e.server), ...plain].map((s) => new Promise((r) => s.close(r))));
  await prosody?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clientAt = (service: string) => {
  const client = clientFor(prosody, 'alice', 'alicepass', { service, connectTimeoutMs: 1_000 });
  clients.push(client);
  return client;
};

describe('TLS failures in Node get code tls', () => {
  it('a self-signed certificate', async () => {
    const { url } = await tlsEndpoint('self-signed', ['localhost'], '127.0.0.1');
    expect(await failure(clientAt(url))).toEqual({
      name: 'ClientError',
      code: 'tls',
      message: `TLS connection to ${url} failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)`,
      state: 'failed',
    });
  });

  it('a trusted certificate made for another name', async () => {
    const { url, cert } = await tlsEndpoint('other-name', ['other.example'], '127.0.0.2');
    expect(await failure(clientAt(url), trusting(cert))).toEqual({
      name: 'ClientError',
      code: 'tls',
      message: `TLS connection to ${url} failed: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: 127.0.0.2 (ERR_TLS_CERT_ALTNAME_INVALID)`,
      state: 'failed',
    });
  });

  it('wss:// to a port that answers in plain HTTP (here Node http)', async () => {
    const server = createHttpServer((_req, res) => res.end('plain HTTP'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    plain.push(server);
    const url = `wss://127.0.0.1:${(server.address() as { port: number }).port}/xmpp-websocket`;
    // The server's "400 Bad Request" is read as a TLS record: OpenSSL's "wrong version number".
    expect(await failure(clientAt(url))).toEqual({
      name: 'ClientError',
      code: 'tls',
      message: `TLS connection to ${url} failed: wrong version number (EPROTO)`,
      state: 'failed',
    });
  });

  it("wss:// to Prosody's plain-HTTP port stalls: Node reports nothing, so it is a timeout", async () => {
    // Prosody's HTTP parser waits for the end of headers that a ClientHello never sends, so the
    // handshake hangs until our connect timeout; the message says the socket never opened.
    const url = `wss://127.0.0.1:${prosody.httpPort}/xmpp-websocket`;
    expect(await failure(clientAt(url))).toEqual({
      name: 'ClientError',
      code: 'unreachable',
      message: 'not online after 1000 ms: the WebSocket never opened',
      state: 'failed',
    });
  });

  it('control: the same self-signed certificate, trusted, gets past TLS (the endpoint then never answers)', async () => {
    const { url, cert } = await tlsEndpoint('trusted', ['localhost'], '127.0.0.1');
    expect(await failure(clientAt(url), trusting(cert))).toEqual({
      name: 'ClientError',
      code: 'unreachable',
      message: 'not online after 1000 ms',
      state: 'failed',
    });
  });
});
