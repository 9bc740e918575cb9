// The guest <-> Jingle bridge over the real GuestRegistry, JMI and Jingle engines, with a recording
// CallIo (bridge-fakes.ts): stanza histories and the guest's WebSocket messages, both whole.
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { GuestBridge } from '../../../src/component/calls/guest-bridge.js';
import type { ServerMessage } from '../../../src/component/guest/protocol.js';
import { GuestRegistry } from '../../../src/component/guest/registry.js';
import { LinkUses } from '../../../src/component/link-uses.js';
import { RateLimiter } from '../../../src/component/rate-limit.js';
import { reasonFromXml } from '../../../src/jingle/reason.js';
import { jingleToSdp, sdpToJingle } from '../../../src/jingle/sdp/index.js';
import { fakeIo, sdpFixture, settle, tree, xmlTree } from './bridge-fakes.js';

const OFFER = sdpFixture('chromium156-audio-video-data-offer.sdp');
const ANSWER = sdpFixture('chromium156-audio-video-data-answer.sdp');
const GUEST = 'guest-g1@bridge.localhost/web';
const OWNER = 'alice@localhost';
const PHONE = 'alice@localhost/phone';
const JMI = 'urn:xmpp:jingle-message:0';
const J = 'urn:xmpp:jingle:1';
const NICK = 'http://jabber.org/protocol/nick';
const ICE = 'urn:xmpp:jingle:transports:ice-udp:1';
const CAND = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0';

function setup(ringTimeoutMs = 60_000) {
  const io = fakeIo();
  const reg = new GuestRegistry({
    domain: 'bridge.localhost',
    linkUses: new LinkUses(),
    callLimiter: new RateLimiter({ capacity: 5, periodMs: 60_000 }),
    ringTimeoutMs,
    now: io.now,
    timers: io.timers,
    newId: () => 'g1',
  });
  const bridge = new GuestBridge(io, ringTimeoutMs);
  bridge.attach(reg);
  const ws: Array<ServerMessage | ['close', number, string]> = [];
  const s = reg.open({ owner: OWNER, expiresAt: 1e12, use: 'multiple', id: 'L1' }, '10.0.0.1', {
    send: (m) => ws.push(m),
    close: (c, r) => ws.push(['close', c, r]),
  });
  const say = (m: object) => s.receive(JSON.stringify(m));
  const toGuest = (el: Element) => {
    const h = bridge.stanzas(s);
    return el.name === 'iq' ? h.iq?.(el) : h.message?.(el);
  };
  say({ type: 'hello', name: 'Ada' });
  ws.length = 0;
  return { io, s, ws, say, toGuest };
}

const jmi = (kind: string, id: string, from = PHONE, inner = '') =>
  new Element('message', { from, to: GUEST, type: 'chat' })
    .c(kind, { xmlns: JMI, id })
    .root()
    .getChild(kind)!
    .parent!.getChild(kind)!
    .t(inner)
    .root();
function ownerIq(action: string, sid: string, jingle?: Element, from = PHONE): Element {
  const j = jingle ?? new Element('jingle', { xmlns: J });
  Object.assign(j.attrs, { action, sid }, action === 'session-accept' ? { responder: from } : {});
  return new Element('iq', { type: 'set', id: `${action}-1`, from, to: GUEST }).cnode(j).root();
}
const jingleOf = (el: Element | undefined): Element => el?.getChild('jingle', J) ?? new Element('missing');
const sdpOf = (jingle: Element, role: 'initiator' | 'responder') =>
  jingleToSdp(jingle, { role, sessionId: '1' });

/** Offer placed and answered by PHONE: returns the setup after the session-accept. */
async function inCall() {
  const t = setup();
  t.say({ type: 'offer', sdp: OFFER });
  t.toGuest(jmi('proceed', 'id1'));
  await settle();
  const accept = sdpToJingle(ANSWER, { role: 'responder' });
  t.toGuest(ownerIq('session-accept', 'id1', accept));
  await settle();
  return { ...t, accept };
}

