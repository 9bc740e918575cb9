// The browser client (src/client/index.ts) bundled with esbuild and served from a loopback origin, one
// page per user, with every Call's events recorded in the page so Node can assert whole histories.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type * as ClientLib from '../../src/client/index.js';
import { startProsody, type ProsodyHandle } from './prosody.js';

export type ClientLibrary = typeof ClientLib;

/** What the page keeps per call: states, chat, mute and the end, in arrival order. */
export interface PageCallLog {
  id: string;
  direction: string;
  states: string[];
  events: unknown[];
}

export async function bundleClient(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('../../src/client/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'JingleBridgeClient',
    write: false,
    // @xmpp/resolve imports node:dns only for non-URL services; the browser build needs a stub.
    plugins: [
      {
        name: 'stub-node-dns',
        setup(b) {
          b.onResolve({ filter: /^node:dns$/ }, () => ({ path: 'dns', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {}' }));
        },
      },
    ],
  });
  return out.outputFiles[0]?.text ?? '';
}

/** A real 127.0.0.1 origin (a Playwright-fulfilled page would trip Local Network Access checks). */
export async function serveClient(js: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/client.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script src="/client.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function openClientPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Logs in and starts recording every call (ours and incoming) into `globalThis.jbCalls`. */
export async function loginInPage(
  page: Page,
  opts: {
    service: string;
    jid: string;
    password: string;
    calls?: { acceptCallsFrom?: 'contacts' | 'anyone' };
  },
): Promise<string> {
  return page.evaluate(async ({ service, jid, password, calls }) => {
    const g = globalThis as unknown as {
      JingleBridgeClient: ClientLibrary;
      jbClient: ClientLib.Client;
      jbCalls: Map<string, { call: ClientLib.Call; log: PageCallLog }>;
      jbTrack: (call: ClientLib.Call) => void;
      jbErrors: string[];
    };
    g.jbCalls = new Map();
    g.jbErrors = [];
    g.jbTrack = (call) => {
      const log: PageCallLog = { id: call.id, direction: call.direction, states: [call.state], events: [] };
      g.jbCalls.set(call.id, { call, log });
      call.on('state', (s) => log.states.push(s));
      call.on('chat', (c) => log.events.push({ chat: c }));
      call.on('remote-mute', (m) => log.events.push({ 'remote-mute': m }));
      call.on('muted', (m) => log.events.push({ muted: m }));
      call.on('ice-restart', (r) => log.events.push({ 'ice-restart': r }));
      call.on('ended', (e) => log.events.push({ ended: e }));
      call.on('error', (e) => g.jbErrors.push(`call: ${String(e)}`));
    };
    const client = g.JingleBridgeClient.createClient({
      jid,
      password,
      service,
      mechanisms: ['PLAIN'],
      ...(calls ? { calls } : {}),
    });
    g.jbClient = client;
    client.on('incoming-call', (call) => g.jbTrack(call));
    client.on('error', (e) => g.jbErrors.push(`client: ${String(e)}`));
    await client.start();
    return client.jid ?? '';
  }, opts);
}

/** Runs `fn` in the page with the client and the recorded calls. */
export function inPage<A, R>(
  page: Page,
  fn: (
    ctx: {
      client: ClientLib.Client;
      calls: Map<string, { call: ClientLib.Call; log: PageCallLog }>;
      track: (c: ClientLib.Call) => void;
    },
    arg: A,
  ) => R | Promise<R>,
  arg: A,
): Promise<R> {
  return page.evaluate(
    async ({ src, arg }) => {
      const g = globalThis as unknown as {
        jbClient: ClientLib.Client;
        jbCalls: Map<string, { call: ClientLib.Call; log: PageCallLog }>;
        jbTrack: (c: ClientLib.Call) => void;
      };

      const f = new Function(`return (${src})`)() as typeof fn;
      return f({ client: g.jbClient, calls: g.jbCalls, track: g.jbTrack }, arg as A);
    },
    { src: fn.toString(), arg },
  ) as Promise<R>;
}

/** Places a call from the page's client to `jid` and records it (see loginInPage); resolves with its id. */
export function callInPage(
  page: Page,
  jid: string,
  media: { audio: boolean; video: boolean },
): Promise<string> {
  return inPage(
    page,
    ({ client, track }, a) => {
      const call = client.call(a.jid, a.media);
      track(call);
      return call.id;
    },
    { jid, media },
  );
}

/** Polls `check` in Node until it returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Errors the client and its calls reported in this page (for failure messages). */
export function pageErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { jbErrors: string[] }).jbErrors);
}

/** What ICE restart tests check on a call's RTCPeerConnection (read through the call's internals). */
export interface PageIce {
  connectionState: string;
  localUfrags: string[];
  remoteUfrags: string[];
}

export function iceOf(page: Page, id: string): Promise<PageIce | undefined> {
  return inPage(
    page,
    ({ calls }, callId) => {
      const call = calls.get(callId)?.call as unknown as { pc?: RTCPeerConnection } | undefined;
      const pc = call?.pc;
      if (pc === undefined) return undefined;
      const ufrags = (sdp: string | undefined) => [...new Set((sdp ?? '').match(/^a=ice-ufrag:.*$/gm) ?? [])];
      return {
        connectionState: pc.connectionState,
        localUfrags: ufrags(pc.localDescription?.sdp),
        remoteUfrags: ufrags(pc.remoteDescription?.sdp),
      };
    },
    id,
  );
}

/** The call's state in the page (undefined before the page knows the call). */
export function callStateOf(page: Page, id: string): Promise<string | undefined> {
  return inPage(page, ({ calls }, callId) => calls.get(callId)?.call.state, id);
}

/** The call's state and event history as the page recorded them (loginInPage's `track`). */
export function callLogOf(page: Page, id: string): Promise<PageCallLog | undefined> {
  return inPage(page, ({ calls }, callId) => calls.get(callId)?.log, id) as Promise<PageCallLog | undefined>;
}

/** Inbound video frames decoded and bytes received so far (from the call's stats()). */
export function mediaCountersOf(
  page: Page,
  id: string,
): Promise<{ framesDecoded: number; bytesReceived: number } | undefined> {
  return inPage(
    page,
    async ({ calls }, callId) => {
      const s = await calls.get(callId)?.call.stats();
      return s === undefined ? undefined : { framesDecoded: s.framesDecoded, bytesReceived: s.bytesReceived };
    },
    id,
  );
}

/**
 * What the two-party call tests and bench/call-setup/main.ts start with: our Prosody with alice and bob
 * (password `pw`) as mutual contacts, and the bundled client served on 127.0.0.1.
 */
export async function startCallTestbed(): Promise<{
  prosody: ProsodyHandle;
  site: { url: string; close(): Promise<void> };
}> {
  const [prosody, js] = await Promise.all([
    startProsody({
      users: [
        ['alice', 'pw'],
        ['bob', 'pw'],
      ],
    }),
    bundleClient(),
  ]);
  await prosody.makeContacts('alice', 'bob');
  return { prosody, site: await serveClient(js) };
}
