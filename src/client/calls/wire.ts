// Plugs the call manager into a client: the Jingle IQ handler, JMI messages, XEP-0280 carbons, roster
// trust and caps-based resource choice. Everything XMPP-specific of the call layer is in this file.
import type { Element } from 'ltx';
import { copyTree } from '../../jingle/ltx.js';
import { sameBareJid } from '../../jingle/jid.js';
import { NS_CARBONS_2, NS_JINGLE_1 } from '../../jingle/ns.js';
import { errorFromXml, errorToXml } from '../../jingle/session/index.js';
import type { Call, Calls } from './api.js';
import { CallManager } from './manager.js';
import {
  ARCHIVE_LOOKBACK_MS,
  mamQuery,
  mamResult,
  unansweredProposes,
  type ArchivedMessage,
} from './archive.js';
import type { CallEnvironment, CallHistoryEntry, CallLayerOptions, CallOptions, IqOutcome } from './types.js';
import type { Clock } from '../clock.js';
import { xml } from '../xmpp.js';
import type { IqCallee, IqCaller } from '../xmpp.js';

/** What the call layer uses of the client (api.ts Client has all of it). */
export interface CallClient {
  readonly jid: string | undefined;
  readonly internals: {
    iqCaller: IqCaller;
    iqCallee: IqCallee;
    onStanza(name: 'message', handler: (stanza: Element) => void): () => void;
    send(stanza: Element): Promise<void>;
  };
  readonly presence: { of(bare: string): { jid: string; priority: number }[] };
  readonly roster: { list(): { jid: string; subscription: string }[] };
  features(fullJid: string): ReadonlySet<string> | undefined;
  iceServers(): RTCIceServer[];
  on(event: 'presence', listener: (bare: string, resources: { jid: string }[]) => void): () => void;
  on(event: 'online', listener: (o: { resumed: boolean }) => void): () => void;
}

export interface CallLayer {
  call(jid: string, options?: CallOptions): Call;
  readonly calls: Calls;
  manager: CallManager;
}

export interface CallLayerHooks {
  incoming(call: Call): void;
  history(entry: CallHistoryEntry): void;
  error(error: Error): void;
}

/**
 * @xmpp/xml builds its elements from `ltx/lib/Element.js`, our core from `ltx` (`ltx/src/`): two classes,
 * and ltx's getChildElements() filters by `instanceof`, so a tree mixing both loses children. Incoming
 * stanzas are rebuilt as core elements before any engine sees them; copyTree does it without
 * recursion, so a deeply nested stanza from anyone cannot overflow the stack (docs/reliability.md).
 */
const fromXmpp = (el: Element): Element => copyTree(el);

/** @xmpp/client only treats its own Element subclass as an error reply, so rebuild ltx trees with xml(). */
const toXmpp = (el: Element): Element =>
  copyTree(el, (name, attrs) => xml(name, attrs as Record<string, string>));

export function createCallLayer(
  client: CallClient,
  clock: Clock,
  hooks: CallLayerHooks,
  options: CallLayerOptions = {},
): CallLayer {
  const { iqCaller, iqCallee } = client.internals;
  let ids = 0;
  const env: CallEnvironment = {
    own: () => client.jid,
    async sendIq(to, jingle): Promise<IqOutcome> {
      try {
        await iqCaller.set(toXmpp(jingle), to);
        return { kind: 'result' };
      } catch (error) {
        const el = (error as { element?: Element }).element;
        if (el !== undefined) return { kind: 'error', error: errorFromXml(el) };
        return { kind: 'timeout' };
      }
    },
    sendMessage: (stanza) =>
      void client.internals.send(toXmpp(stanza)).catch((e: unknown) => hooks.error(e as Error)),
    resources: (bare) =>
      client.presence
        .of(bare)
        .sort((a, b) => b.priority - a.priority)
        .map((r) => ({ jid: r.jid, features: [...(client.features(r.jid) ?? [])] })),
    isContact: (bare) =>
      client.roster
        .list()
        .some((i) => sameBareJid(i.jid, bare) && (i.subscription === 'from' || i.subscription === 'both')),
    iceServers: () => client.iceServers(),
    clock,
    // RFC 4122 v4 ids where the platform has them (XEP-0353 §5 wants globally unique propose ids).
    newId: () =>
      globalThis.crypto?.randomUUID?.() ?? `jb-${clock.now().toString(36)}-${(++ids).toString(36)}`,
    ...(options.peerConnection ? { peerConnection: options.peerConnection } : {}),
    ...(options.getUserMedia ? { getUserMedia: options.getUserMedia } : {}),
  };
  const manager = new CallManager(env, options);
  manager.events.on('incoming-call', hooks.incoming);
  manager.events.on('history', hooks.history);
  manager.events.on('error', hooks.error);

  iqCallee.set(NS_JINGLE_1, 'jingle', (ctx) => {
    const from = ctx.stanza.attrs['from'];
    const id = ctx.stanza.attrs['id'];
    if (typeof from !== 'string' || typeof id !== 'string') return toXmpp(errorToXml('bad-request'));
    const reply = manager.handleIq({ id, from, jingle: fromXmpp(ctx.element) });
    return reply === true ? true : toXmpp(reply);
  });
  let archive: { queryId: string; items: ArchivedMessage[] } | undefined;
  client.internals.onStanza('message', (stanza) => {
    const m = fromXmpp(stanza);
    const own = client.jid;
    const archived = archive && own !== undefined ? mamResult(m, own, archive.queryId) : undefined;
    if (archived !== undefined) archive?.items.push(archived);
    else manager.handleMessage(m);
  });
  client.on('presence', (bare, resources) =>
    manager.presence(
      bare,
      resources.map((r) => r.jid),
    ),
  );
  // XEP-0353 §5: calls that rang while we were offline become missed calls in the history.
  async function catchUp(): Promise<void> {
    const own = client.jid;
    if (own === undefined || archive !== undefined) return;
    const mine = { queryId: env.newId(), items: [] as ArchivedMessage[] };
    archive = mine;
    try {
      await iqCaller.set(toXmpp(mamQuery(mine.queryId, clock.now() - ARCHIVE_LOOKBACK_MS)));
    } catch {
      return; // no archive on this server: nothing to catch up
    } finally {
      archive = undefined;
    }
    for (const item of unansweredProposes(mine.items, own)) manager.handleMessage(item.message, item.stamp);
  }
  // XEP-0280: our other devices must see proceed/reject to stop ringing (not needed after resumption).
  client.on('online', ({ resumed }) => {
    if (resumed) return;
    void iqCaller.set(xml('enable', { xmlns: NS_CARBONS_2 })).catch(() => undefined);
    void catchUp();
  });

  return {
    call: (jid, o) => manager.call(jid, o),
    calls: {
      get active() {
        return manager.live();
      },
      get history() {
        return [...manager.history];
      },
    },
    manager,
  };
}
