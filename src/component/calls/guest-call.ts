// One guest call and what the owner's side means for the guest: the JMI and Jingle engines' effects
// become the guest socket's ringing, answer, candidates and end (docs/component.md "Guest calls").
// guest-bridge.ts creates the calls and feeds them the guest's side.
import { Role } from '../../jingle/constants.js';
import type { JmiEffect } from '../../jingle/jmi/index.js';
import { candidatesFromJingle, jingleToSdp } from '../../jingle/sdp/index.js';
import { REASON_TEXTS } from '../../jingle/session/index.js';
import type { GuestCandidate } from '../guest/protocol.js';
import type { GuestSession } from '../guest/session.js';
import type { AppEffect, JingleDriver } from './jingle-driver.js';
import type { JmiDriver } from './jmi-driver.js';
import { candidateFor, type Described } from './translate.js';

export interface GuestCall {
  session: GuestSession;
  owner: string;
  sid: string;
  local: Described;
  jingle: JingleDriver;
  jmi: JmiDriver;
  /** The Jingle session's key once the owner proceeded. */
  key?: string;
  /** The owner's device that proceeded (the session-initiate's `to`). */
  peer?: string;
  /** Guest candidates before the session-initiate went out. */
  early: GuestCandidate[];
}

export const ownerText = (owner: string, what: string): string => `${owner} ${what}`;

export function sendGuestCandidate(call: GuestCall, c: GuestCandidate): void {
  const cand = candidateFor(c, Role.initiator, call.local);
  const state = call.key === undefined ? undefined : call.jingle.session(call.key)?.state;
  if (cand === undefined || call.key === undefined || (state !== 'pending' && state !== 'active')) return;
  call.jingle.local(call.key, { kind: 'candidate', ...cand });
}

export function onGuestJmi(call: GuestCall, e: Exclude<JmiEffect, { type: 'send' | 'set-timer' }>): void {
  const { session } = call;
  if (e.type === 'initiate-session' && call.key === undefined) {
    call.key = call.jingle.open(e.to, e.sid);
    call.peer = e.to;
    const { contents, group } = call.local;
    call.jingle.local(
      call.key,
      group === undefined ? { kind: 'initiate', contents } : { kind: 'initiate', contents, group },
    );
    for (const c of call.early.splice(0)) sendGuestCandidate(call, c);
    return;
  }
  if (e.type === 'terminate-session' && call.key !== undefined) {
    if (call.jingle.session(call.key)?.state !== 'ended')
      call.jingle.local(call.key, { kind: 'terminate', reason: e.reason });
    return;
  }
  if (e.type !== 'ended' || call.key !== undefined) return;
  if (e.outcome === 'timeout')
    return session.end({ condition: 'timeout', text: ownerText(call.owner, 'did not answer') });
  if (e.outcome === 'rejected') {
    const r = e.reason;
    const busy = r?.condition === 'busy';
    return session.end({
      condition: r?.condition ?? 'decline',
      text: ownerText(call.owner, busy ? 'is busy' : 'declined the call') + (r?.text ? ` (${r.text})` : ''),
    });
  }
  if (e.outcome !== 'cancelled')
    session.end({ condition: 'general-error', text: `The call ended (${e.outcome})` });
}

export function onGuestJingle(call: GuestCall, key: string, e: AppEffect): void {
  const { session } = call;
  if (key !== call.key) return;
  if (e.kind === 'remote-description' && e.type === 'answer') {
    if (session.state === 'calling' || session.state === 'ringing')
      session.answer(
        jingleToSdp(e.jingle, { role: Role.responder }),
        call.peer === undefined ? undefined : { peer: call.peer, sid: call.sid },
      );
    return;
  }
  if (e.kind === 'remote-candidates') {
    for (const c of candidatesFromJingle(e.jingle)) {
      const index = call.local.names.indexOf(c.sdpMid ?? '');
      session.candidate({
        candidate: c.candidate,
        sdpMid: c.sdpMid ?? null,
        sdpMLineIndex: index === -1 ? null : index,
        usernameFragment: c.usernameFragment ?? null,
      });
    }
    return;
  }
  if (e.kind !== 'event') return;
  if (e.event.type === 'info' && e.event.info.kind === 'ringing') return session.ringing();
  if (e.event.type !== 'terminated') return;
  const { reason } = e.event;
  if (call.jmi.call(call.sid)?.phase === 'proceeding')
    call.jmi.input({ type: 'end-call', id: call.sid, reason });
  // Whoever ended it: the owner, an error, or our own engine (a session-initiate the owner's server
  // never acked in time, XEP-0166 §6.3): the guest hears it now, not at the ring timeout (issue #6).
  // After the guest's own hangup the session is already ended and end() does nothing.
  session.end({ condition: reason.condition, text: reason.text ?? REASON_TEXTS[reason.condition] });
}