describe('a guest call to the link owner', () => {
  it('presence and JMI propose with the nick, ringing, proceed -> session-initiate equal to the offer', async () => {
    const { io, ws, say, toGuest } = setup();
    say({ type: 'offer', sdp: OFFER });
    say({ type: 'candidate', candidate: CAND, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'gG2j' });
    expect(io.out.map(tree)).toEqual([
      xmlTree(`<presence from='${GUEST}' to='${OWNER}'><nick xmlns='${NICK}'>Ada</nick></presence>`),
      xmlTree(
        `<message from='${GUEST}' to='${OWNER}' type='chat' id='id2'><propose xmlns='${JMI}' id='id1'>` +
          `<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'/>` +
          `</propose><store xmlns='urn:xmpp:hints'/><nick xmlns='${NICK}'>Ada</nick></message>`,
      ),
    ]);
    toGuest(jmi('ringing', 'id1'));
    expect(ws).toEqual([{ type: 'ringing' }]);
    io.out.length = 0;
    toGuest(jmi('proceed', 'id1'));
    const initiate = io.out[0];
    expect(initiate?.attrs).toEqual({ from: GUEST, to: PHONE, type: 'set', id: 'id3' });
    expect(jingleOf(initiate).attrs).toEqual({
      xmlns: J,
      action: 'session-initiate',
      sid: 'id1',
      initiator: GUEST,
    });
    expect(sdpOf(jingleOf(initiate), 'initiator')).toEqual(
      sdpOf(sdpToJingle(OFFER, { role: 'initiator' }), 'initiator'),
    );
    // The candidate that came before proceed follows as its own transport-info.
    const ti = jingleOf(io.out[1]);
    expect([
      ti.attrs['action'],
      ti.getChild('content')?.attrs,
      ti
        .getChild('content')
        ?.getChild('transport', ICE)
        ?.getChildren('candidate')
        .map((c) => c.attrs['port']),
    ]).toEqual(['transport-info', { creator: 'initiator', name: '0' }, ['50000']]);
  });

  it('session-accept becomes the guest answer; candidates flow both ways; the guest hangs up', async () => {
    const { io, ws, accept, say, toGuest } = await inCall();
    expect(ws).toEqual([{ type: 'answer', sdp: jingleToSdp(accept, { role: 'responder' }) }]);
    const ti = ownerIq('transport-info', 'id1');
    ti.getChild('jingle')!
      .c('content', { creator: 'initiator', name: '1' })
      .c('transport', { ...accept.getChildren('content')[1]?.getChild('transport', ICE)?.attrs })
      .c('candidate', {
        foundation: '7',
        component: '1',
        protocol: 'udp',
        priority: '5',
        ip: '127.0.0.3',
        port: '7000',
        type: 'host',
        generation: '0',
        id: 'c7',
      });
    toGuest(ti);
    expect(ws.slice(1)).toEqual([
      {
        type: 'candidate',
        candidate: 'candidate:7 1 udp 5 127.0.0.3 7000 typ host generation 0',
        sdpMid: '1',
        sdpMLineIndex: 1,
        usernameFragment: accept.getChildren('content')[1]?.getChild('transport', ICE)?.attrs['ufrag'],
      },
    ]);
    io.out.length = 0;
    say({ type: 'hangup' });
    expect([
      jingleOf(io.out[0]).attrs['action'],
      reasonFromXml(jingleOf(io.out[0]).getChild('reason')),
    ]).toEqual(['session-terminate', { condition: 'success', text: 'The guest hung up' }]);
    expect(io.out.slice(1).map(tree)).toEqual([
      xmlTree(
        `<message from='${GUEST}' to='${PHONE}' type='chat' id='id5'><finish xmlns='${JMI}' id='id1'><reason xmlns='${J}'><success/><text>The guest hung up</text></reason></finish><store xmlns='urn:xmpp:hints'/></message>`,
      ),
      xmlTree(`<presence from='${GUEST}' to='${OWNER}' type='unavailable'/>`),
    ]);
  });

  it('the owner hangs up: the guest gets ended with the reason text', async () => {
    const { ws, toGuest } = await inCall();
    const term = ownerIq('session-terminate', 'id1');
    term.getChild('jingle')!.c('reason').c('success').up().c('text').t('Bye Ada');
    toGuest(term);
    expect(ws.slice(1)).toEqual([
      { type: 'ended', reason: 'success', text: 'Bye Ada' },
      ['close', 1000, 'ended'],
    ]);
  });

  // Issue #6: under load the owner's server held the session-initiate longer than our IQ timeout; the
  // engine ended the session (by: 'local'), but the guest heard nothing until the ring timeout, and the
  // owner's session-accept, arriving right after, got unknown-session.
  it('the session-initiate times out: session-terminate and JMI finish to the owner, the guest is told at once', async () => {
    const { io, ws, say, toGuest } = setup();
    say({ type: 'offer', sdp: OFFER });
    toGuest(jmi('ringing', 'id1'));
    io.out.length = 0;
    io.timeoutRequests = true;
    toGuest(jmi('proceed', 'id1'));
    await settle();
    expect(io.out.slice(1).map(tree)).toEqual([
      xmlTree(
        `<iq from='${GUEST}' to='${PHONE}' type='set' id='id4'><jingle xmlns='${J}' action='session-terminate' sid='id1'>` +
          `<reason xmlns='${J}'><timeout/><text>The other party did not answer in time.</text></reason></jingle></iq>`,
      ),
      xmlTree(
        `<message from='${GUEST}' to='${PHONE}' type='chat' id='id5'><finish xmlns='${JMI}' id='id1'><reason xmlns='${J}'>` +
          `<timeout/><text>The other party did not answer in time.</text></reason></finish><store xmlns='urn:xmpp:hints'/></message>`,
      ),
      xmlTree(`<presence from='${GUEST}' to='${OWNER}' type='unavailable'/>`),
    ]);
    expect(ws).toEqual([
      { type: 'ringing' },
      { type: 'ended', reason: 'timeout', text: 'The other party did not answer in time.' },
      ['close', 1000, 'ended'],
    ]);
    expect(io.pendingTimers()).toEqual(0);
  });

  it('no answer within the ring timeout: JMI retract "No answer", the guest is told who did not answer', () => {
    const { io, ws, say } = setup();
    say({ type: 'offer', sdp: OFFER });
    io.out.length = 0;
    io.advance(60_000 - 250);
    expect(io.out.map(tree)).toEqual([
      xmlTree(
        `<message from='${GUEST}' to='${OWNER}' type='chat' id='id3'><retract xmlns='${JMI}' id='id1'><reason xmlns='${J}'><cancel/><text>No answer</text></reason></retract><store xmlns='urn:xmpp:hints'/></message>`,
      ),
      xmlTree(`<presence from='${GUEST}' to='${OWNER}' type='unavailable'/>`),
    ]);
    expect(ws).toEqual([
      { type: 'ended', reason: 'timeout', text: 'alice@localhost did not answer' },
      ['close', 1000, 'ended'],
    ]);
  });

  it("the owner rejects: the guest is told, with the owner's text", () => {
    const { ws, say, toGuest } = setup();
    say({ type: 'offer', sdp: OFFER });
    const reject = jmi('reject', 'id1');
    reject.getChild('reject')!.c('reason', { xmlns: J }).c('busy').up().c('text').t('In a meeting');
    toGuest(reject);
    expect(ws).toEqual([
      { type: 'ended', reason: 'busy', text: 'alice@localhost is busy (In a meeting)' },
      ['close', 1000, 'ended'],
    ]);
  });

  it('the guest cancels while ringing: JMI retract to the bare JID', () => {
    const { io, say } = setup();
    say({ type: 'offer', sdp: OFFER });
    io.out.length = 0;
    say({ type: 'hangup' });
    expect(io.out.map(tree)).toEqual([
      xmlTree(
        `<message from='${GUEST}' to='${OWNER}' type='chat' id='id3'><retract xmlns='${JMI}' id='id1'><reason xmlns='${J}'><cancel/><text>Retracted</text></reason></retract><store xmlns='urn:xmpp:hints'/></message>`,
      ),
      xmlTree(`<presence from='${GUEST}' to='${OWNER}' type='unavailable'/>`),
    ]);
  });
});

