// Missed calls from the archive (archive.ts): reading MAM results and choosing unanswered proposes.
import type { Element } from 'ltx';
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { mamQuery, mamResult, unansweredProposes } from '../../../../src/client/calls/archive.js';
import { FakeNetwork } from './fakes.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';

const OWN = 'bob@example.org/web';
const T0 = Date.parse('2026-01-01T10:00:00Z');

const archived = (inner: string, at: number, from?: string, queryId = 'q1') =>
  parse(
    `<message ${from ? `from='${from}' ` : ''}to='${OWN}'><result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='x'>` +
      `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='${new Date(at).toISOString()}'/>${inner}</forwarded></result></message>`,
  );
const propose = (id: string, from = 'alice@example.org/web') =>
  `<message from='${from}' to='bob@example.org' type='chat'><propose xmlns='urn:xmpp:jingle-message:0' id='${id}'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose></message>`;
const own = (kind: string, id: string) =>
  `<message from='bob@example.org/phone' to='alice@example.org/web' type='chat'><${kind} xmlns='urn:xmpp:jingle-message:0' id='${id}'/></message>`;

describe('mamQuery', () => {
  it('asks for the last page since a time', () => {
    expect(mamQuery('q1', T0).toString()).toBe(
      '<query xmlns="urn:xmpp:mam:2" queryid="q1"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field><field var="start"><value>2026-01-01T10:00:00.000Z</value></field></x><set xmlns="http://jabber.org/protocol/rsm"><max>100</max><before/></set></query>',
    );
  });
});

describe('mamResult', () => {
  it.each([
    ['from our server (no from)', undefined, 'q1', true],
    ['from our bare JID', 'bob@example.org', 'q1', true],
    ['forged by someone else', 'mallory@evil.example', 'q1', false],
    ['for another query', undefined, 'q2', false],
  ] as const)('%s', (_, from, queryId, ok) => {
    const r = mamResult(archived(propose('c1'), T0, from, queryId), OWN, 'q1');
    expect(r === undefined ? undefined : { stamp: r.stamp, inner: r.message.toString() }).toEqual(
      ok ? { stamp: T0, inner: parse(propose('c1')).toString() } : undefined,
    );
  });
});

describe('unansweredProposes', () => {
  it('keeps proposes no device of ours answered, drops our own outgoing ones', () => {
    const items = [
      propose('missed'),
      propose('answered'),
      own('proceed', 'answered'),
      propose('declined'),
      own('reject', 'declined'),
      propose('ours', 'bob@example.org/phone'),
    ].map((m, i) => ({ message: parse(m), stamp: T0 + i }));
    expect(
      unansweredProposes(items, OWN).map((i) => (i.message.getChildElements()[0] as Element).attrs['id']),
    ).toEqual(['missed']);
  });

  it('an archived propose older than a minute lands in the history as missed, without ringing', () => {
    const net = new FakeNetwork();
    const bob = net.add(OWN, [...ADVERTISED_FEATURES]);
    net.befriend('alice@example.org', 'bob@example.org');
    let rang = false;
    bob.events.on('incoming-call', () => (rang = true));
    bob.handleMessage(parse(propose('old')), net.clock.now() - 5 * 60_000);
    expect(rang).toBe(false);
    expect(bob.history.map((h) => [h.id, h.peer, h.outcome])).toEqual([
      ['old', 'alice@example.org', 'missed'],
    ]);
  });
});
