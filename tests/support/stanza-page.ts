// StanzaJS 12 (node_modules/stanza, a devDependency) as an independent call peer in Chromium: its own
// client and Jingle stack, bundled for the browser with tests/support/stanza-page-script.ts and served
// from a 127.0.0.1 origin. Node drives it through `window.stanzaPeer` (typed below) and reads its
// record of the wire. docs/interop.md says what it sends and why the tests expect it.
import { build } from 'esbuild';
import { parse, type Element } from 'ltx';
import type { Browser, Page } from 'playwright-core';
import { serveClient } from './client-page.js';
import { PC_TAP_SCRIPT } from './peer-connections.js';
import type { StanzaPeer, StanzaPeerEvent, StanzaSessionView } from './stanza-page-script.js';

export type { StanzaPeerEvent, StanzaSessionView };

/** The page script and StanzaJS in one browser bundle (its package.json maps ./platform to the browser one). */
export async function bundleStanzaPeer(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('./stanza-page-script.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]?.text ?? '';
}

/** Serves the bundle on a free 127.0.0.1 port (a secure context, so getUserMedia works). */
export const serveStanzaPeer = (js: string) => serveClient(js);

/** A page (own context, camera and microphone granted) with StanzaJS loaded and its peer connections tapped. */
export async function openStanzaPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(PC_TAP_SCRIPT);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => 'stanzaPeer' in window);
  return page;
}

/** Typed calls into the page's `window.stanzaPeer`. */
export function stanzaPeer(page: Page) {
  const run = <K extends keyof StanzaPeer>(
    name: K,
    ...args: Parameters<StanzaPeer[K]>
  ): Promise<Awaited<ReturnType<StanzaPeer[K]>>> =>
    page.evaluate(({ name, args }) => (window.stanzaPeer[name] as (...a: unknown[]) => unknown)(...args), {
      name,
      args,
    }) as Promise<Awaited<ReturnType<StanzaPeer[K]>>>;
  return {
    login: (service: string, jid: string, password: string) => run('login', { service, jid, password }),
    resourcesOf: (bare: string) => run('resourcesOf', bare),
    iceServers: () => run('iceServers'),
    discoveredUrls: () => run('discoveredUrls'),
    call: (fullJid: string) => run('call', fullJid),
    accept: () => run('accept'),
    hangup: () => run('hangup'),
    sessions: () => run('sessions'),
    record: () => run('record'),
    /** The Jingle IQs StanzaJS sent (`out`) or received (`in`), parsed, in order. */
    async jingleIqs(direction: 'out' | 'in'): Promise<Element[]> {
      const rec = await run('record');
      return rec
        .filter((e) => e.kind === direction && e.text.includes('urn:xmpp:jingle:1'))
        .map((e) => parse(e.text))
        .filter((el) => el.is('iq') && el.getChild('jingle', 'urn:xmpp:jingle:1') !== undefined);
    },
  };
}

export type StanzaPeerDriver = ReturnType<typeof stanzaPeer>;

/** A Jingle IQ's action (session-initiate, transport-info …). */
export const actionOf = (iq: Element): string | undefined =>
  iq.getChild('jingle', 'urn:xmpp:jingle:1')?.attrs['action'];
