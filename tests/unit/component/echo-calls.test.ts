// echo@'s call handling over the real JMI and Jingle engines, with a recording CallIo and a fake
// EchoMedia (bridge-fakes.ts): whole stanza histories for JMI and direct calls, limits, duration.
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { EchoCalls, echoBusy, echoTimeUp } from '../../../src/component/calls/echo-calls.js';
import { jingleToSdp, sdpToJingle } from '../../../src/jingle/sdp/index.js';
import { reasonFromXml } from '../../../src/jingle/reason.js';
import { fakeIo, fakeMedia, sdpFixture, settle, tree, xmlTree } from './bridge-fakes.js';

const OFFER = sdpFixture('chromium156-audio-video-data-offer.sdp');
const ANSWER = sdpFixture('chromium156-audio-video-data-answer.sdp');
const ECHO = 'echo@bridge.localhost/echo';
const ALICE = 'alice@localhost/phone';
const JMI = 'urn:xmpp:jingle-message:0';
const J = 'urn:xmpp:jingle:1';
const CAND = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0';

function setup(limits = { maxCalls: 4, maxCallMs: 300_000 }, opts: Parameters<typeof fakeMedia>[1] = {}) {
  const io = fakeIo();
  const media = fakeMedia(ANSWER, opts);
  const echo = new EchoCalls('bridge.localhost', io, media.factory, limits);
  return { io, media, echo };
}

