// Fast call setup (issue #5): the caller prepares its offer while the callee rings, candidates ride
// inside session-initiate/accept, later ones share one transport-info per candidateBatchMs window.
import fc from 'fast-check';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { LocalCandidates } from '../../../../src/client/calls/candidates.js';
import type { Call } from '../../../../src/client/calls/call.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { Role } from '../../../../src/jingle/constants.js';
import { NS_JINGLE_MESSAGE_0 } from '../../../../src/jingle/ns.js';
import { sdpToJingle } from '../../../../src/jingle/sdp/index.js';
import type { FakePeerConnection } from './fakes.js';
import { FakeNetwork } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';
const NO_JMI = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_MESSAGE_0);
const UDP = 'candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host generation 0';
const TCP = 'candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0';

const pcOf = (call: Call) => (call as unknown as { pc: FakePeerConnection }).pc;
const nextIncoming = (m: CallManager): Promise<Call> =>
  new Promise((resolve) => {
    const off = m.events.on('incoming-call', (c) => (off(), resolve(c)));
  });

/** action: per content, the candidates inside its transport (foundation:protocol:port). */
function candidatesOnWire(net: FakeNetwork): string[] {
  return net.jingles.map(({ from, jingle }) => {
    const per = jingle
      .getChildren('content')
      .map((c: Element) => {
        const cands = c.getChild('transport')?.getChildren('candidate') ?? [];
        return `${String(c.attrs['name'])}[${cands.map((x: Element) => `${String(x.attrs['foundation'])}:${String(x.attrs['protocol'])}:${String(x.attrs['port'])}`).join(' ')}]`;
      })
      .join(' ');
    return `${from === A ? 'alice' : 'bob'} ${String(jingle.attrs['action'])} ${per}`.trim();
  });
}

/** Alice has called Bob (JMI, audio+video) and Bob's device rings. */
async function ringingCall() {
  const net = new FakeNetwork();
  const alice = net.add(A, [...ADVERTISED_FEATURES]);
  const bob = net.add(B, [...ADVERTISED_FEATURES]);
  net.befriend('alice@example.org', 'bob@example.org');
  const incoming = nextIncoming(bob);
  const call = alice.call('bob@example.org', { audio: true, video: true });
  await net.settle();
  return { net, call, bc: await incoming };
}

describe('JMI call: the caller prepares while the callee rings', () => {
  it('gathers before proceed, sends nothing but the propose, then one session-initiate with its candidates', async () => {
    const { net, call, bc } = await ringingCall();
    // XEP-0176 §10.1: the offer and its candidate exist, but only JMI went out.
    expect([
      pcOf(call).localDescription?.type,
      pcOf(call).localDescription?.sdp.match(/^a=candidate.*$/gm),
    ]).toEqual(['offer', [`a=${UDP}`, `a=${TCP}`]]);
    expect(net.wire).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: A, what: 'jmi ringing' },
    ]);
    await bc.accept();
    await net.settle();
    net.clock.advance(19);
    await net.settle();
    expect(candidatesOnWire(net)).toEqual([
      'alice session-initiate 0[1:udp:40000] 1[] 2[]',
      'bob session-accept 0[] 1[] 2[]',
    ]);
    net.clock.advance(1);
    await net.settle();
    expect(candidatesOnWire(net)).toEqual([
      'alice session-initiate 0[1:udp:40000] 1[] 2[]',
      'bob session-accept 0[] 1[] 2[]',
      'bob transport-info 0[1:udp:40000]',
    ]);
    expect(pcOf(bc).added).toEqual([]);
  });
});

describe('JMI call: the callee proceeds before its camera and mic are ready', () => {
  /** getUserMedia that waits for the test to grant (the real thing: a permission prompt). */
  function heldMedia(net: FakeNetwork) {
    let release: (grant: boolean) => void = () => undefined;
    const real = net.getUserMedia;
    net.getUserMedia = (c) =>
      new Promise((resolve, reject) => {
        release = (grant) =>
          grant ? resolve(real(c)) : reject(new DOMException('Permission denied', 'NotAllowedError'));
      });
    return (grant: boolean) => release(grant);
  }

  it('proceed and session-initiate cross while getUserMedia runs; the answer carries the tracks', async () => {
    const { net, call, bc } = await ringingCall();
    const grant = heldMedia(net);
    const accepted = bc.accept();
    await net.settle();
    expect(net.wire).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: A, what: 'jmi ringing' },
      { from: B, to: A, what: 'jmi proceed' },
      { from: B, to: 'bob@example.org', what: 'jmi accept' },
      { from: A, to: B, what: 'iq session-initiate' },
    ]);
    expect([bc.state, pcOf(bc).remoteDescription]).toEqual(['connecting', null]);
    grant(true);
    await accepted;
    await net.settle();
    expect(net.wire.slice(5)).toEqual([{ from: B, to: A, what: 'iq session-accept' }]);
    const sent = pcOf(bc).localDescription?.sdp.match(/^a=(sendrecv|recvonly|sendonly|inactive)$/gm);
    expect([pcOf(bc).localDescription?.type, sent, call.state]).toEqual([
      'answer',
      ['a=sendrecv', 'a=sendrecv'], // audio and video; the data section has no direction
      'connecting',
    ]);
  });

  it('camera and mic refused after the proceed: the session ends with media-error, nothing hangs', async () => {
    const { net, call, bc } = await ringingCall();
    const grant = heldMedia(net);
    const accepted = bc.accept();
    await net.settle();
    grant(false);
    await accepted; // the failure is the call's end reason, not an exception (serial queue)
    await net.settle();
    const reason = {
      condition: 'media-error',
      text: 'No access to microphone/camera: Permission denied',
    };
    expect(net.wire.slice(4)).toEqual([
      { from: A, to: B, what: 'iq session-initiate' },
      { from: B, to: A, what: 'iq session-terminate (media-error)' },
      { from: B, to: A, what: 'jmi finish (media-error)' },
      { from: A, to: B, what: 'jmi finish (media-error)' },
    ]);
    expect([bc.end, call.end]).toEqual([
      { reason, by: 'error' },
      { reason, by: 'peer' },
    ]);
  });
});

