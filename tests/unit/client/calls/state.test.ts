// The derived call state (state.ts), the call log outcome (history.ts), stats and the queue.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALL_STATES,
  PC_STATES,
  deriveCallState,
  type CallFacts,
} from '../../../../src/client/calls/state.js';
import { historyOutcome } from '../../../../src/client/calls/history.js';
import { SerialQueue } from '../../../../src/client/calls/queue.js';
import { summarizeStats } from '../../../../src/client/calls/stats.js';
import { JMI_PHASES } from '../../../../src/jingle/jmi/index.js';
import type { FakePeerConnection } from './fakes.js';
import { FakeNetwork } from './fakes.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import type { Call } from '../../../../src/client/calls/call.js';

const base: CallFacts = {
  direction: 'outgoing',
  jmi: 'proposed',
  session: undefined,
  peerRinging: false,
  localAccepted: false,
  pc: 'new',
  ended: false,
};

describe('deriveCallState', () => {
  it.each([
    [{}, 'proposing'],
    [{ jmi: 'ringing' }, 'ringing'],
    [{ jmi: undefined, session: 'pending', peerRinging: true }, 'ringing'],
    [{ jmi: 'proceeding' }, 'connecting'],
    [{ jmi: undefined, session: 'active', pc: 'connecting' }, 'connecting'],
    [{ jmi: 'proceeding', session: 'active', pc: 'connected' }, 'connected'],
    [{ jmi: 'proceeding', session: 'active', pc: 'disconnected' }, 'reconnecting'],
    [{ jmi: 'proceeding', session: 'active', pc: 'failed' }, 'reconnecting'],
    [{ jmi: 'proceeding', session: 'ended' }, 'ended'],
    [{ pc: 'closed' }, 'ended'],
    [{ direction: 'incoming', jmi: 'ringing' }, 'incoming'],
    [{ direction: 'incoming', jmi: 'ringing', localAccepted: true }, 'connecting'],
    [{ direction: 'incoming', jmi: undefined, session: 'pending' }, 'incoming'],
  ] as const)('%j -> %s', (facts, state) => {
    expect(deriveCallState({ ...base, ...facts })).toBe(state);
  });

  it('is total, and ended facts always win', () => {
    const facts = fc.record({
      direction: fc.constantFrom('outgoing' as const, 'incoming' as const),
      jmi: fc.constantFrom(undefined, ...JMI_PHASES),
      session: fc.constantFrom(
        undefined,
        'idle' as const,
        'pending' as const,
        'active' as const,
        'ended' as const,
      ),
      peerRinging: fc.boolean(),
      localAccepted: fc.boolean(),
      pc: fc.constantFrom(...PC_STATES),
      ended: fc.boolean(),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const s = deriveCallState(f);
        expect(CALL_STATES).toContain(s);
        if (f.ended) expect(s).toBe('ended');
        if (s === 'incoming') expect(f.direction).toBe('incoming');
        if (s === 'ringing' || s === 'proposing') expect(f.direction).toBe('outgoing');
      }),
    );
  });
});

describe('historyOutcome', () => {
  it.each([
    ['outgoing', true, 'success', undefined, 'answered'],
    ['incoming', false, 'cancel', 'missed', 'missed'],
    ['outgoing', false, 'decline', 'rejected', 'rejected'],
    ['outgoing', false, 'busy', 'rejected', 'busy'],
    ['incoming', false, 'cancel', 'answered-elsewhere', 'answered-elsewhere'],
    ['outgoing', false, 'cancel', 'cancelled', 'cancelled'],
    ['outgoing', false, 'cancel', 'timeout', 'no-answer'],
    ['incoming', false, 'decline', undefined, 'declined'],
    ['outgoing', false, 'connectivity-error', undefined, 'failed'],
  ] as const)('%s answered=%s %s (jmi %s) -> %s', (dir, answered, condition, outcome, expected) => {
    expect(historyOutcome(dir, answered, { condition }, outcome)).toBe(expected);
  });
});

describe('summarizeStats', () => {
  const report = (rx: number, tx: number) => [
    { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
    { id: 'CP', type: 'candidate-pair', currentRoundTripTime: 0.012 },
    { id: 'CPx', type: 'candidate-pair', currentRoundTripTime: 0.5 },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', bytesReceived: rx, packetsReceived: 95, packetsLost: 5 },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: rx,
      packetsReceived: 100,
      packetsLost: 0,
      framesDecoded: 30,
    },
    { id: 'OA', type: 'outbound-rtp', kind: 'audio', bytesSent: tx },
  ];
  it('reads rtt of the selected pair, bitrates from deltas and the loss fraction', () => {
    const first = summarizeStats(report(1000, 500), 10_000, undefined);
    expect(first).toEqual({
      stats: {
        roundTripTime: 0.012,
        bitrateIn: 0,
        bitrateOut: 0,
        packetLoss: 0.025,
        bytesReceived: 2000,
        bytesSent: 500,
        framesDecoded: 30,
      },
      sample: { at: 10_000, bytesReceived: 2000, bytesSent: 500 },
    });
    expect(summarizeStats(report(2000, 1500), 12_000, first.sample).stats).toEqual({
      roundTripTime: 0.012,
      bitrateIn: 8000,
      bitrateOut: 4000,
      packetLoss: 0.025,
      bytesReceived: 4000,
      bytesSent: 1500,
      framesDecoded: 30,
    });
  });
});

describe('SerialQueue', () => {
  it('runs tasks one after another, survives failures, drops work after close', async () => {
    const log: string[] = [];
    const q = new SerialQueue((e) => log.push(`error ${(e as Error).message}`));
    void q.push(async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push('slow');
    });
    void q.push(() => {
      throw new Error('boom');
    });
    void q.push(() => void log.push('fast'));
    await q.idle();
    q.close();
    void q.push(() => void log.push('late'));
    await q.idle();
    expect(log).toEqual(['slow', 'error boom', 'fast']);
  });
});

describe('state history from peer connection changes, stats polling', () => {
  it('connecting -> connected -> reconnecting -> connected, stats every second while connected', async () => {
    const net = new FakeNetwork();
    const alice = net.add('alice@example.org/web', [...ADVERTISED_FEATURES]);
    const bob = net.add('bob@example.org/web', [...ADVERTISED_FEATURES]);
    net.befriend('alice@example.org', 'bob@example.org');
    const incoming = new Promise<Call>((r) => bob.events.on('incoming-call', r));
    const call = alice.call('bob@example.org');
    await net.settle();
    await (await incoming).accept();
    await net.settle();
    const states: string[] = [];
    const stats: unknown[] = [];
    call.on('state', (s) => states.push(s));
    call.on('stats', (s) => stats.push(s));
    const pc = (call as unknown as { pc: FakePeerConnection }).pc;
    pc.stats = [{ id: 'CP', type: 'candidate-pair', selected: true, currentRoundTripTime: 0.02 }];
    pc.setConnectionState('connecting');
    pc.setConnectionState('connected');
    net.clock.advance(1000);
    await net.settle();
    pc.setConnectionState('disconnected');
    net.clock.advance(3000);
    await net.settle();
    pc.setConnectionState('connected');
    call.hangup();
    net.clock.advance(3000);
    await net.settle();
    expect(states).toEqual(['connected', 'reconnecting', 'connected', 'ended']);
    expect(stats).toEqual([
      {
        roundTripTime: 0.02,
        bitrateIn: 0,
        bitrateOut: 0,
        packetLoss: 0,
        bytesReceived: 0,
        bytesSent: 0,
        framesDecoded: 0,
      },
    ]);
    expect(pc.config).toEqual({
      iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
    });
  });
});
