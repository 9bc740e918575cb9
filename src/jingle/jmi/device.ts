// All JMI calls of one device (one full JID), still pure. It routes messages to calls by id, creates
// callee calls from proposes, runs the §4.1/§4.2 tie-breaks that involve two calls, and holds messages
// that overtake their propose (a reordering network, carbons racing the server's fork) until it arrives.
import { bareJid, sameBareJid, sameJid } from '../jid.js';
import { rejectTo } from './build.js';
import type { Reason } from '../reason.js';
import { startCallee, startCaller, stepJmi } from './machine.js';
import type { JmiMedia, JmiMessage } from './model.js';
import { forgetEnded } from './retention.js';
import { JMI_REASONS, type JmiEffect, type JmiState, type JmiStep } from './state.js';
import { mediaWithin } from './tiebreak.js';
import { send } from './transition.js';

/** Messages kept for proposes not seen yet; beyond this the oldest are dropped. */
export const EARLY_LIMIT = 32;

export interface JmiDeviceOptions {
  ringTimeoutMs?: number;
  rejectUntrusted?: boolean;
}

export interface JmiDevice {
  own: string;
  options: JmiDeviceOptions;
  /**
   * Every call by propose id; ended calls stay so late duplicates cannot ring again, for
   * JMI_DEDUP_WINDOW_MS and at most JMI_ENDED_LIMIT of them.
   */
  calls: ReadonlyMap<string, JmiState>;
  early: readonly JmiMessage[];
  /** The ended calls still in `calls`, in the order they ended, with when (ms). */
  ended: readonly { id: string; at: number }[];
}

export type JmiDeviceInput =
  | {
      type: 'message';
      message: JmiMessage;
      now: number;
      callerIsTrusted: boolean;
      /**
       * The peer of a call this device does not hold (a direct Jingle session, or a call it forgot)
       * whose sid is this message's id: a propose reusing it is treated like one reusing the id of a
       * call held here (see `reusedId`).
       */
      sidTakenBy?: string;
    }
  | { type: 'place-call'; id: string; to: string; media: readonly JmiMedia[]; now: number }
  | { type: 'accept-call' | 'cancel-call'; id: string; now: number }
  | { type: 'decline-call' | 'end-call'; id: string; now: number; reason?: Reason }
  | { type: 'tick'; now: number };

export interface JmiDeviceStep {
  device: JmiDevice;
  effects: JmiEffect[];
}

export const createJmiDevice = (own: string, options: JmiDeviceOptions = {}): JmiDevice => ({
  own,
  options,
  calls: new Map(),
  early: [],
  ended: [],
});

/** Drop a call the application no longer needs (e.g. ended more than 24 h ago, XEP-0353 §5). */
export function forgetJmiCall(device: JmiDevice, id: string): JmiDevice {
  const calls = new Map(device.calls);
  calls.delete(id);
  return { ...device, calls, ended: device.ended.filter((e) => e.id !== id) };
}

export function stepJmiDevice(device: JmiDevice, input: JmiDeviceInput): JmiDeviceStep {
  const calls = new Map(device.calls);
  const effects: JmiEffect[] = [];
  let early = device.early;
  const run = (call: JmiState, i: Parameters<typeof stepJmi>[1]): JmiStep => {
    const r = stepJmi(call, i);
    calls.set(call.id, r.state);
    effects.push(...r.effects);
    return r;
  };
  switch (input.type) {
    case 'place-call': {
      if (calls.has(input.id)) throw new TypeError(`place-call: id ${input.id} is already in use`);
      const r = startCaller({ ...input, own: device.own, ringTimeoutMs: device.options.ringTimeoutMs });
      calls.set(input.id, r.state);
      effects.push(...r.effects);
      break;
    }
    case 'tick':
      for (const call of device.calls.values()) if (call.phase !== 'ended') run(call, input);
      break;
    case 'message': {
      const m = input.message;
      const known = calls.get(m.id);
      const holder = known === undefined ? input.sidTakenBy : known;
      if (m.kind === 'propose' && holder !== undefined) effects.push(...reusedId(device.own, holder, m));
      else if (known !== undefined) run(known, input);
      else if (m.kind !== 'propose') early = [...early, m].slice(-EARLY_LIMIT);
      else if (m.route !== 'carbon-sent') {
        // A `sent` carbon of a propose is another of our devices calling out: not ours to answer.
        const started = receivePropose(device, calls, m, input, run);
        calls.set(m.id, started.state);
        effects.push(...started.effects);
        for (const e of early.filter((x) => x.id === m.id))
          run(calls.get(m.id) ?? started.state, { ...input, message: e });
        early = early.filter((x) => x.id !== m.id);
      }
      break;
    }
    default: {
      const call = calls.get(input.id);
      if (call === undefined) throw new TypeError(`${input.type}: no call with id ${input.id}`);
      run(call, input);
    }
  }
  const ended = forgetEnded(device, calls, input.now);
  return { device: { ...device, calls, early, ended }, effects };
}

