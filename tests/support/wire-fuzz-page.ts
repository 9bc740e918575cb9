// The page side of the client wire-fuzz runs: a login that keeps only the live call (so the heap we
// measure is the client's, not a test log of every call the fuzzer rang), a watch on everything the
// page reports as broken, and the JS heap after a forced GC through the DevTools protocol.
import type { Page } from 'playwright-core';
import type * as ClientLib from '../../src/client/index.js';
import type { ClientLibrary, PageCallLog } from './client-page.js';

/** What went wrong in one page: uncaught exceptions, console errors, client errors, lost streams. */
export interface PageTrouble {
  pageErrors: string[];
  consoleErrors: string[];
  clientErrors: string[];
  /** Connection states other than `online` the client passed through after login. */
  connectionStates: string[];
  crashed: boolean;
}

/** A page that came through a run untouched. */
export const NO_TROUBLE: PageTrouble = {
  pageErrors: [],
  consoleErrors: [],
  clientErrors: [],
  connectionStates: [],
  crashed: false,
};

const watched = new WeakMap<Page, { pageErrors: string[]; consoleErrors: string[]; crashed: boolean }>();

/** Starts recording uncaught exceptions, console errors and a renderer crash of this page. */
export function watchPage(page: Page): void {
  const w = { pageErrors: [] as string[], consoleErrors: [] as string[], crashed: false };
  watched.set(page, w);
  page.on('pageerror', (e) => w.pageErrors.push(`${e.name}: ${e.message}`.slice(0, 500)));
  page.on('console', (m) => void (m.type() === 'error' && w.consoleErrors.push(m.text().slice(0, 500))));
  page.on('crash', () => (w.crashed = true));
}

export async function troubleOf(page: Page): Promise<PageTrouble> {
  const w = watched.get(page) ?? { pageErrors: [], consoleErrors: [], crashed: false };
  const inPage = w.crashed
    ? { clientErrors: ['page crashed'], connectionStates: [] }
    : await page.evaluate(() => {
        const g = globalThis as unknown as { jbErrors: string[]; jbStates: string[] };
        return { clientErrors: [...g.jbErrors], connectionStates: [...g.jbStates] };
      });
  return {
    pageErrors: [...w.pageErrors],
    consoleErrors: [...w.consoleErrors],
    crashed: w.crashed,
    ...inPage,
  };
}

/**
 * Logs in like client-page.ts's loginInPage, but tracks (in `jbCalls`, which inPage() and the call
 * helpers read) only calls we place and incoming calls from `callsFrom`; other rings are counted.
 */
export async function loginForFuzz(
  page: Page,
  opts: { service: string; jid: string; password: string; callsFrom?: string },
): Promise<string> {
  watchPage(page);
  return page.evaluate(async ({ service, jid, password, callsFrom }) => {
    const g = globalThis as unknown as {
      JingleBridgeClient: ClientLibrary;
      jbClient: ClientLib.Client;
      jbCalls: Map<string, { call: ClientLib.Call; log: PageCallLog }>;
      jbTrack: (call: ClientLib.Call) => void;
      jbErrors: string[];
      jbStates: string[];
      jbOtherRings: number;
    };
    g.jbCalls = new Map();
    g.jbErrors = [];
    g.jbStates = [];
    g.jbOtherRings = 0;
    g.jbTrack = (call) => {
      const log: PageCallLog = { id: call.id, direction: call.direction, states: [call.state], events: [] };
      g.jbCalls.set(call.id, { call, log });
      call.on('state', (s) => log.states.push(s));
      call.on('ended', (e) => log.events.push({ ended: e }));
      call.on('error', (e) => g.jbErrors.push(`call: ${String(e)}`.slice(0, 500)));
    };
    const client = g.JingleBridgeClient.createClient({ jid, password, service, mechanisms: ['PLAIN'] });
    g.jbClient = client;
    client.on('incoming-call', (call) => {
      if (call.peer === callsFrom) g.jbTrack(call);
      else g.jbOtherRings++;
    });
    client.on('error', (e) => g.jbErrors.push(`client: ${String(e)}`.slice(0, 500)));
    await client.start();
    client.on('state', (s) => void (s !== 'online' && g.jbStates.push(s)));
    return client.jid ?? '';
  }, opts);
}

/** Bytes of JS heap in use after a full garbage collection (CDP HeapProfiler + Runtime). */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}
