// A Node @xmpp/client that looks like Conversations on the wire (docs/reference/deployed-clients.md §1, §3, §6;
// docs/reference/xep-rules.md §11, §13, §17): its caps, JMI with ringing only to roster contacts, proceed to
// the caller's full JID, session-initiate without `initiator` and with 0 candidates followed by one
// transport-info per udp candidate, a <reason> with <text> on terminate, then a JMI <finish/>.
// It has no WebRTC stack: tests use it to check the signaling a strict peer applies, not media.
// Its stanzas are built here with xml(), not with our JMI/Jingle builders, so our bugs cannot hide;
// only the session-initiate body comes from our translator, as the brief of the interop test says.
import { parse, type Element } from 'ltx';
import { WebSocket } from 'ws';
import { capsVer } from '../../src/client/contacts/caps.js';
import { client, xml, type XmppClient } from '../../src/client/xmpp.js';
import { bareJid } from '../../src/jingle/jid.js';
import { NS_HINTS, NS_JINGLE_1, NS_JINGLE_MESSAGE_0, NS_JINGLE_RTP_1 } from '../../src/jingle/ns.js';
import { CONVERSATIONS_INFO, CONVERSATIONS_NODE, conversationsOffer } from './conversations-wire.js';
import type { ProsodyHandle } from './prosody.js';
import { until } from '../integration/stack-helpers.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const NS_CAPS = 'http://jabber.org/protocol/caps';
const NS_ROSTER = 'jabber:iq:roster';
export interface PeerReason {
  condition: string;
  text: string;
}

interface Session {
  sid: string;
  /** The other party's full JID (propose sender, or proceed sender for our calls). */
  peer?: string;
  outgoing: boolean;
}

