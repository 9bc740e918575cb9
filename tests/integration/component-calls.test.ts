// The call layer against a real Prosody: alice (a Node @xmpp/client) calls echo@ with JMI + Jingle
// and a werift peer of her own, and gets her audio and data-channel message back; a web guest (Node
// `ws`) calls alice through a call link with captured Chromium SDP; hangups both ways; no answer.
import { startCallBridge } from '../support/component.js';
import { readFileSync } from 'node:fs';
import type { Element } from 'ltx';
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeComponent } from '../../src/component/bridge.js';
import { verifyCallTicket } from '../../src/component/guest/call-ticket.js';
import { signLink } from '../../src/component/token.js';
import { reasonFromXml } from '../../src/jingle/reason.js';
import { candidatesFromJingle, jingleToSdp, sdpToJingle } from '../../src/jingle/sdp/index.js';
import { describeWebRTC } from '../support/netns.js';
import { startProsody, type ProsodyHandle } from '../support/prosody.js';
import { login, logout, until, xml, type TestClient } from './stack-helpers.js';

const J = 'urn:xmpp:jingle:1';
const JMI = 'urn:xmpp:jingle-message:0';
const NICK = 'http://jabber.org/protocol/nick';
const RING_MS = 4000;
const fixture = (n: string) => readFileSync(new URL(`../fixtures/sdp/${n}`, import.meta.url), 'utf8');
const OFFER = fixture('chromium156-audio-video-data-offer.sdp');
const ANSWER = fixture('chromium156-audio-video-data-answer.sdp');
/** Warnings are collected, not printed: the test asserts there were none from the call layer. */
const warnings: string[] = [];
const quiet = {
  info: () => {},
  warn: (m: string) => void warnings.push(m),
  error: (m: string) => void warnings.push(m),
};

let h: ProsodyHandle;
let bridge: BridgeComponent;
let alice: TestClient;
let seen = 0;

beforeAll(async () => {
  h = await startProsody({ users: [['alice', 'a']] });
  bridge = await startCallBridge(h, { config: { ringTimeoutMs: RING_MS }, log: quiet });
  alice = await login(h, 'alice', 'a', 'laptop');
  // Ack every Jingle IQ (XEP-0166 §6.3); @xmpp/client would answer service-unavailable otherwise.
  const callee = alice.xmpp.iqCallee as unknown as { set(ns: string, name: string, fn: () => boolean): void };
  callee.set(J, 'jingle', () => true);
  await alice.xmpp.send(xml('presence'));
});
afterAll(async () => {
  // Stopping Prosody first would log the connection loss; only call-layer problems matter here.
  expect(warnings.filter((w) => !w.startsWith('XMPP'))).toEqual([]);
  await logout(alice);
  await bridge?.stop();
  await h?.stop();
});

/** The next stanza (after those already consumed) matching `pred`. */
async function next(pred: (el: Element) => boolean, what: string, ms = 5000): Promise<Element> {
  let found: Element | undefined;
  await until(() => (found = alice.stanzas.seen.slice(seen).find(pred)) !== undefined, what, ms);
  return found as Element;
}
const jingleSet = (action: string, from?: string) => (s: Element) =>
  s.name === 'iq' &&
  s.attrs['type'] === 'set' &&
  s.getChild('jingle', J)?.attrs['action'] === action &&
  (from === undefined || s.attrs['from'] === from);
const jmiFrom = (kind: string, id?: string) => (s: Element) =>
  s.name === 'message' &&
  s.getChild(kind, JMI) !== undefined &&
  (id === undefined || s.getChild(kind, JMI)?.attrs['id'] === id);
function jingleIq(to: string, action: string, sid: string, body?: Element): Element {
  const j = body ?? xml('jingle', { xmlns: J });
  Object.assign(j.attrs, { xmlns: J, action, sid });
  return xml('iq', { type: 'set', to }, j);
}