describe('direct session-initiate: later candidates are batched', () => {
  it.each([
    [
      20,
      19,
      ['alice session-initiate 0[] 1[]'],
      ['alice session-initiate 0[] 1[]', 'alice transport-info 0[1:udp:40000]'],
    ],
    [0, 0, ['alice session-initiate 0[] 1[]', 'alice transport-info 0[1:udp:40000]'], null],
  ] as const)(
    'candidateBatchMs %i: what is on the wire at %i ms and 1 ms later',
    async (batch, before, early, late) => {
      const net = new FakeNetwork();
      const alice = net.add(A, [...ADVERTISED_FEATURES], { candidateBatchMs: batch });
      net.add(B, [...NO_JMI]);
      net.befriend('alice@example.org', 'bob@example.org');
      alice.call('bob@example.org', { audio: true });
      await net.settle();
      net.clock.advance(before);
      await net.settle();
      expect(candidatesOnWire(net).filter((l) => l.startsWith('alice'))).toEqual(early);
      net.clock.advance(1);
      await net.settle();
      expect(candidatesOnWire(net).filter((l) => l.startsWith('alice'))).toEqual(late ?? early);
    },
  );
});

// ---- LocalCandidates (pure) ------------------------------------------------------------------------

const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:111 opus/48000/2',
  'a=ice-ufrag:uf',
  'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
].join('\r\n');
const cand = (port: number, proto = 'udp') =>
  `candidate:${port} 1 ${proto} 2122260223 127.0.0.1 ${port} typ host${proto === 'tcp' ? ' tcptype active' : ''} generation 0`;
const withLines = (lines: readonly string[]) => `${SDP}\r\n${lines.map((l) => `a=${l}`).join('\r\n')}\r\n`;
const portsIn = (contents: readonly Element[]) =>
  contents
    .flatMap((c) => c.getChild('transport')?.getChildren('candidate') ?? [])
    .map((x) => Number(x.attrs['port']));

describe('LocalCandidates', () => {
  it('holds candidates until the description, folds in those the SDP lacks, sends later ones once', () => {
    const lc = new LocalCandidates(Role.initiator);
    expect(lc.gathered({ candidate: cand(1), sdpMid: '0' }, withLines([]))).toBeUndefined();
    expect(lc.gathered({ candidate: cand(2), sdpMid: '0' }, withLines([]))).toBeUndefined();
    const sdp = withLines([cand(2)]); // the browser listed one of the two so far
    const contents = sdpToJingle(sdp, { role: Role.initiator }).getChildren('content');
    lc.describe(contents);
    expect([lc.described, portsIn(contents)]).toEqual([true, [2, 1]]);
    const later = withLines([cand(2), cand(1), cand(3)]);
    expect(lc.gathered({ candidate: cand(2), sdpMid: '0' }, later)).toBeUndefined();
    expect(lc.gathered({ candidate: cand(3, 'tcp'), sdpMid: '0' }, later)).toBeUndefined();
    expect(lc.gathered({ candidate: '', sdpMid: '0' }, later)).toBeUndefined();
    const out = lc.gathered({ candidate: cand(3), sdpMid: '0' }, later);
    expect([out?.content, out?.candidate.attrs['port']]).toEqual(['0', '3']);
    expect(lc.gathered({ candidate: cand(3), sdpMid: '0' }, later)).toBeUndefined();
  });

  it('property: every UDP candidate is signalled exactly once (in the description or by trickle), TCP never', () => {
    const event = fc.record({
      port: fc.integer({ min: 1, max: 12 }),
      tcp: fc.boolean(),
      inSdp: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.array(event, { maxLength: 12 }), (before, after) => {
        const lc = new LocalCandidates(Role.responder);
        const lines: string[] = [];
        const gather = (e: { port: number; tcp: boolean; inSdp: boolean }) => {
          const line = cand(e.port, e.tcp ? 'tcp' : 'udp');
          if (e.inSdp && !lines.includes(line)) lines.push(line);
          return lc.gathered({ candidate: line, sdpMid: '0' }, withLines(lines));
        };
        for (const e of before) expect(gather(e)).toBeUndefined();
        const sdp = withLines(lines);
        const contents = sdpToJingle(sdp, { role: Role.responder }).getChildren('content');
        lc.describe(contents);
        const trickled = after.flatMap((e) => {
          const out = gather(e);
          return out === undefined ? [] : [Number(out.candidate.attrs['port'])];
        });
        const signalled = [...portsIn(contents), ...trickled].sort((x, y) => x - y);
        const udp = [...new Set([...before, ...after].filter((e) => !e.tcp).map((e) => e.port))];
        expect(signalled).toEqual(udp.sort((x, y) => x - y));
      }),
    );
  });
});
