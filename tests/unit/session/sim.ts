// Two session tables wired through a simulated network. In-order delivery (XMPP between two full
// JIDs), except that a transport-info may overtake the session-initiate just before it (docs/reference/deployed-clients.md
// §3.6); XEP-0198 re-sends (duplicate), lost IQs (the sender gets iq-timeout; session-terminate
// is never lost, the spec has no recovery for its loss), a clock (`tick`), presence, and the
// application's answers (restart answer, content-accept/-reject) that real adapters send later.
import type { Element } from 'ltx';
import {
  createSessionTable,
  InvalidStateError,
  JINGLE_ERRORS,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  tickAll,
  type Effect,
  type Input,
  type Intent,
  type JingleErrorName,
  type Session,
  type SessionTable,
} from '../../../src/jingle/session/index.js';
import { allowedError, type ErrorRecord } from './sim-rules.js';
import { ALICE, BOB } from './helpers.js';
import { offerContents } from './setup.js';
import { appIntent, reaction, type What } from './sim-app.js';

export type Side = 'a' | 'b';
export type Cmd =
  | { op: 'deliver'; overtake: boolean }
  | { op: 'drop' }
  | { op: 'duplicate' }
  | { op: 'tick'; ms: number }
  | { op: 'presence'; side: Side; gone: boolean }
  | { op: 'react'; side: Side }
  | { op: 'intent'; side: Side; what: What; pick: number };

export interface SimConfig {
  glare: boolean;
  audioOnly: boolean;
  candidateBatchMs: number;
  acceptTimeoutMs?: number;
  peerGoneMs: number;
  acceptAdds: boolean;
}

type Msg =
  | { to: Side; kind: 'iq'; id: string; jingle: Element }
  | { to: Side; kind: 'reply'; ref: string; error?: JingleErrorName };

export const JID = { a: ALICE, b: BOB } as const;
export const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

export interface SimResult {
  t: Record<Side, SessionTable>;
  errors: ErrorRecord[];
  history: Record<Side, string[]>;
  /** Deliveries whose step did not answer that IQ exactly once (and nothing else). */
  replyProblems: string[];
  /** Every XEP-0320 setup either side wrote into a transport it sent, with its role in that session. */
  setups: { role: string; setup: string; action: string }[];
  /** What happened, in order, for reading a counterexample. */
  trace: string[];
}

