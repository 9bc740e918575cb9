// A XEP-0343 data content has no <description> (docs/sdp-mapping.md, "The data content"): StanzaJS,
// lib-jitsi-meet and we send it so. The engine takes it in a session-initiate, where any other
// content without a description is still bad-request, and keeps its <sctpmap> across an ICE restart.
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { step, type Effect } from '../../../src/jingle/session/index.js';
import { ALICE, canon, content, description, jingle, transport, xml } from './helpers.js';
import { SID, iq, local, responderIdle, run } from './setup.js';

const SCTPMAP = `<sctpmap xmlns="urn:xmpp:jingle:transports:dtls-sctp:1" number="5000" protocol="webrtc-datachannel"/>`;
const audio = (ufrag: string, setup: string) =>
  content('a0', description('audio') + transport(ufrag, `${ufrag}-pwd`, '', setup));
const data = (ufrag: string, setup: string, sctpmap = SCTPMAP) =>
  content('d0', transport(ufrag, `${ufrag}-pwd`, sctpmap, setup));

/** The contents of the remote-description effect, canonical. */
const remoteContents = (effects: readonly Effect[]): string[] => {
  const e = effects.find((x) => x.kind === 'remote-description') as { jingle: Element } | undefined;
  return (e?.jingle.getChildren('content') ?? []).map((c) => canon(c));
};
const initiate = (id: string) =>
  iq(ALICE, jingle('session-initiate', SID, audio('ia', 'actpass') + data('ia', 'actpass')), id);

describe('a data content without <description>', () => {
  it('is taken in a session-initiate and reaches the adapter with its <sctpmap>', () => {
    const r = step(responderIdle(), initiate('i1'));
    expect(r.effects.map((e) => e.kind)).toEqual(['result', 'event', 'remote-description', 'event']);
    expect(remoteContents(r.effects)).toEqual([
      canon(xml(audio('ia', 'actpass'))),
      canon(xml(data('ia', 'actpass'))),
    ]);
  });

  it('without <sctpmap> it is not a data content: bad-request, as before', () => {
    const bare = content('x0', transport('ia', 'ia-pwd', '', 'actpass'));
    const r = step(
      responderIdle(),
      iq(ALICE, jingle('session-initiate', SID, audio('ia', 'actpass') + bare), 'i2'),
    );
    expect(r.effects).toEqual([{ kind: 'error', to: ALICE, iqId: 'i2', error: 'bad-request' }]);
  });

  it('keeps its <sctpmap> when the peer restarts ICE with transports that lack it', () => {
    const mine = [audio('ra', 'active'), data('ra', 'active')].map((c) => xml(c));
    const active = run(responderIdle(), initiate('i3'), local({ kind: 'accept', contents: mine })).session;
    const restart = audio('ib', 'actpass') + data('ib', 'actpass', '');
    const r = step(active, iq(ALICE, jingle('transport-info', SID, restart), 'r1'));
    expect(remoteContents(r.effects)).toEqual([
      canon(xml(audio('ib', 'actpass'))),
      canon(xml(data('ib', 'actpass'))),
    ]);
  });
});
