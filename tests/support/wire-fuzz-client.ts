// Target (a) of the wire fuzzer: our client library in two Chromium processes, alice and bob, in a live
// audio+video JMI call over our Prosody, while carol (a contact of both, so her stanzas get past every
// "strangers are turned away" check) fuzzes both devices from a RawXmpp session. Shared by
// tests/e2e/wire-fuzz-client.test.ts (short run) and bench/fuzz.ts (`npm run fuzz`).
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import {
  bundleClient,
  callLogOf,
  callStateOf,
  inPage,
  mediaCountersOf,
  openClientPage,
  serveClient,
  waitFor,
} from './client-page.js';
import { startProsody, type ProsodyHandle } from './prosody.js';
import { RawXmpp } from './raw-xmpp.js';
import type { FuzzContext } from './wire-fuzz.js';
import { heapAfterGc, loginForFuzz, troubleOf, type PageTrouble } from './wire-fuzz-page.js';

export interface ClientFuzzTarget {
  prosody: ProsodyHandle;
  alice: Page;
  bob: Page;
  /** The live call's id (its sid); a new one after a call was lost and replaced. */
  callId: string;
  /** Calls that ended or stopped decoding frames during the run, with what was seen. */
  callsLost: string[];
  ctx(): FuzzContext;
  loginFuzzer(): Promise<RawXmpp>;
  /** Both pages: the call is `connected` and decoded more frames than at the previous probe. */
  probe(): Promise<void>;
  heap(): Promise<{ alice: number; bob: number }>;
  trouble(): Promise<{ alice: PageTrouble; bob: PageTrouble }>;
  /** alice hangs up; resolves with both sides' final call states. */
  hangUp(): Promise<{ alice: string | undefined; bob: string | undefined }>;
  stop(): Promise<void>;
}

/** Starts Prosody, both browsers and the call; `recover` places a new call when one is lost. */
export async function startClientFuzzTarget(opts: { recover: boolean }): Promise<ClientFuzzTarget> {
  const [prosody, js] = await Promise.all([
    startProsody({
      users: [
        ['alice', 'pw'],
        ['bob', 'pw'],
        ['carol', 'pw'],
      ],
    }),
    bundleClient(),
  ]);
  const browsers: Browser[] = [];
  const site = await serveClient(js);
  const stop = async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await site.close();
    await prosody.stop();
  };
  try {
    await prosody.makeContacts('alice', 'bob');
    await prosody.makeContacts('alice', 'carol');
    await prosody.makeContacts('bob', 'carol');
    for (let i = 0; i < 2; i++) browsers.push(await launchChromium());
    const [alice, bob] = [
      await openClientPage(browsers[0]!, site.url),
      await openClientPage(browsers[1]!, site.url),
    ];
    const d = prosody.domain;
    const service = prosody.wsUrl;
    const aliceJid = await loginForFuzz(alice, { service, jid: `alice@${d}/web`, password: 'pw' });
    const bobJid = await loginForFuzz(bob, {
      service,
      jid: `bob@${d}/web`,
      password: 'pw',
      callsFrom: `alice@${d}`,
    });
    await waitFor('bob callable with JMI', () =>
      inPage(
        alice,
        ({ client }, bare) => (client.canCall(bare, { video: true })[0]?.jmi ? true : undefined),
        `bob@${d}`,
      ),
    );
    const lastFrames = new Map<Page, number>();
    const connect = async (): Promise<string> => {
      const id = await inPage(
        alice,
        ({ client, track }, bare) => {
          const call = client.call(bare, { audio: true, video: true });
          track(call);
          return call.id;
        },
        `bob@${d}`,
      );
      await waitFor('bob rings', async () =>
        (await callStateOf(bob, id)) === 'incoming' ? true : undefined,
      );
      await inPage(bob, ({ calls }, callId) => calls.get(callId)?.call.accept(), id);
      for (const page of [alice, bob]) {
        await waitFor(
          'frames decoded',
          async () => {
            const s = await mediaCountersOf(page, id);
            return s !== undefined && s.framesDecoded > 0 ? s.framesDecoded : undefined;
          },
          30_000,
        ).then((f) => lastFrames.set(page, f));
      }
      return id;
    };
    const target: ClientFuzzTarget = {
      prosody,
      alice,
      bob,
      callId: await connect(),
      callsLost: [],
      ctx: () => ({
        targets: [aliceJid, bobJid],
        liveSid: target.callId,
        jids: [aliceJid, bobJid, `alice@${d}`, `bob@${d}`, `carol@${d}/fuzz`, d],
      }),
      loginFuzzer: () => RawXmpp.login(service, d, 'carol', 'pw', 'fuzz'),
      async probe() {
        const seen: string[] = [];
        for (const [name, page] of [
          ['alice', alice],
          ['bob', bob],
        ] as const) {
          const state = await callStateOf(page, target.callId);
          const frames = (await mediaCountersOf(page, target.callId))?.framesDecoded ?? 0;
          if (state !== 'connected' || frames <= (lastFrames.get(page) ?? 0))
            seen.push(`${name}: ${state}, framesDecoded ${lastFrames.get(page)} -> ${frames}`);
          lastFrames.set(page, frames);
        }
        if (seen.length === 0) return;
        const ends = [await callLogOf(alice, target.callId), await callLogOf(bob, target.callId)];
        target.callsLost.push(
          `call ${target.callId}: ${seen.join('; ')}; ${JSON.stringify(ends.map((l) => l?.events))}`,
        );
        if (!opts.recover) return;
        for (const page of [alice, bob])
          await inPage(page, ({ calls }, id) => calls.get(id)?.call.hangup(), target.callId).catch(
            () => undefined,
          );
        target.callId = await connect();
      },
      heap: async () => ({ alice: await heapAfterGc(alice), bob: await heapAfterGc(bob) }),
      trouble: async () => ({ alice: await troubleOf(alice), bob: await troubleOf(bob) }),
      async hangUp() {
        const id = target.callId;
        await inPage(alice, ({ calls }, callId) => calls.get(callId)?.call.hangup(), id);
        await waitFor('bob ended', async () =>
          (await callStateOf(bob, id)) === 'ended' ? true : undefined,
        ).catch(() => undefined);
        return { alice: await callStateOf(alice, id), bob: await callStateOf(bob, id) };
      },
      stop,
    };
    return target;
  } catch (e) {
    await stop();
    throw e;
  }
}
