// #11 item 8: thousands of calls from a stranger leave bounded state. The history keeps the newest
// HISTORY_LIMIT entries, the JMI device forgets ended calls beyond JMI_ENDED_LIMIT, the session table
// ended sessions beyond ENDED_SESSIONS_KEPT; no Call object is ever made for a stranger.
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT } from '../../../../src/client/calls/bookkeeping.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { JMI_ENDED_LIMIT, type JmiDevice } from '../../../../src/jingle/jmi/index.js';
import { ENDED_SESSIONS_KEPT, type SessionTable } from '../../../../src/jingle/session/index.js';
import { FakeNetwork } from './fakes.js';

const A = 'alice@example.org/web';
const MALLORY = 'mallory@evil.example/x';
const N = 5000;

const engines = (m: CallManager): { device: JmiDevice; table: SessionTable } => {
  const e = m.engines;
  if (e === undefined) throw new Error('no engines yet');
  return { device: e.jmi.device, table: e.jingle.table };
};
const sizes = (m: CallManager) => ({
  history: m.history.length,
  device: engines(m).device.calls.size,
  deviceEnded: engines(m).device.ended.length,
  sessions: engines(m).table.sessions.size,
  calls: m.calls.size,
});
const newestIds = (prefix: string) =>
  Array.from({ length: HISTORY_LIMIT }, (_, i) => `${prefix}${N - HISTORY_LIMIT + 1 + i}`);

describe(`${N} calls from a stranger`, () => {
  it('JMI proposes: each is refused (busy) and logged missed; history and device stay bounded', async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    for (let i = 1; i <= N; i++)
      alice.handleMessage(
        parse(
          `<message from="${MALLORY}" to="alice@example.org" type="chat"><propose xmlns="urn:xmpp:jingle-message:0" id="m${i}">` +
            `<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"/></propose></message>`,
        ),
      );
    await net.settle();
    expect(sizes(alice)).toEqual({
      history: HISTORY_LIMIT,
      device: JMI_ENDED_LIMIT,
      deviceEnded: JMI_ENDED_LIMIT,
      sessions: 0,
      calls: 0,
    });
    expect(alice.history.map((h) => [h.id, h.peer, h.outcome])).toEqual(
      newestIds('m').map((id) => [id, 'mallory@evil.example', 'missed']),
    );
    expect(net.wire.length).toBe(N);
    expect(net.wire.at(-1)).toEqual({ from: A, to: MALLORY, what: 'jmi reject (busy)' });
  });

  it('Jingle session-initiates: each is declined and logged missed; history and session table stay bounded', async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    const offer = (sid: string) =>
      parse(
        `<jingle xmlns="urn:xmpp:jingle:1" action="session-initiate" sid="${sid}"><content creator="initiator" name="0">` +
          '<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"><payload-type id="111" name="opus" clockrate="48000" channels="2"/></description>' +
          '<transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="u1" pwd="p1p1p1p1p1p1p1p1p1p1p1p1"/></content></jingle>',
      );
    const replies = new Set<string>();
    for (let i = 1; i <= N; i++) {
      const r = alice.handleIq({ id: `i${i}`, from: MALLORY, jingle: offer(`j${i}`) });
      replies.add(r === true ? 'result' : r.toString());
    }
    await net.settle();
    expect([...replies]).toEqual(['result']);
    expect(sizes(alice)).toEqual({
      history: HISTORY_LIMIT,
      device: 0,
      deviceEnded: 0,
      sessions: ENDED_SESSIONS_KEPT,
      calls: 0,
    });
    expect(alice.history.map((h) => [h.id, h.outcome])).toEqual(newestIds('j').map((id) => [id, 'missed']));
    expect(net.wire.at(-1)).toEqual({ from: A, to: MALLORY, what: 'iq session-terminate (decline)' });
  });
});