export function simulate(cfg: SimConfig, cmds: readonly Cmd[]): SimResult {
  const options = {
    candidateBatchMs: cfg.candidateBatchMs,
    peerGoneMs: cfg.peerGoneMs,
    ...(cfg.acceptTimeoutMs === undefined ? {} : { acceptTimeoutMs: cfg.acceptTimeoutMs }),
  };
  const t: Record<Side, SessionTable> = {
    a: createSessionTable(ALICE, options),
    b: createSessionTable(BOB, options),
  };
  const net: Msg[] = [];
  const delivered: Extract<Msg, { kind: 'iq' }>[] = [];
  const answered = new Map<string, string>();
  const out: SimResult = {
    t,
    errors: [],
    history: { a: [], b: [] },
    replyProblems: [],
    setups: [],
    trace: [],
  };
  let now = 0;
  let counter = 0;
  const fresh = (): number => ++counter;

  const absorb = (side: Side, effects: readonly Effect[]): void => {
    for (const e of effects) {
      if (e.kind === 'event') out.trace.push(`  ${side} event ${JSON.stringify(e.event)}`);
      if (e.kind === 'send') {
        out.trace.push(`  ${side} sends ${e.ref}: ${String(e.jingle)}`);
        net.push({ to: other(side), kind: 'iq', id: e.ref, jingle: e.jingle });
        recordSetups(side, e.jingle);
      } else if (e.kind === 'result') net.push({ to: other(side), kind: 'reply', ref: e.iqId });
      else if (e.kind === 'error') net.push({ to: other(side), kind: 'reply', ref: e.iqId, error: e.error });
      else if (e.kind === 'event' && e.event.type === 'state')
        out.history[side].push(`${e.sid}:${e.event.state}`);
    }
  };
  const recordSetups = (side: Side, jingle: Element): void => {
    const sid = String(jingle.attrs['sid']);
    const role = t[side].sessions.get(sessionKey(JID[other(side)], sid))?.role ?? '?';
    for (const c of jingle.getChildren('content'))
      for (const tr of c.getChildren('transport'))
        for (const fp of tr.getChildren('fingerprint'))
          out.setups.push({ role, setup: String(fp.attrs['setup']), action: String(jingle.attrs['action']) });
  };
  const keyOf = (side: Side, ref: string): string =>
    sessionKey(JID[other(side)], ref.slice(0, ref.lastIndexOf('#')));
  const stepSide = (side: Side, key: string, input: Exclude<Input, { kind: 'iq' }>): void => {
    if (!t[side].sessions.has(key)) return;
    const r = stepTable(t[side], key, input);
    t[side] = r.table;
    absorb(side, r.effects);
  };

  const receive = (m: Msg): void => {
    now += 1;
    out.trace.push(`${m.to} <- ${m.kind === 'iq' ? `iq ${m.id}` : `reply ${m.ref} ${m.error ?? 'result'}`}`);
    if (m.kind === 'reply') {
      const spec = m.error === undefined ? undefined : JINGLE_ERRORS[m.error];
      const error = spec && {
        condition: spec.condition,
        ...('jingle' in spec ? { jingleCondition: spec.jingle } : {}),
      };
      const ref = m.ref;
      return stepSide(
        m.to,
        keyOf(m.to, ref),
        error ? { kind: 'iq-error', ref, now, error } : { kind: 'iq-result', ref, now },
      );
    }
    const from = JID[other(m.to)];
    const before = t[m.to].sessions.get(sessionKey(from, String(m.jingle.attrs['sid'])));
    const rivals = [...t[m.to].sessions.values()];
    const r = routeIq(t[m.to], { kind: 'iq', id: m.id, from, jingle: m.jingle, now });
    t[m.to] = r.table;
    const replies = JSON.stringify(r.effects.filter((e) => e.kind === 'result' || e.kind === 'error'));
    const first = answered.get(`${m.to}|${m.id}`);
    // One answer per delivery; a re-send (XEP-0198) gets the first answer again (requirements §14).
    if (first !== undefined) {
      if (replies !== first) out.replyProblems.push(`re-sent ${m.id}: ${replies} after ${first}`);
    } else {
      answered.set(`${m.to}|${m.id}`, replies);
      const one = r.effects.filter((e) => (e.kind === 'result' || e.kind === 'error') && e.iqId === m.id);
      if (one.length !== 1 || JSON.stringify(one) !== replies)
        out.replyProblems.push(`${m.id} ${String(m.jingle.attrs['action'])}: ${replies}`);
      for (const e of r.effects)
        if (e.kind === 'error') out.errors.push(allowedError(e.error, m.jingle, before, rivals));
    }
    absorb(m.to, r.effects);
  };

  const liveKeys = (side: Side): [string, Session][] =>
    [...t[side].sessions.entries()].filter(([, s]) => s.state === 'pending' || s.state === 'active');
  const act = (side: Side, key: string, intent: Intent): boolean => {
    try {
      stepSide(side, key, { kind: 'local', intent, now });
      return true;
    } catch (e) {
      if (!(e instanceof InvalidStateError) && !(e instanceof TypeError)) throw e;
      return false;
    }
  };
  const react = (side: Side, answerCall: boolean): boolean => {
    let acted = false;
    for (const [key, s] of liveKeys(side)) {
      const intent = reaction(s, cfg.acceptAdds, fresh, answerCall);
      if (intent !== undefined) acted = act(side, key, intent) || acted;
    }
    return acted;
  };
  const tick = (): void => {
    for (const side of ['a', 'b'] as const) {
      const r = tickAll(t[side], now);
      t[side] = r.table;
      absorb(side, r.effects);
    }
  };

  const start = (side: Side, sid: string): void => {
    t[side] = openSession(t[side], JID[other(side)], sid);
    const contents = cfg.audioOnly ? offerContents().slice(0, 1) : offerContents();
    act(side, sessionKey(JID[other(side)], sid), { kind: 'initiate', contents });
  };
  start('a', 'c1');
  if (cfg.glare) start('b', 'c0');

  for (const c of cmds) {
    if (c.op !== 'deliver') out.trace.push(JSON.stringify(c));
    if (c.op === 'deliver' && net.length > 0) {
      const [m0, m1] = net;
      const jumps =
        c.overtake &&
        m0?.kind === 'iq' &&
        m1?.kind === 'iq' &&
        m0.jingle.attrs['action'] === 'session-initiate' &&
        m1.jingle.attrs['action'] === 'transport-info';
      const [m] = net.splice(jumps ? 1 : 0, 1);
      if (m?.kind === 'iq') delivered.push(m);
      if (m !== undefined) receive(m);
    } else if (
      c.op === 'drop' &&
      net[0]?.kind === 'iq' &&
      net[0].jingle.attrs['action'] !== 'session-terminate'
    ) {
      // A stream cannot lose one stanza and deliver the next (XMPP keeps order): the head IQ and every
      // later IQ its sender has in flight are lost together, and each times out at the sender.
      const to = net[0].to;
      const lost = net.filter(
        (m): m is Extract<Msg, { kind: 'iq' }> =>
          m.kind === 'iq' && m.to === to && m.jingle.attrs['action'] !== 'session-terminate',
      );
      net.splice(0, net.length, ...net.filter((m) => !lost.includes(m as never)));
      for (const m of lost)
        stepSide(other(m.to), keyOf(other(m.to), m.id), { kind: 'iq-timeout', ref: m.id, now });
    } else if (c.op === 'duplicate' && delivered.length > 0) receive(delivered.at(-1)!);
    else if (c.op === 'tick') {
      now += c.ms;
      tick();
    } else if (c.op === 'presence') {
      for (const [key] of liveKeys(c.side))
        stepSide(c.side, key, { kind: c.gone ? 'peer-unavailable' : 'peer-available', now });
    } else if (c.op === 'react') react(c.side, true);
    else if (c.op === 'intent') {
      const live = liveKeys(c.side)[0];
      if (live === undefined) continue;
      const intent = appIntent(live[1], c.what, c.pick, fresh);
      if (intent !== undefined) act(c.side, live[0], intent);
    }
  }
  // Quiescence: the network settles in order, the applications answer what they were asked, and
  // candidate batches go out; repeated until nothing moves.
  for (let round = 0; round < 20; round++) {
    while (net.length > 0) receive(net.shift()!);
    const actedA = react('a', false);
    const acted = react('b', false) || actedA;
    const batch = [...t.a.sessions.values(), ...t.b.sessions.values()]
      .map((s) => s.timers.candidates)
      .filter((x): x is number => x !== undefined);
    if (batch.length > 0) {
      now = Math.max(now, ...batch);
      tick();
    }
    if (!acted && batch.length === 0 && net.length === 0) break;
  }
  out.t = t;
  return out;
}