function receivePropose(
  device: JmiDevice,
  calls: Map<string, JmiState>,
  m: JmiMessage & { kind: 'propose' },
  input: { now: number; callerIsTrusted: boolean },
  run: (call: JmiState, i: { type: 'message'; message: JmiMessage; now: number }) => JmiStep,
): { state: JmiState; effects: JmiEffect[] } {
  const ctx = {
    own: device.own,
    now: input.now,
    callerIsTrusted: input.callerIsTrusted,
    rejectUntrusted: device.options.rejectUntrusted,
    ringTimeoutMs: device.options.ringTimeoutMs,
  };
  const rival = [...calls.values()].find((c) => isLive(c) && sameBareJid(c.peer, m.from));
  if (rival === undefined) return startCallee(m, ctx);
  const { state: after, effects } = run(rival, { type: 'message', message: m, now: input.now });
  // The rival did not take it as a rival (e.g. a carbon for another resource): an ordinary call.
  if (after === rival && effects.length === 0) return startCallee(m, ctx);
  // §4.1 we lost: answer theirs (we were calling them, so they count as trusted), accepting it if it asks for nothing the user did not already want.
  if (after.end?.outcome === 'tie-break') {
    return startCallee(m, { ...ctx, callerIsTrusted: true, autoAccept: mediaWithin(m.media, rival.media) });
  }
  // §4.2 the old session was an orphan: proceed with the new one straight away.
  if (after.end?.outcome === 'migrated')
    return startCallee(m, { ...ctx, callerIsTrusted: true, autoAccept: true });
  // §4.1 we won and rejected theirs: remember it, so a duplicate of it cannot ring later.
  const tombstone: JmiState = {
    role: 'callee',
    phase: 'ended',
    id: m.id,
    own: device.own,
    peer: m.from,
    media: m.media,
    ringing: [],
    end: { outcome: 'tie-break', reason: JMI_REASONS.tieBreak },
  };
  return { state: tombstone, effects: [] };
}

/**
 * A propose whose id is already a call's (XEP-0353 §3.1: the id is the Jingle sid, so it names one call).
 * From the call's own device it is a duplicate (a re-send, or the same call offered both ways) and
 * changes nothing; from anyone else it is refused with a busy `<reject/>` to that sender only (§3.3),
 * never touching the call that holds the id. Carbons and copies for other resources get no answer.
 */
function reusedId(own: string, holder: JmiState | string, m: JmiMessage & { kind: 'propose' }): JmiEffect[] {
  const same =
    typeof holder === 'string'
      ? sameJid(m.from, holder)
      : holder.role === 'callee'
        ? sameJid(m.from, holder.peer)
        : sameBareJid(m.from, holder.peer);
  const forUs = m.route === 'direct' && (sameJid(m.to, own) || sameJid(m.to, bareJid(own)));
  return same || !forUs ? [] : [send(rejectTo(m.from, m.id, JMI_REASONS.busy))];
}

const isLive = (c: JmiState): boolean =>
  c.role === 'caller' ? c.phase !== 'ended' : c.phase === 'proceeding';
