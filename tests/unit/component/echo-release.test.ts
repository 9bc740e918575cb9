// Issue #14: an ended echo@ call leaves nothing behind in the call layer: no timer (the JMI ring
// timer, the Jingle engine's timers, the call's time limit), no live call, its media closed, and the
// ended session kept only in the engine's slim form that still answers late IQs (XEP-0166 §6.7, §14).
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { EchoCalls } from '../../../src/component/calls/echo-calls.js';
import { sdpToJingle } from '../../../src/jingle/sdp/index.js';
import { sessionKey, type Session } from '../../../src/jingle/session/index.js';
import { fakeIo, fakeMedia, sdpFixture, settle, tree, xmlTree } from './bridge-fakes.js';

const OFFER = sdpFixture('chromium156-audio-video-data-offer.sdp');
const ANSWER = sdpFixture('chromium156-audio-video-data-answer.sdp');
const ECHO = 'echo@bridge.localhost/echo';
const ALICE = 'alice@localhost/phone';
const J = 'urn:xmpp:jingle:1';

function setup() {
  const io = fakeIo();
  const media = fakeMedia(ANSWER);
  const echo = new EchoCalls('bridge.localhost', io, media.factory, { maxCalls: 4, maxCallMs: 300_000 });
  return { io, media, echo };
}

const propose = (id: string): Element =>
  new Element('message', { from: ALICE, to: 'echo@bridge.localhost', type: 'chat', id: `m-${id}` })
    .c('propose', { xmlns: 'urn:xmpp:jingle-message:0', id })
    .c('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'video' })
    .root();

function jingleIq(action: string, sid: string, id = `${action}-${sid}`): Element {
  const j = action === 'session-initiate' ? sdpToJingle(OFFER, { role: 'initiator' }) : new Element('jingle');
  Object.assign(
    j.attrs,
    { xmlns: J, action, sid },
    action === 'session-initiate' ? { initiator: ALICE } : {},
  );
  if (action === 'session-terminate') j.c('reason').c('success');
  return new Element('iq', { type: 'set', id, from: ALICE, to: ECHO }).cnode(j).root();
}

/** The parts of a session that hold the call's SDP, buffers and timers. */
const heavyParts = (s: Session | undefined) =>
  s === undefined
    ? undefined
    : {
        state: s.state,
        contents: s.contents,
        bufferedRemote: s.bufferedRemote,
        seenCandidates: s.seenCandidates,
        localQueue: s.localQueue,
        remoteGroup: s.remoteGroup,
        localGroup: s.localGroup,
        restart: s.restart,
        timers: s.timers,
      };
const EMPTY_ENDED = {
  state: 'ended',
  contents: [],
  bufferedRemote: [],
  seenCandidates: [],
  localQueue: [],
  remoteGroup: undefined,
  localGroup: undefined,
  restart: undefined,
  timers: {},
};

describe('an ended echo@ call leaves nothing behind', () => {
  it('JMI call hung up by the caller: no timer, no call, media closed, the session kept slim', async () => {
    const { io, media, echo } = setup();
    echo.message(propose('c1'));
    // Proceeded: only the wait for the session-initiate is armed, not the ring timer any more.
    expect(io.pendingTimers()).toEqual(1);
    echo.iq(jingleIq('session-initiate', 'c1'));
    await settle();
    expect([echo.activeCalls, io.pendingTimers() > 0]).toEqual([1, true]);
    echo.iq(jingleIq('session-terminate', 'c1'));
    await settle();
    expect({
      activeCalls: echo.activeCalls,
      timers: io.pendingTimers(),
      media: media.log.slice(1),
      session: heavyParts(echo.jingle.session(sessionKey(ALICE, 'c1'))),
      jmi: echo.jmi.call('c1')?.phase,
    }).toEqual({ activeCalls: 0, timers: 0, media: [[1, 'close']], session: EMPTY_ENDED, jmi: 'ended' });
  });

  it('direct call ended by its time limit: nothing armed once the terminate is acked', async () => {
    const { io, media, echo } = setup();
    echo.iq(jingleIq('session-initiate', 's1'));
    await settle();
    io.advance(300_000);
    await settle();
    expect({
      activeCalls: echo.activeCalls,
      timers: io.pendingTimers(),
      media: media.log.at(-1),
      session: heavyParts(echo.jingle.session(sessionKey(ALICE, 's1'))),
    }).toEqual({ activeCalls: 0, timers: 0, media: [1, 'close'], session: EMPTY_ENDED });
  });

  it('the slim ended session still answers: the same result to a re-sent id, unknown-session to new IQs', async () => {
    const { io, echo } = setup();
    echo.iq(jingleIq('session-initiate', 's1'));
    await settle();
    echo.iq(jingleIq('session-terminate', 's1'));
    io.out.length = 0;
    echo.iq(jingleIq('session-terminate', 's1'));
    echo.iq(jingleIq('session-info', 's1'));
    expect(io.out.map(tree)).toEqual([
      xmlTree(`<iq type='result' id='session-terminate-s1' from='${ECHO}' to='${ALICE}'/>`),
      xmlTree(
        `<iq type='error' id='session-info-s1' from='${ECHO}' to='${ALICE}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><unknown-session xmlns='urn:xmpp:jingle:errors:1'/></error></iq>`,
      ),
    ]);
  });

  it('twenty calls in a row leave twenty slim ended sessions and no timer', async () => {
    const { io, echo } = setup();
    for (let i = 0; i < 20; i++) {
      echo.message(propose(`k${i}`));
      echo.iq(jingleIq('session-initiate', `k${i}`));
      await settle();
      echo.iq(jingleIq('session-terminate', `k${i}`));
      await settle();
    }
    const sessions = echo.jingle.sessions();
    expect({
      timers: io.pendingTimers(),
      live: echo.activeCalls,
      slim: sessions.filter((s) => s.state === 'ended' && s.contents.length === 0).length,
      all: sessions.length,
    }).toEqual({ timers: 0, live: 0, slim: 20, all: 20 });
  });
});
