// The examples of every row of the mapping table (src/jingle/sdp/rows.ts; docs/sdp-mapping.md,
// docs/reference/xep-rules.md §10), both directions: the SDP lines of an example become exactly the
// Jingle children given, and those children become exactly those SDP lines again (boilerplate
// every section gets is stripped first).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseXml, type Element } from 'ltx';
import fc from 'fast-check';
import { directionOf, jingleToSdp, sdpToJingle, sendersOf } from '../../../src/jingle/index.js';
import {
  MAPPED,
  rowExamples,
  rows,
  sessionExamples,
  sessionRows,
  type RowExample,
} from '../../../src/jingle/sdp/rows.js';

const D = "xmlns='urn:xmpp:jingle:apps:rtp:1'";
const OURS = "xmlns='urn:xmpp:jingle-bridge:sdp:0'";
const HDR = "xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'";
const ICE = "xmlns='urn:xmpp:jingle:transports:ice-udp:1'";

const EXAMPLES: Array<[string, RowExample]> = Object.entries(rowExamples()).flatMap(([name, list]) =>
  list.map((e): [string, RowExample] => [`${name}: ${e.name}`, e]),
);

/** What every generated section carries anyway (docs/reference/xep-rules.md §10.2). */
const BOILERPLATE =
  /^(v=|o=|s=|t=|m=|c=IN IP4 0\.0\.0\.0$|a=rtcp:9 IN IP4 0\.0\.0\.0$|a=ice-options:trickle$|a=mid:0$|a=sendrecv$|a=rtcp-mux$|a=group:)/;

const sdpOf = (r: RowExample): string =>
  [
    'v=0',
    'o=- 1 2 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    `m=${(r.m ?? 'audio RTP/AVP 111').replace(' ', ` ${r.port ?? 9} `)}`,
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    ...r.sdp,
    '',
  ].join('\r\n');

const inner = (el: Element | undefined): string =>
  el === undefined ? '' : el.children.map((c) => c.toString()).join('');
/** ltx writes double quotes; the rows are easier to read with single ones. */
const q = (xml: string): string => xml.replaceAll("'", '"');
const isDirection = (l: string): boolean => /^a=(sendonly|recvonly|inactive)$/.test(l);

describe('mapping rows, SDP -> Jingle', () => {
  for (const [name, r] of EXAMPLES) {
    if (r.readOnly === true) continue;
    test(name, () => {
      const content = sdpToJingle(sdpOf(r), { role: 'initiator' }).getChild('content') as Element;
      expect(content.attrs).toEqual({ creator: 'initiator', name: '0', senders: r.senders ?? 'both' });
      expect(inner(content.getChild('description'))).toBe(q(r.description));
      expect(inner(content.getChild('transport'))).toBe(q(r.transport));
      expect(content.getChild('transport')?.attrs).toEqual({
        xmlns: 'urn:xmpp:jingle:transports:ice-udp:1',
        ...r.ice,
      });
    });
  }
});

