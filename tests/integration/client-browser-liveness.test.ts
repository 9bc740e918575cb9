// Dead-stream detection in real Chromium (issue #11 defect 4): the browser's WebSocket, unlike Node's,
// cannot be torn down at once, so this checks that a client whose path to Prosody silently stops
// carrying data notices, resumes over a new socket and gets what was sent meanwhile. A loopback TCP
// relay between the page and Prosody plays the network: freezing it drops nothing and says nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xml } from '../../src/client/xmpp.js';
import type * as ClientLib from '../../src/client/index.js';
import { launchChromium } from '../support/chromium.js';
import { bundleClient, openClientPage, serveClient, waitFor } from '../support/client-page.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { tcpRelay, type TcpRelay } from '../support/tcp-relay.js';
import { clientFor, startContactsPair } from './client-support.js';

let prosody: ProsodyHandle;
let site: { url: string; close(): Promise<void> };
let net: TcpRelay;
let browser: Browser;
let page: Page;
const bob = () => clientFor(prosody, 'bob', 'bobpass', { resource: 'desk', iceServers: false });
let bobClient: ReturnType<typeof bob>;

beforeAll(async () => {
  const [p, js] = await Promise.all([startContactsPair(), bundleClient()]);
  prosody = p;
  site = await serveClient(js);
  net = await tcpRelay(Number(new URL(prosody.wsUrl).port));
  browser = await launchChromium();
  page = await openClientPage(browser, site.url);
  const service = prosody.wsUrl.replace(/:\d+\//, `:${net.port}/`);
  await page.evaluate(
    async ({ service, jid }) => {
      const g = globalThis as unknown as {
        JingleBridgeClient: typeof ClientLib;
        log: unknown[];
        bodies: string[];
      };
      g.log = [];
      g.bodies = [];
      const client = g.JingleBridgeClient.createClient({
        jid,
        password: 'alicepass',
        service,
        resource: 'web',
        mechanisms: ['PLAIN'],
        iceServers: false,
        random: () => 0,
        liveness: { idleMs: 500, answerMs: 500 },
      });
      client.on('state', (s) => g.log.push(['state', s]));
      client.on('online', (o) => g.log.push(['online', o.resumed]));
      client.internals.onStanza('message', (m) => {
        const body = m.getChildText('body');
        if (body !== null) g.bodies.push(body);
      });
      await client.start();
      g.log.length = 0;
    },
    { service, jid: `alice@${prosody.domain}` },
  );
  bobClient = bob();
  await bobClient.start();
}, 60_000);
afterAll(async () => {
  await bobClient?.stop();
  await browser?.close();
  await net?.close();
  await site?.close();
  await prosody?.stop();
});

describe('Chromium: a path that silently stops carrying data', () => {
  it('is noticed, the stream resumes over a new socket, and what was sent meanwhile arrives', async () => {
    net.freeze();
    await bobClient.internals.send(
      xml('message', { to: `alice@${prosody.domain}/web`, type: 'chat' }, xml('body', {}, 'while frozen')),
    );
    const log = await waitFor('resumed', () =>
      page.evaluate(() => {
        const g = globalThis as unknown as { log: unknown[][] };
        return g.log.some((e) => e[0] === 'online') ? g.log : undefined;
      }),
    );
    expect(log).toEqual([
      ['state', 'resuming'],
      ['state', 'online'],
      ['online', true],
    ]);
    expect(
      await waitFor('message', () =>
        page.evaluate(() => {
          const g = globalThis as unknown as { bodies: string[] };
          return g.bodies.length > 0 ? g.bodies : undefined;
        }),
      ),
    ).toEqual(['while frozen']);
  });
});
