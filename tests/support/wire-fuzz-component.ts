// Target (b) of the wire fuzzer: the bridge component (in this process, wired as src/component/main.ts
// does), with alice in Chromium in a live echo@ call through it, while carol fuzzes echo@, the
// component domain and guest-@ JIDs from a RawXmpp session. Shared by
// tests/e2e/wire-fuzz-component.test.ts (short run) and bench/fuzz.ts (`npm run fuzz`).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Browser, Page } from 'playwright-core';
import type { BridgeComponent, Logger } from '../../src/component/bridge.js';
import { launchChromium } from './chromium.js';
import {
  bundleClient,
  callInPage,
  callLogOf,
  callStateOf,
  inPage,
  mediaCountersOf,
  openClientPage,
  serveClient,
  waitFor,
} from './client-page.js';
import { startCallBridge } from './component.js';
import { startProsody, type ProsodyHandle } from './prosody.js';
import { RawXmpp } from './raw-xmpp.js';
import type { FuzzContext } from './wire-fuzz.js';
import { loginForFuzz, troubleOf, type PageTrouble } from './wire-fuzz-page.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface ComponentFuzzTarget {
  prosody: ProsodyHandle;
  bridge: BridgeComponent;
  alice: Page;
  callId: string;
  callsLost: string[];
  /** What the component logged as an error (a handler that threw) and its XMPP connection losses. */
  componentErrors: string[];
  ctx(): FuzzContext;
  loginFuzzer(): Promise<RawXmpp>;
  probe(): Promise<void>;
  /** This process's JS heap after GC (the component lives here) and its resident set. */
  memory(): { heap: number; rss: number };
  trouble(): Promise<PageTrouble>;
  /** Hangs up the live echo@ call; resolves with its final state. */
  hangUp(): Promise<string | undefined>;
  /** A new echo@ call: resolves with the frames decoded once video came back, then hangs up. */
  echoCall(): Promise<{ framesDecoded: number; state: string | undefined }>;
  stop(): Promise<void>;
}

export async function startComponentFuzzTarget(opts: { recover: boolean }): Promise<ComponentFuzzTarget> {
  const [prosody, js] = await Promise.all([
    startProsody({
      users: [
        ['alice', 'pw'],
        ['carol', 'pw'],
      ],
    }),
    bundleClient(),
  ]);
  const componentErrors: string[] = [];
  const log: Logger = {
    info: () => {},
    warn: () => {},
    error: (m, err) => void componentErrors.push(`${m}: ${String(err)}`.slice(0, 500)),
  };
  const site = await serveClient(js);
  let browser: Browser | undefined;
  let bridge: BridgeComponent | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await site.close();
    await bridge?.stop();
    await prosody.stop();
  };
  try {
    // echo@ ends its calls after maxCallMs by design (5 min in main.ts): a long run must not count that.
    bridge = await startCallBridge(prosody, {
      keyframeIntervalMs: 1000,
      log,
      echo: { maxCalls: 4, maxCallMs: 6 * 3_600_000 },
    });
    bridge.xmpp.on('offline', () => componentErrors.push('XMPP connection to Prosody lost'));
    const cd = prosody.componentDomain;
    const echo = `echo@${cd}`;
    browser = await launchChromium();
    const alice = await openClientPage(browser, site.url);
    const aliceJid = await loginForFuzz(alice, {
      service: prosody.wsUrl,
      jid: `alice@${prosody.domain}/web`,
      password: 'pw',
    });
    await inPage(alice, ({ client }, jid) => client.roster.add(jid), echo);
    await waitFor('echo@ callable', () =>
      inPage(
        alice,
        ({ client }, jid) => (client.canCall(jid, { video: true }).length > 0 ? true : undefined),
        echo,
      ),
    );
    let lastFrames = 0;
    const connect = async (): Promise<string> => {
      const id = await callInPage(alice, echo, { audio: true, video: true });
      lastFrames = await waitFor(
        'echoed frames',
        async () => {
          const s = await mediaCountersOf(alice, id);
          return s !== undefined && s.framesDecoded > 0 ? s.framesDecoded : undefined;
        },
        30_000,
      );
      return id;
    };
    const hangUp = async (id: string) => {
      await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
      await waitFor('ended', async () =>
        (await callStateOf(alice, id)) === 'ended' ? true : undefined,
      ).catch(() => undefined);
      return callStateOf(alice, id);
    };
    const target: ComponentFuzzTarget = {
      prosody,
      bridge,
      alice,
      callId: await connect(),
      callsLost: [],
      componentErrors,
      ctx: () => ({
        targets: [echo, cd, `guest-fz0000@${cd}`, `echo@${cd}/fz`],
        liveSid: target.callId,
        jids: [aliceJid, `alice@${prosody.domain}`, echo, cd, `carol@${prosody.domain}/fuzz`],
      }),
      loginFuzzer: () => RawXmpp.login(prosody.wsUrl, prosody.domain, 'carol', 'pw', 'fuzz'),
      async probe() {
        const state = await callStateOf(alice, target.callId);
        const frames = (await mediaCountersOf(alice, target.callId))?.framesDecoded ?? 0;
        const before = lastFrames;
        lastFrames = frames;
        if (state === 'connected' && frames > before) return;
        const log = await callLogOf(alice, target.callId);
        target.callsLost.push(
          `echo call ${target.callId}: ${state}, framesDecoded ${before} -> ${frames}; ${JSON.stringify(log?.events)}`,
        );
        if (!opts.recover) return;
        await hangUp(target.callId).catch(() => undefined);
        target.callId = await connect();
      },
      memory() {
        gc();
        gc();
        const m = process.memoryUsage();
        return { heap: m.heapUsed, rss: m.rss };
      },
      trouble: () => troubleOf(alice),
      hangUp: () => hangUp(target.callId),
      async echoCall() {
        const id = await connect();
        const framesDecoded = lastFrames;
        return { framesDecoded, state: await hangUp(id) };
      },
      stop,
    };
    return target;
  } catch (e) {
    await stop();
    throw e;
  }
}
