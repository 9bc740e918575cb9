// The browser build of the client in real Chromium: @xmpp/client's `browser` entry has no SCRAM,
// so this proves ours (WebCrypto) logs in, and that the bundle carries no Node-only module.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { bundleClient } from '../support/client-page.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import type * as ClientLib from '../../src/client/index.js';

let prosody: ProsodyHandle;
let browser: Browser;
let page: Page;
let server: Server;

beforeAll(async () => {
  const [p, js] = await Promise.all([startProsody({ users: [['alice', 'alicepass']] }), bundleClient()]);
  prosody = p;
  // A real loopback origin: a page that Playwright fulfils itself counts as non-local, and
  // Chromium's Local Network Access checks then block its WebSocket to 127.0.0.1.
  server = createServer((req, res) => {
    if (req.url === '/client.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script src="/client.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await prosody?.stop();
});

interface LoginResult {
  state: string;
  jid?: string;
  mechanism?: string;
  code?: string;
  message?: string;
}

function login(password: string, mechanisms: string[], user = 'alice'): Promise<LoginResult> {
  return page.evaluate(
    async ({ service, jid, password, mechanisms }) => {
      const lib = (globalThis as unknown as { JingleBridgeClient: typeof ClientLib }).JingleBridgeClient;
      const client = lib.createClient({
        jid,
        password,
        service,
        mechanisms: mechanisms as Array<'PLAIN' | 'SCRAM-SHA-1' | 'SCRAM-SHA-256'>,
      });
      let mechanism: string | undefined;
      client.on('online', (o) => (mechanism = o.mechanism));
      try {
        await client.start();
        const result = { state: client.state, jid: client.jid ?? '', mechanism: mechanism ?? '' };
        await client.stop();
        return result;
      } catch (e) {
        return {
          state: client.state,
          code: (e as { code?: string }).code ?? String(e),
          message: String((e as Error).message),
        };
      }
    },
    { service: prosody.wsUrl, jid: `${user}@${prosody.domain}/chromium`, password, mechanisms },
  );
}

describe('the client bundled for browsers, in Chromium', () => {
  it('logs in with SCRAM-SHA-1 on WebCrypto', async () => {
    expect(await login('alicepass', ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'])).toEqual({
      state: 'online',
      jid: `alice@${prosody.domain}/chromium`,
      mechanism: 'SCRAM-SHA-1',
    });
  });

  it('logs in with PLAIN', async () => {
    expect(await login('alicepass', ['PLAIN'])).toEqual({
      state: 'online',
      jid: `alice@${prosody.domain}/chromium`,
      mechanism: 'PLAIN',
    });
  });

  it('a wrong password with SCRAM fails with code not-authorized', async () => {
    expect(await login('nope', ['SCRAM-SHA-1'])).toEqual({
      state: 'failed',
      code: 'not-authorized',
      message:
        "SASL failure: not-authorized (The response provided by the client doesn't match the one we calculated.)",
    });
  });

  // SASLprep (RFC 4013). The harness writes the SCRAM record itself (src/stack/accounts.ts) from the
  // NFKC form of the password, which for these two passwords is what Prosody's own registration
  // stores: mod_auth_internal_hashed SASLpreps before deriving the keys, and Prosody's SASLprep maps
  // U+2168 ROMAN NUMERAL NINE to "IX" (checked against util.encodings in
  // tests/unit/client/saslprep.test.ts). So both accounts below hold the keys of "IX". Only the
  // SCRAM logins depend on the client's SASLprep; Prosody SASLpreps PLAIN passwords itself.
  it('SASLprep: I<U+00AD>X and <U+2168> log in to an "IX" account with SCRAM-SHA-1 and PLAIN', async () => {
    await prosody.register('ix', 'IX');
    await prosody.register('nine', '\u2168');
    const ok = (user: string, mechanism: string) => ({
      state: 'online',
      jid: `${user}@${prosody.domain}/chromium`,
      mechanism,
    });
    const results = [];
    for (const [user, password] of [
      ['ix', 'I\u00ADX'],
      ['nine', 'IX'],
      ['nine', '\u2168'],
    ] as const) {
      for (const mechanism of ['SCRAM-SHA-1', 'PLAIN'])
        results.push(await login(password, [mechanism], user));
    }
    expect(results).toEqual([
      ok('ix', 'SCRAM-SHA-1'),
      ok('ix', 'PLAIN'),
      ok('nine', 'SCRAM-SHA-1'),
      ok('nine', 'PLAIN'),
      ok('nine', 'SCRAM-SHA-1'),
      ok('nine', 'PLAIN'),
    ]);
    // Refused by SASLprep in the browser, before the password reaches the server.
    expect(await login('IX\u0007', ['SCRAM-SHA-1'], 'ix')).toEqual({
      state: 'failed',
      code: 'auth-failed',
      message: 'The password contains U+0007, which SASLprep (RFC 4013) does not allow',
    });
  });
});