export class ConversationsPeer {
  /** Every stanza received, in order, as plain ltx trees. */
  readonly received: Element[] = [];
  /** Every stanza sent. */
  readonly sent: Element[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly contacts = new Set<string>();

  private constructor(
    private readonly xmpp: XmppClient,
    readonly jid: string,
  ) {}

  static async start(h: ProsodyHandle, user: string, password: string): Promise<ConversationsPeer> {
    const xmpp = client({
      service: h.wsUrl,
      domain: h.domain,
      resource: 'Conversations.x1Y2',
      credentials: (done) => done({ username: user, password }, 'PLAIN'),
    });
    xmpp.on('error', () => undefined);
    xmpp.reconnect.stop();
    const peer = new ConversationsPeer(xmpp, `${user}@${h.domain}/Conversations.x1Y2`);
    const ver = await capsVer(CONVERSATIONS_INFO);
    xmpp.iqCallee.get(NS_DISCO_INFO, 'query', (ctx) => peer.discoInfo(ctx.element.attrs['node']));
    // Ack every Jingle IQ (XEP-0166 §6.3); what they held is in `received`.
    xmpp.iqCallee.set(NS_JINGLE_1, 'jingle', () => true);
    xmpp.on('stanza', (el: Element) => peer.onStanza(parse(el.toString())));
    await xmpp.start();
    // start() resolves at bind; XEP-0198 counts go wrong (Prosody then drops us: "Client acknowledged
    // less stanzas than already acknowledged") if anything is sent before <enabled/>
    // (docs/reference/test-environment.md §5), which is what our own client waits for too.
    await until(() => xmpp.streamManagement.enabled, `${user}: stream management enabled`);
    const roster = await xmpp.iqCaller.get(xml('query', { xmlns: NS_ROSTER }));
    for (const item of roster?.getChildren('item') ?? [])
      if (['from', 'both'].includes(String(item.attrs['subscription'])))
        peer.contacts.add(bareJid(String(item.attrs['jid'])));
    await peer.send(
      xml('presence', {}, xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: CONVERSATIONS_NODE, ver })),
    );
    return peer;
  }

  async stop(): Promise<void> {
    await this.xmpp.stop().catch(() => undefined);
  }

  /** The <jingle> of every IQ set received with this action (and sid). */
  jingles(action: string, sid?: string): Element[] {
    return this.received
      .filter((s) => s.name === 'iq' && s.attrs['type'] === 'set')
      .map((s) => s.getChild('jingle', NS_JINGLE_1))
      .filter((j): j is Element => j !== undefined && j.attrs['action'] === action)
      .filter((j) => sid === undefined || j.attrs['sid'] === sid);
  }

  /** Every JMI message received with this payload (and id). */
  jmi(kind: string, sid?: string): Element[] {
    return this.received.filter((s) => {
      const p = s.name === 'message' ? s.getChild(kind, NS_JINGLE_MESSAGE_0) : undefined;
      return p !== undefined && (sid === undefined || p.attrs['id'] === sid);
    });
  }

  /** Polls `find` until it returns an element. */
  async waitFor<T>(what: string, find: () => T | undefined, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = find();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`conversations peer: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Calls like Conversations: an audio+video propose to the bare JID; the sid. Proceed triggers the rest. */
  async propose(bare: string): Promise<string> {
    const sid = crypto.randomUUID();
    this.sessions.set(sid, { sid, outgoing: true });
    const descriptions = ['audio', 'video'].map((media) =>
      xml('description', { xmlns: NS_JINGLE_RTP_1, media }),
    );
    await this.sendJmi(bareJid(bare), 'propose', sid, descriptions);
    return sid;
  }

  /** Ends a session: session-terminate with the reason, then JMI <finish/> with it (newer Conversations). */
  async terminate(sid: string, reason: PeerReason): Promise<void> {
    const peer = this.sessions.get(sid)?.peer;
    if (peer === undefined) throw new Error(`conversations peer: no session ${sid}`);
    const iq = xml(
      'iq',
      { type: 'set', to: peer, id: `jt-${sid}` },
      xml('jingle', { xmlns: NS_JINGLE_1, action: 'session-terminate', sid }, reasonXml(reason)),
    );
    this.sent.push(parse(iq.toString()));
    await this.xmpp.iqCaller.request(iq);
    await this.sendJmi(peer, 'finish', sid, [reasonXml(reason)]);
  }

  private discoInfo(node: string | undefined): Element {
    // XEP-0030: a request with a node is mirrored (XEP-0115 asks at `node#ver`).
    return xml(
      'query',
      { xmlns: NS_DISCO_INFO, ...(node === undefined ? {} : { node }) },
      ...CONVERSATIONS_INFO.identities.map((i) =>
        xml('identity', { category: i.category, type: i.type, name: i.name ?? '' }),
      ),
      ...CONVERSATIONS_INFO.features.map((f) => xml('feature', { var: f })),
    );
  }

  private onStanza(s: Element): void {
    this.received.push(s);
    if (s.name !== 'message') return;
    const from = s.attrs['from'];
    if (typeof from !== 'string') return;
    const propose = s.getChild('propose', NS_JINGLE_MESSAGE_0);
    const proceed = s.getChild('proceed', NS_JINGLE_MESSAGE_0);
    if (propose !== undefined && typeof propose.attrs['id'] === 'string')
      void this.answer(propose.attrs['id'], from).catch(() => undefined);
    if (proceed !== undefined && typeof proceed.attrs['id'] === 'string')
      void this.initiate(proceed.attrs['id'], from).catch(() => undefined);
  }

  /** A propose: ringing (roster contacts only, docs/reference/deployed-clients.md §3.11), then proceed to the caller's full JID. */
  private async answer(sid: string, from: string): Promise<void> {
    if (this.sessions.has(sid) || bareJid(from) === bareJid(this.jid)) return;
    this.sessions.set(sid, { sid, peer: from, outgoing: false });
    if (this.contacts.has(bareJid(from))) await this.sendJmi(from, 'ringing', sid);
    await this.sendJmi(from, 'proceed', sid);
  }

  /** Our propose was accepted: session-initiate to the proceed sender, then one candidate per transport-info. */
  private async initiate(sid: string, from: string): Promise<void> {
    const session = this.sessions.get(sid);
    if (session?.outgoing !== true || session.peer !== undefined) return;
    session.peer = from;
    const { jingle, candidates } = conversationsOffer();
    Object.assign(jingle.attrs, { action: 'session-initiate', sid });
    await this.setIq(from, jingle, `ji-${sid}`);
    for (const [i, c] of candidates.entries()) {
      const ti = xml('jingle', { xmlns: NS_JINGLE_1, action: 'transport-info', sid }, toXmpp(c));
      await this.setIq(from, ti, `jc-${sid}-${i}`);
    }
  }

  private async setIq(to: string, jingle: Element, id: string): Promise<void> {
    const iq = xml('iq', { type: 'set', to, id }, toXmpp(jingle));
    this.sent.push(parse(iq.toString()));
    await this.xmpp.iqCaller.request(iq);
  }

  private sendJmi(to: string, kind: string, sid: string, children: Element[] = []): Promise<void> {
    return this.send(
      xml(
        'message',
        { to, type: 'chat', id: `jm-${kind}-${sid}` },
        xml(kind, { xmlns: NS_JINGLE_MESSAGE_0, id: sid }, ...children),
        xml('store', { xmlns: NS_HINTS }),
      ),
    );
  }

  private async send(el: Element): Promise<void> {
    this.sent.push(parse(el.toString()));
    await this.xmpp.send(el);
  }
}

function reasonXml(r: PeerReason): Element {
  return xml('reason', { xmlns: NS_JINGLE_1 }, xml(r.condition), xml('text', {}, r.text));
}

/** @xmpp/client serialises only its own Element class reliably: rebuild translator output with xml(). */
function toXmpp(el: Element): Element {
  return xml(el.name, { ...el.attrs }, ...el.children.map((c) => (typeof c === 'string' ? c : toXmpp(c))));
}