describeWebRTC('alice calls echo@ (werift on both sides, loopback only)', () => {
  it('JMI propose -> proceed -> session-initiate -> her audio and data-channel message come back; hangup', async () => {
    const echoFull = `echo@${h.componentDomain}/echo`;
    const pc = new RTCPeerConnection({
      iceServers: [],
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      iceUseIpv6: false,
    });
    const track = new MediaStreamTrack({ kind: 'audio' });
    const tr = pc.addTransceiver(track, { direction: 'sendrecv' });
    const dc = pc.createDataChannel('chat');
    let back = 0;
    const messages: string[] = [];
    tr.onTrack.subscribe((t) => t.onReceiveRtp.subscribe(() => back++));
    dc.onMessage.subscribe((m) => messages.push(String(m)));
    dc.stateChanged.subscribe((s) => s === 'open' && dc.send('hello echo'));
    try {
      const sid = `call-${Date.now()}`;
      seen = alice.stanzas.seen.length;
      await alice.xmpp.send(
        xml(
          'message',
          { to: `echo@${h.componentDomain}`, type: 'chat' },
          xml(
            'propose',
            { xmlns: JMI, id: sid },
            xml('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'audio' }),
          ),
        ),
      );
      const proceed = await next(jmiFrom('proceed', sid), 'proceed');
      expect(proceed.attrs['from']).toEqual(echoFull);
      await pc.setLocalDescription(await pc.createOffer());
      const offer = sdpToJingle(pc.localDescription?.sdp ?? '', { role: 'initiator' });
      offer.attrs['initiator'] = alice.jid;
      await alice.xmpp.iqCaller.request(jingleIq(echoFull, 'session-initiate', sid, offer));
      const accept = await next(jingleSet('session-accept', echoFull), 'session-accept', 10_000);
      await pc.setRemoteDescription({
        type: 'answer',
        sdp: jingleToSdp(accept.getChild('jingle', J) as Element, { role: 'responder' }),
      });
      alice.xmpp.on('stanza', (s) => {
        if (!jingleSet('transport-info', echoFull)(s)) return;
        for (const c of candidatesFromJingle(s.getChild('jingle', J) as Element))
          void pc.addIceCandidate({ candidate: c.candidate, sdpMid: c.sdpMid ?? undefined });
      });
      let seq = 0;
      const timer = setInterval(() => {
        seq++;
        track.writeRtp(
          new RtpPacket(
            new RtpHeader({ payloadType: 96, sequenceNumber: seq, timestamp: seq * 960, ssrc: 4242 }),
            Buffer.alloc(60, 7),
          ),
        );
      }, 20);
      await until(
        () => back >= 25 && messages.length > 0,
        'echoed RTP and data-channel message',
        15_000,
      ).finally(() => clearInterval(timer));
      expect(messages).toEqual(['hello echo']);

      seen = alice.stanzas.seen.length;
      const bye = xml('jingle', {}, xml('reason', {}, xml('success')));
      await alice.xmpp.iqCaller.request(jingleIq(echoFull, 'session-terminate', sid, bye));
      const finish = await next(jmiFrom('finish', sid), 'finish');
      expect(reasonFromXml(finish.getChild('finish', JMI)?.getChild('reason'))).toEqual({
        condition: 'success',
      });
    } finally {
      await pc.close();
    }
  });
});

interface Guest {
  got: Array<Record<string, unknown>>;
  say(m: object): void;
  close(): void;
}
async function guest(): Promise<Guest> {
  const token = signLink(
    { owner: alice.jid.split('/')[0] ?? '', expiresAt: Date.now() + 3_600_000, use: 'multiple', id: 'it' },
    bridge.linkKey,
  );
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.httpAddress().port}/call/${token}/ws`);
  const got: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const g = { got, say: (m: object) => ws.send(JSON.stringify(m)), close: () => ws.close() };
  g.say({ type: 'hello', name: 'Ada' });
  await until(() => got.length === 1, 'ready');
  return g;
}

/** Guest offers; alice gets presence + propose with the nick, rings and proceeds; returns the initiate. */
async function guestCallsAlice(g: Guest): Promise<{ guestJid: string; sid: string; initiate: Element }> {
  seen = alice.stanzas.seen.length;
  const guestJid = String(g.got[0]?.['jid']);
  g.say({ type: 'offer', sdp: OFFER });
  const propose = await next(jmiFrom('propose'), 'propose');
  const presence = await next(
    (s) => s.name === 'presence' && s.attrs['from'] === guestJid,
    'presence with nick',
  );
  expect([
    propose.attrs['from'],
    propose.getChildText('nick', NICK),
    presence.getChildText('nick', NICK),
  ]).toEqual([guestJid, 'Ada', 'Ada']);
  const sid = String(propose.getChild('propose', JMI)?.attrs['id']);
  await alice.xmpp.send(
    xml('message', { to: guestJid, type: 'chat' }, xml('ringing', { xmlns: JMI, id: sid })),
  );
  await until(() => g.got.length === 2, 'guest ringing');
  await alice.xmpp.send(
    xml('message', { to: guestJid, type: 'chat' }, xml('proceed', { xmlns: JMI, id: sid })),
  );
  const initiate = await next(jingleSet('session-initiate', guestJid), 'session-initiate');
  return { guestJid, sid, initiate };
}

describe('a web guest calls alice through a call link', () => {
  it('offer -> propose with nick -> proceed -> session-initiate = the offer; session-accept -> answer; candidates; guest hangs up', async () => {
    const g = await guest();
    const { guestJid, sid, initiate } = await guestCallsAlice(g);
    const sdpOf = (j: Element, role: 'initiator' | 'responder') => jingleToSdp(j, { role, sessionId: '1' });
    expect(sdpOf(initiate.getChild('jingle', J) as Element, 'initiator')).toEqual(
      sdpOf(sdpToJingle(OFFER, { role: 'initiator' }), 'initiator'),
    );
    const accept = sdpToJingle(ANSWER, { role: 'responder' });
    accept.attrs['responder'] = alice.jid;
    await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'session-accept', sid, accept));
    await until(() => g.got.length === 3, 'guest answer');
    const ticket = String(g.got[2]?.['ticket']);
    expect(g.got.slice(1)).toEqual([
      { type: 'ringing' },
      { type: 'answer', sdp: jingleToSdp(accept, { role: 'responder' }), ticket },
    ]);
    // The ticket names this call, for a hang-up after the guest's socket broke (call-ticket.ts).
    expect(verifyCallTicket(ticket, bridge.linkKey, Date.now())).toEqual({
      guest: guestJid,
      peer: alice.jid,
      sid,
      expiresAt: expect.any(Number),
    });

    const ufrag = String(accept.getChildren('content')[0]?.getChild('transport')?.attrs['ufrag']);
    const pwd = String(accept.getChildren('content')[0]?.getChild('transport')?.attrs['pwd']);
    const ti = xml(
      'jingle',
      {},
      xml(
        'content',
        { creator: 'initiator', name: '0' },
        xml(
          'transport',
          { xmlns: 'urn:xmpp:jingle:transports:ice-udp:1', ufrag, pwd },
          xml('candidate', {
            foundation: '1',
            component: '1',
            protocol: 'udp',
            priority: '2122260223',
            ip: '127.0.0.1',
            port: '50001',
            type: 'host',
            generation: '0',
            id: 'a1',
          }),
        ),
      ),
    );
    await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'transport-info', sid, ti));
    await until(() => g.got.length === 4, 'guest candidate');
    expect(g.got[3]).toEqual({
      type: 'candidate',
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50001 typ host generation 0',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: ufrag,
    });

    seen = alice.stanzas.seen.length;
    g.say({
      type: 'candidate',
      candidate: 'candidate:2 1 udp 2122260223 127.0.0.2 50002 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: 'gG2j',
    });
    const fromGuest = await next(jingleSet('transport-info', guestJid), 'transport-info from the guest');
    expect(candidatesFromJingle(fromGuest.getChild('jingle', J) as Element)).toEqual([
      {
        candidate: 'candidate:2 1 udp 2122260223 127.0.0.2 50002 typ host generation 0',
        sdpMid: '0',
        sdpMLineIndex: null,
        usernameFragment: 'gG2j',
      },
    ]);

    g.say({ type: 'hangup' });
    const term = await next(jingleSet('session-terminate', guestJid), 'session-terminate');
    expect(reasonFromXml(term.getChild('jingle', J)?.getChild('reason'))).toEqual({
      condition: 'success',
      text: 'The guest hung up',
    });
    const finish = await next(jmiFrom('finish', sid), 'finish');
    expect(finish.attrs['from']).toEqual(guestJid);
  });

  it('alice hangs up: the guest gets ended with her reason text', async () => {
    const g = await guest();
    const { guestJid, sid } = await guestCallsAlice(g);
    const accept = sdpToJingle(ANSWER, { role: 'responder' });
    await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'session-accept', sid, accept));
    const bye = xml('jingle', {}, xml('reason', {}, xml('success'), xml('text', {}, 'Bye Ada')));
    await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'session-terminate', sid, bye));
    await until(() => g.got.length === 4, 'guest ended');
    expect(g.got.slice(3)).toEqual([{ type: 'ended', reason: 'success', text: 'Bye Ada' }]);
  });

  it('alice does not answer: after the ring timeout the guest is told and alice gets a retract', async () => {
    const g = await guest();
    seen = alice.stanzas.seen.length;
    const t0 = Date.now();
    g.say({ type: 'offer', sdp: OFFER });
    const propose = await next(jmiFrom('propose'), 'propose');
    const sid = String(propose.getChild('propose', JMI)?.attrs['id']);
    const retract = await next(jmiFrom('retract', sid), 'retract', RING_MS + 3000);
    await until(() => g.got.length === 2, 'guest ended');
    expect([
      Date.now() - t0 >= RING_MS - 300,
      g.got[1],
      reasonFromXml(retract.getChild('retract', JMI)?.getChild('reason')),
    ]).toEqual([
      true,
      { type: 'ended', reason: 'timeout', text: `alice@${h.domain} did not answer` },
      { condition: 'cancel', text: 'No answer' },
    ]);
  });

  // Last: it restarts the shared Prosody. Issue #11 defect 6: media is browser to browser and the
  // component keeps its Jingle state, so an answered guest call outlives a server restart.
  it('Prosody restarts mid call: the guest call stays, alice (same device) pings it and hangs up, the guest hears it', async () => {
    const g = await guest();
    const { guestJid, sid } = await guestCallsAlice(g);
    const accept = sdpToJingle(ANSWER, { role: 'responder' });
    accept.attrs['responder'] = alice.jid;
    await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'session-accept', sid, accept));
    await until(() => g.got.some((m) => m['type'] === 'answer'), 'guest answer');
    const before = g.got.length;

    alice.xmpp.reconnect?.stop();
    await h.restart();
    await logout(alice);
    await until(() => bridge.xmpp.online, 'the component reconnected', 30_000);
    alice = await login(h, 'alice', 'a', 'laptop');
    const callee = alice.xmpp.iqCallee as unknown as {
      set(ns: string, name: string, fn: () => boolean): void;
    };
    callee.set(J, 'jingle', () => true);
    await alice.xmpp.send(xml('presence'));

    // An empty session-info is a ping (XEP-0166 §6.8): the session is still known.
    const pong = await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'session-info', sid));
    expect(pong.attrs['type']).toBe('result');
    const bye = xml(
      'jingle',
      {},
      xml('reason', {}, xml('success'), xml('text', {}, 'Bye after the restart')),
    );
    await alice.xmpp.iqCaller.request(jingleIq(guestJid, 'session-terminate', sid, bye));
    await until(() => g.got.length > before, 'guest ended');
    expect(g.got.slice(before)).toEqual([
      { type: 'ended', reason: 'success', text: 'Bye after the restart' },
    ]);
  });
});