const propose = (id: string, from = ALICE): Element =>
  new Element('message', { from, to: 'echo@bridge.localhost', type: 'chat', id: `m-${id}` })
    .c('propose', { xmlns: JMI, id })
    .c('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'audio' })
    .root();

function jingleIq(action: string, sid: string, from = ALICE, id = `${action}-${sid}`): Element {
  const j =
    action === 'session-initiate'
      ? sdpToJingle(OFFER, { role: 'initiator' })
      : new Element('jingle', { xmlns: J });
  Object.assign(j.attrs, { action, sid }, action === 'session-initiate' ? { initiator: from } : {});
  if (action === 'session-terminate') j.c('reason').c('success');
  return new Element('iq', { type: 'set', id, from, to: ECHO }).cnode(j).root();
}

const result = (id: string, to = ALICE) =>
  xmlTree(`<iq type='result' id='${id}' from='${ECHO}' to='${to}'/>`);
const jmiMsg = (kind: string, id: string, stanzaId: string, inner = '') =>
  xmlTree(
    `<message from='${ECHO}' to='${ALICE}' type='chat' id='${stanzaId}'><${kind} xmlns='${JMI}' id='${id}'>${inner}</${kind}><store xmlns='urn:xmpp:hints'/></message>`,
  );
const normalised = (jingle: Element, role: 'initiator' | 'responder') =>
  jingleToSdp(jingle, { role, sessionId: '1' });
const jingleOf = (el: Element | undefined): Element => el?.getChild('jingle', J) ?? new Element('missing');
const terminateReason = (el: Element | undefined) => ({
  action: jingleOf(el).attrs['action'],
  reason: reasonFromXml(jingleOf(el).getChild('reason')),
});

describe('echo@ answering', () => {
  it('JMI: ringing and proceed, then accepts the session-initiate with the media answer, then finish', async () => {
    const { io, media, echo } = setup();
    expect(echo.message(propose('call1'))).toEqual([]);
    expect(io.out.map(tree)).toEqual([jmiMsg('ringing', 'call1', 'id1'), jmiMsg('proceed', 'call1', 'id2')]);

    const initiate = jingleIq('session-initiate', 'call1');
    expect(echo.iq(initiate)).toEqual({ replied: true });
    await settle();
    expect(media.log).toEqual([[1, 'answer', jingleToSdp(jingleOf(initiate), { role: 'initiator' })]]);
    const accept = io.out[3];
    expect(io.out.slice(2, 3).map(tree)).toEqual([result('session-initiate-call1')]);
    expect(accept?.attrs).toEqual({ from: ECHO, to: ALICE, type: 'set', id: 'id3' });
    expect(jingleOf(accept).attrs).toEqual({
      xmlns: J,
      action: 'session-accept',
      sid: 'call1',
      responder: ECHO,
    });
    expect(normalised(jingleOf(accept), 'responder')).toEqual(
      normalised(sdpToJingle(ANSWER, { role: 'responder' }), 'responder'),
    );
    expect(echo.activeCalls).toEqual(1);

    echo.iq(jingleIq('session-terminate', 'call1'));
    expect(io.out.slice(4).map(tree)).toEqual([
      result('session-terminate-call1'),
      jmiMsg('finish', 'call1', 'id4', `<reason xmlns='${J}'><success/></reason>`),
    ]);
    expect(media.log.slice(1)).toEqual([[1, 'close']]);
    expect(echo.activeCalls).toEqual(0);
  });

  it('direct session-initiate: acked, answered; candidates flow both ways, one per transport-info', async () => {
    const local = { candidate: CAND, sdpMid: '0', sdpMLineIndex: 0 };
    const { io, media, echo } = setup(undefined, { candidatesDuringAnswer: [local] });
    echo.iq(jingleIq('session-initiate', 's1'));
    const ti = new Element('iq', { type: 'set', id: 'ti1', from: ALICE, to: ECHO });
    ti.c('jingle', { xmlns: J, action: 'transport-info', sid: 's1' })
      .c('content', { creator: 'initiator', name: '0' })
      .c('transport', {
        xmlns: 'urn:xmpp:jingle:transports:ice-udp:1',
        ufrag: 'gG2j',
        pwd: 'Vi9J2k2ktIh2odNMBjKJSpBq',
      })
      .c('candidate', {
        foundation: '9',
        component: '1',
        protocol: 'udp',
        priority: '1',
        ip: '127.0.0.2',
        port: '4000',
        type: 'host',
        generation: '0',
        id: 'c9',
      });
    echo.iq(ti);
    await settle();
    await settle();
    expect(io.out.map((e) => [e.attrs['type'], jingleOf(e).attrs['action'] ?? null])).toEqual([
      ['result', null],
      ['result', null],
      ['set', 'session-accept'],
      ['set', 'transport-info'],
    ]);
    const sent = jingleOf(io.out[3]).getChild('content')?.getChild('transport');
    expect(sent?.getChildren('candidate').map((c) => c.attrs['ip'])).toEqual(['127.0.0.1']);
    expect(media.log.slice(1)).toEqual([
      [
        1,
        'candidate',
        {
          candidate: 'candidate:9 1 udp 1 127.0.0.2 4000 typ host generation 0',
          sdpMid: '0',
          sdpMLineIndex: null,
          usernameFragment: 'gG2j',
        },
      ],
    ]);
  });
});

describe('echo@ limits', () => {
  it('the fifth call is busy: JMI reject, and session-terminate after the ack for a direct initiate', async () => {
    const { io, echo } = setup();
    for (const n of [1, 2, 3, 4]) echo.iq(jingleIq('session-initiate', `s${n}`, `${ALICE}${n}`));
    await settle();
    expect(echo.activeCalls).toEqual(4);
    io.out.length = 0;
    echo.message(propose('call5'));
    expect(io.out.map(tree)).toEqual([
      jmiMsg('ringing', 'call5', 'id5'),
      jmiMsg(
        'reject',
        'call5',
        'id6',
        `<reason xmlns='${J}'><busy/><text>${echoBusy(4).text}</text></reason>`,
      ),
    ]);
    io.out.length = 0;
    echo.iq(jingleIq('session-initiate', 's5', `${ALICE}5`));
    expect(tree(io.out[0] ?? new Element('x'))).toEqual(result('session-initiate-s5', `${ALICE}5`));
    expect(terminateReason(io.out[1])).toEqual({ action: 'session-terminate', reason: echoBusy(4) });
    expect(echo.activeCalls).toEqual(4);
  });

  it('ends a call after the maximum duration with success and a readable text', async () => {
    const { io, media, echo } = setup({ maxCalls: 4, maxCallMs: 300_000 });
    echo.iq(jingleIq('session-initiate', 's1'));
    await settle();
    io.out.length = 0;
    io.advance(299_999);
    expect(io.out).toEqual([]);
    io.advance(1);
    expect(terminateReason(io.out[0])).toEqual({
      action: 'session-terminate',
      reason: { condition: 'success', text: 'Echo test calls end after 5 minutes' },
    });
    expect(echoTimeUp(90_000)).toEqual({
      condition: 'success',
      text: 'Echo test calls end after 90 seconds',
    });
    expect(media.log.at(-1)).toEqual([1, 'close']);
    expect(echo.activeCalls).toEqual(0);
  });

  it('a proceeded JMI call without session-initiate is finished after 30 s', () => {
    const { io, echo } = setup();
    echo.message(propose('call1'));
    io.out.length = 0;
    io.advance(30_000);
    expect(io.out.map(tree)).toEqual([
      jmiMsg(
        'finish',
        'call1',
        'id3',
        `<reason xmlns='${J}'><timeout/><text>No session-initiate came after proceed</text></reason>`,
      ),
    ]);
    expect(echo.activeCalls).toEqual(0);
  });

  it('an offer the media cannot answer ends with failed-application and a text', async () => {
    const { io, echo } = setup(undefined, { fail: true });
    echo.iq(jingleIq('session-initiate', 's1'));
    await settle();
    expect(terminateReason(io.out[1])).toEqual({
      action: 'session-terminate',
      reason: { condition: 'failed-application', text: 'The echo test could not use this offer' },
    });
  });
});

describe('echo@ survives any input', () => {
  it('answers broken or foreign Jingle with XEP-0166 errors and ignores non-JMI messages', async () => {
    const { io, echo } = setup();
    echo.iq(jingleIq('session-initiate', 's1'));
    await settle();
    io.out.length = 0;
    const noSid = new Element('iq', { type: 'set', id: 'b1', from: ALICE, to: ECHO })
      .c('jingle', { xmlns: J, action: 'session-info' })
      .root();
    echo.iq(noSid);
    // Mallory cannot end Alice's call: the session is keyed by Alice's full JID.
    echo.iq(jingleIq('session-terminate', 's1', 'mallory@localhost/x', 'b2'));
    expect(
      echo.iq(
        new Element('iq', { type: 'get', id: 'b3', from: ALICE, to: ECHO })
          .c('query', { xmlns: 'jabber:iq:version' })
          .root(),
      ),
    ).toEqual(undefined);
    expect(echo.message(new Element('message', { from: ALICE, to: ECHO }).c('body').t('hi').root())).toEqual(
      [],
    );
    expect(io.out.map(tree)).toEqual([
      xmlTree(
        `<iq type='error' id='b1' from='${ECHO}' to='${ALICE}'><error type='cancel'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
      ),
      xmlTree(
        `<iq type='error' id='b2' from='${ECHO}' to='mallory@localhost/x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><unknown-session xmlns='urn:xmpp:jingle:errors:1'/></error></iq>`,
      ),
    ]);
    expect(echo.activeCalls).toEqual(1);
  });

  it('after a connection loss, terminates every call with "the call server restarted"', async () => {
    const { io, echo, media } = setup();
    echo.iq(jingleIq('session-initiate', 's1'));
    await settle();
    io.out.length = 0;
    echo.connectionLost();
    expect(terminateReason(io.out[0])).toEqual({
      action: 'session-terminate',
      reason: { condition: 'connectivity-error', text: 'the call server restarted' },
    });
    expect(media.log.at(-1)).toEqual([1, 'close']);
  });
});