describe('the guest JID survives any input', () => {
  it('strangers cannot answer or end the call; incoming session-initiate is not ours; bounces end the call', async () => {
    const { io, ws, say, toGuest } = setup();
    say({ type: 'offer', sdp: OFFER });
    io.out.length = 0;
    toGuest(jmi('proceed', 'id1', 'mallory@localhost/x'));
    expect(io.out).toEqual([]);
    expect(toGuest(ownerIq('session-initiate', 'zzz'))).toEqual(undefined);
    toGuest(
      ownerIq('session-accept', 'id1', sdpToJingle(ANSWER, { role: 'responder' }), 'mallory@localhost/x'),
    );
    expect(io.out.map(tree)).toEqual([
      xmlTree(
        `<iq type='error' id='session-accept-1' from='${GUEST}' to='mallory@localhost/x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><unknown-session xmlns='urn:xmpp:jingle:errors:1'/></error></iq>`,
      ),
    ]);
    expect(ws).toEqual([]);
    const bounce = new Element('message', { from: OWNER, to: GUEST, type: 'error' });
    bounce
      .c('error', { type: 'cancel' })
      .c('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' });
    toGuest(bounce);
    expect(ws).toEqual([
      { type: 'ended', reason: 'gone', text: 'alice@localhost cannot be reached' },
      ['close', 1000, 'ended'],
    ]);
  });

  it('an offer without audio or video (JMI cannot propose it) ends the call with a text', () => {
    const { ws, say, io } = setup();
    say({ type: 'offer', sdp: sdpFixture('chromium156-data-only-offer.sdp') });
    expect(io.out).toEqual([]);
    expect(ws).toEqual([
      { type: 'ended', reason: 'failed-application', text: 'Calls need a microphone or a camera' },
      ['close', 1000, 'ended'],
    ]);
  });
});