describe('mapping rows, Jingle -> SDP', () => {
  for (const [name, r] of EXAMPLES) {
    test(name, () => {
      const media = (r.m ?? 'audio').split(' ')[0];
      const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='0' senders='${r.senders ?? 'both'}'><description ${D} media='${media}'>${r.description}</description><transport ${ICE}${r.ice ? ` ufrag='${r.ice.ufrag}' pwd='${r.ice.pwd}'` : ''}>${r.transport}</transport></content></jingle>`;
      const lines = jingleToSdp(parseXml(xml), { role: 'initiator' })
        .split('\r\n')
        .filter((l) => l !== '' && !BOILERPLATE.test(l));
      const expected = r.sdp.filter((l) => !isDirection(l) && !BOILERPLATE.test(l));
      // A row's lines come back in the generator's canonical order; compare as the whole sorted list.
      expect(lines.filter((l) => !isDirection(l)).sort()).toEqual([...expected].sort());
      expect(lines.filter(isDirection)).toEqual(r.sdp.filter(isDirection));
    });
  }
});

describe('the table', () => {
  test('every row has examples, and its keys are not owned by another row', () => {
    expect(Object.keys(rowExamples())).toEqual(Object.keys(rows));
    const owners = new Map<string, string>();
    for (const [name, row] of Object.entries(rows)) {
      for (const k of row.keys) {
        expect([k, owners.get(k)]).toEqual([k, undefined]);
        owners.set(k, name);
      }
    }
  });
  test('MAPPED, derived from the rows, is the set of sdp-transform media keys the rows consume', () => {
    expect([...MAPPED].sort()).toEqual(
      (
        'type port protocol payloads connection rtcp rtp fmtp rtcpFb rtcpFbTrrInt ext extmapAllowMixed crypto ' +
        'setup mid msid ptime maxptime direction iceUfrag icePwd fingerprint candidates endOfCandidates ' +
        'remoteCandidates iceOptions ssrcs ssrcGroups rtcpMux rtcpRsize sctpmap rids simulcast bundleOnly ' +
        'sctpPort maxMessageSize bandwidth'
      )
        .split(' ')
        .sort(),
    );
  });
  test('docs/sdp-mapping.md lists every row of rows.ts by name', () => {
    const doc = readFileSync(new URL('../../../docs/sdp-mapping.md', import.meta.url), 'utf8');
    const section = doc.slice(
      doc.indexOf('## The rows in code'),
      doc.indexOf('\n## ', doc.indexOf('## The rows in code') + 1),
    );
    const listed = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual([...Object.keys(rows), ...Object.keys(sessionRows)]);
  });
  for (const [name, example] of Object.entries(sessionExamples())) {
    test(`session row ${name}: ${example.sdp.join(' ')} <-> ${example.jingle || '(nothing)'}`, () => {
      const sdp = ['v=0', 'o=- 1 2 IN IP4 0.0.0.0', 's=-', 't=0 0', ...example.sdp];
      sdp.push('m=audio 9 RTP/AVP 0', 'a=mid:a', 'm=audio 9 RTP/AVP 0', 'a=mid:b', '');
      const j = sdpToJingle(sdp.join('\r\n'), { role: 'initiator' });
      const sessionChildren = j.getChildElements().filter((c) => c.name !== 'content');
      expect(sessionChildren.map((c) => c.toString()).join('')).toBe(q(example.jingle));
      const back = jingleToSdp(j, { role: 'initiator' }).split('\r\n');
      const head = back.slice(
        0,
        back.findIndex((l) => l.startsWith('m=')),
      );
      expect(head.filter((l) => !/^[vost]=/.test(l))).toEqual(example.sdp.filter((l) => !l.startsWith('c=')));
    });
  }
});

describe('session-level rows', () => {
  test('RTP sections always get a=rtcp-mux (browsers require it), data sections never', () => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='a'><description ${D} media='audio'><payload-type id='0'/></description></content><content creator='initiator' name='d'><transport ${ICE}><sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='0'/></transport></content></jingle>`;
    const lines = jingleToSdp(parseXml(xml), { role: 'initiator', sessionId: '1' }).split('\r\n');
    expect(lines).toEqual([
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'm=audio 9 RTP/AVP 0',
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9 IN IP4 0.0.0.0',
      'a=ice-options:trickle',
      'a=mid:a',
      'a=sendrecv',
      'a=rtcp-mux',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=ice-options:trickle',
      'a=mid:d',
      'a=sendrecv',
      'a=sctp-port:5000',
      '',
    ]);
  });
  test('a=group:BUNDLE <-> <group semantics=BUNDLE> under <jingle>; BUNDLE implies rtcp-mux', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'a=group:BUNDLE a b',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:a',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:b',
      '',
    ].join('\r\n');
    const j = sdpToJingle(sdp, { role: 'initiator' });
    expect(j.getChild('group')?.toString()).toBe(
      q(
        `<group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'><content name='a'/><content name='b'/></group>`,
      ),
    );
    const out = jingleToSdp(j, { role: 'initiator', sessionId: '42', sessionVersion: 7 });
    expect(out.split('\r\n').filter((l) => /^(o=|a=group|a=rtcp-mux|a=mid)/.test(l))).toEqual([
      'o=- 42 7 IN IP4 0.0.0.0',
      'a=group:BUNDLE a b',
      'a=mid:a',
      'a=rtcp-mux',
      'a=mid:b',
      'a=rtcp-mux',
    ]);
  });
  test('session-level fingerprint, setup, ice credentials and extmap-allow-mixed are copied into every content', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'a=fingerprint:sha-256 AA',
      'a=setup:actpass',
      'a=ice-ufrag:u',
      'a=ice-pwd:p',
      'a=extmap-allow-mixed',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:a',
      'm=video 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:b',
      '',
    ].join('\r\n');
    const contents = sdpToJingle(sdp, { role: 'initiator' }).getChildren('content');
    expect(contents.map((c) => c.toString())).toEqual(
      ['a', 'b'].map((n, i) =>
        q(
          `<content creator='initiator' name='${n}' senders='both'><description ${D} media='${['audio', 'video'][i]}'><payload-type id='0'/><extmap-allow-mixed ${HDR}/></description><transport ${ICE} ufrag='u' pwd='p'><fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>AA</fingerprint></transport></content>`,
        ),
      ),
    );
  });
  test('session-level unmapped lines ride on the first content and come back at session level', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      'i=info',
      'b=AS:10',
      't=0 0',
      'a=ice-lite',
      'a=msid-semantic: WMS *',
      'm=audio 9 RTP/AVP 0',
      'a=mid:a',
      '',
    ].join('\r\n');
    const j = sdpToJingle(sdp, { role: 'initiator' });
    expect(j.getChild('content')?.getChild('description')?.getChild('sdp')?.toString()).toBe(
      q(
        `<sdp ${OURS}><line type='i' value='info' level='session'/><bandwidth type='AS' value='10' level='session'/><attribute name='ice-lite' level='session'/><attribute name='msid-semantic' value=' WMS *' level='session'/></sdp>`,
      ),
    );
    expect(jingleToSdp(j, { role: 'initiator', sessionId: '1' }).split('\r\n').slice(0, 8)).toEqual([
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      'i=info',
      'b=AS:10',
      't=0 0',
      'a=ice-lite',
      'a=msid-semantic: WMS *',
    ]);
  });
  test('port 0: bundle-only keeps a=bundle-only, otherwise the section is marked rejected', () => {
    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'm=audio 0 RTP/AVP 0',
      'a=mid:a',
      'a=bundle-only',
      'm=video 0 RTP/AVP 0',
      'a=mid:b',
      '',
    ].join('\r\n');
    const j = sdpToJingle(sdp, { role: 'initiator' });
    expect(
      j.getChildren('content').map((c) => c.getChild('description')?.getChild('sdp')?.toString()),
    ).toEqual([q(`<sdp ${OURS}><bundle-only/></sdp>`), q(`<sdp ${OURS}><rejected/></sdp>`)]);
    const out = jingleToSdp(j, { role: 'initiator' }).split('\r\n');
    expect(out.filter((l) => /^(m=|a=bundle-only)/.test(l))).toEqual([
      'm=audio 0 RTP/AVP 0',
      'a=bundle-only',
      'm=video 0 RTP/AVP 0',
    ]);
  });
  test('a missing setup is actpass from the initiator and active from the responder', () => {
    const xml = `<jingle xmlns='urn:xmpp:jingle:1'><content creator='initiator' name='0'><description ${D} media='audio'/><transport ${ICE}><fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'> AB:CD\n</fingerprint></transport></content></jingle>`;
    const pick = (role: 'initiator' | 'responder'): string[] =>
      jingleToSdp(parseXml(xml), { role })
        .split('\r\n')
        .filter((l) => /^a=(setup|fingerprint)/.test(l));
    expect(pick('initiator')).toEqual(['a=fingerprint:sha-256 AB:CD', 'a=setup:actpass']);
    expect(pick('responder')).toEqual(['a=fingerprint:sha-256 AB:CD', 'a=setup:active']);
  });
});

describe('senders <-> direction (docs/reference/xep-rules.md §10.1)', () => {
  test('the table, author = initiator | responder', () => {
    const dirs = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
    expect(dirs.map((d) => [sendersOf(d, 'initiator'), sendersOf(d, 'responder')])).toEqual([
      ['both', 'both'],
      ['initiator', 'responder'],
      ['responder', 'initiator'],
      ['none', 'none'],
    ]);
    expect(sendersOf(undefined, 'responder')).toBe('both');
  });
  test('directionOf inverts sendersOf for the same author, and flips send/recv for the other one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sendrecv', 'sendonly', 'recvonly', 'inactive'),
        fc.constantFrom('initiator', 'responder'),
        (d, r) => {
          const other = r === 'initiator' ? 'responder' : 'initiator';
          const flipped = {
            sendrecv: 'sendrecv',
            sendonly: 'recvonly',
            recvonly: 'sendonly',
            inactive: 'inactive',
          }[d];
          expect([directionOf(sendersOf(d, r), r), directionOf(sendersOf(d, r), other)]).toEqual([
            d,
            flipped,
          ]);
        },
      ),
    );
  });
});
