// Guest <-> Jingle: a web guest's offer becomes a call from guest-<id>@<domain>/web to the link's
// owner. The component never touches media: SDP and candidates are translated and passed through.
// Flow (docs/component.md "Guest calls"): directed presence with nick -> JMI propose (XEP-0353, with
// the XEP-0172 nick) to the owner's bare JID -> proceed from one device -> session-initiate to that
// full JID (sid = propose id) -> session-accept -> the guest's `answer`. This file feeds calls the
// guest's side; what the owner's side does to the guest is guest-call.ts.
import { Element } from 'ltx';
import { Role } from '../../jingle/constants.js';
import { bareJid, sameBareJid } from '../../jingle/jid.js';
import { NS_JINGLE_1, NS_NICK } from '../../jingle/ns.js';
import type { Reason } from '../../jingle/reason.js';
import type { GuestCandidate } from '../guest/protocol.js';
import type { GuestRegistry } from '../guest/registry.js';
import type { CallTicket } from '../guest/call-ticket.js';
import { GUEST_END, type GuestSession } from '../guest/session.js';
import type { EntityHandler } from '../router.js';
import { onGuestJingle, onGuestJmi, ownerText, sendGuestCandidate, type GuestCall } from './guest-call.js';
import type { CallIo } from './io.js';
import { JingleDriver } from './jingle-driver.js';
import { JmiDriver } from './jmi-driver.js';
import { describe, type Described } from './translate.js';

export const GUEST_CALL_END = {
  unreadable: {
    condition: 'failed-application',
    text: "The call server could not read your browser's offer",
  },
  noMedia: { condition: 'failed-application', text: 'Calls need a microphone or a camera' },
} as const satisfies Record<string, Reason>;

/** How much earlier than the guest socket's timer the JMI ring timer fires (timers of equal due time race). */
export const RING_MARGIN_MS = 250;

export class GuestBridge {
  readonly #calls = new Map<GuestSession, GuestCall>();

  constructor(
    private readonly io: CallIo,
    private readonly ringTimeoutMs: number,
  ) {}

  attach(guests: GuestRegistry): void {
    guests.on('offer', (s, sdp) => this.offer(s, sdp));
    guests.on('candidate', (s, c) => this.candidate(s, c));
    guests.on('ended', (s, reason) => this.ended(s, reason));
    guests.on('hangup-call', (_s, t) => this.hangupCall(t));
  }

  /**
   * The guest of a call this process may never have seen (its socket broke, e.g. the component was
   * restarted) hangs up: session-terminate from the guest's JID in that call (XEP-0166 §6.7), then
   * its unavailable presence, as at the end of any guest call.
   */
  hangupCall(t: CallTicket): void {
    const iq = new Element('iq', { type: 'set', from: t.guest, to: t.peer, id: this.io.newId() });
    const reason = iq
      .c('jingle', { xmlns: NS_JINGLE_1, action: 'session-terminate', sid: t.sid })
      .c('reason');
    reason.c(GUEST_END.guestHangup.condition);
    reason.c('text').t(GUEST_END.guestHangup.text);
    this.io
      .request(iq)
      .catch((err: unknown) =>
        this.io.log.info(`guest ${t.guest}: late hang-up of ${t.sid}: ${String(err)}`),
      );
    this.io.send(new Element('presence', { from: t.guest, to: bareJid(t.peer), type: 'unavailable' }));
  }

  /** Stanzas to guest-<id>@: the owner's JMI replies and Jingle IQs. */
  stanzas(session: GuestSession): EntityHandler {
    return {
      iq: (iq) => {
        const call = this.#calls.get(session);
        const action = iq.getChild('jingle', NS_JINGLE_1)?.attrs['action'];
        // Guests only place calls; they cannot be called (XEP-0166 §6.3.2: no such service here).
        if (action === 'session-initiate' || call === undefined) return undefined;
        return call.jingle.iq(iq);
      },
      message: (m) => {
        const call = this.#calls.get(session);
        if (call === undefined) return [];
        const from = String(m.attrs['from']);
        // RFC 6121 §8.5.2: an offline or unknown owner bounces the propose with an error.
        if (m.attrs['type'] === 'error' && sameBareJid(from, call.owner) && call.key === undefined) {
          const err = m.getChild('error')?.getChildElements()[0]?.name ?? 'error';
          this.io.log.info(`guest ${session.jid}: propose to ${call.owner} bounced (${err})`);
          session.end({ condition: 'gone', text: ownerText(call.owner, 'cannot be reached') });
          return [];
        }
        call.jmi.message(m, sameBareJid(from, call.owner));
        if (call.jmi.call(call.sid)?.phase === 'ringing') session.ringing();
        return [];
      },
    };
  }

  offer(session: GuestSession, sdp: string): void {
    const owner = bareJid(session.link.owner);
    let local: Described;
    try {
      local = describe(sdp, Role.initiator);
    } catch (err) {
      this.io.log.warn(`guest ${session.jid}: offer not translated: ${String(err)}`);
      return session.end(GUEST_CALL_END.unreadable);
    }
    if (local.media.length === 0) return session.end(GUEST_CALL_END.noMedia);
    const sid = this.io.newId();
    const name = session.name ?? 'Guest';
    const call: GuestCall = {
      session,
      owner,
      sid,
      local,
      early: [],
      jingle: new JingleDriver(session.jid, this.io, (key, e) => onGuestJingle(call, key, e)),
      // The JMI timer runs ahead of the socket's own ring timer (a safety net) so the guest learns who
      // did not answer and the owner gets the spec's "No answer" retract.
      jmi: new JmiDriver(
        session.jid,
        this.io,
        (e) => onGuestJmi(call, e),
        { ringTimeoutMs: Math.max(1, this.ringTimeoutMs - RING_MARGIN_MS) },
        (m) => {
          if (m.getChild('propose') !== undefined) m.c('nick', { xmlns: NS_NICK }).t(name);
        },
      ),
    };
    this.#calls.set(session, call);
    // XEP-0172 §4.2: the nick travels in presence too, so the owner's client can label the guest.
    const presence = new Element('presence', { from: session.jid, to: owner });
    presence.c('nick', { xmlns: NS_NICK }).t(name);
    this.io.send(presence);
    call.jmi.input({ type: 'place-call', id: sid, to: owner, media: local.media });
  }

  candidate(session: GuestSession, c: GuestCandidate): void {
    const call = this.#calls.get(session);
    if (call === undefined) return;
    if (call.key === undefined) return void call.early.push(c);
    sendGuestCandidate(call, c);
  }

  ended(session: GuestSession, reason: Reason): void {
    const call = this.#calls.get(session);
    if (call === undefined) return;
    this.#calls.delete(session);
    const state = call.key === undefined ? undefined : call.jingle.session(call.key)?.state;
    if (call.key !== undefined && (state === 'pending' || state === 'active')) {
      call.jingle.local(call.key, { kind: 'terminate', reason });
    } else {
      const jmi = call.jmi.call(call.sid);
      if (jmi?.phase === 'proposed' || jmi?.phase === 'ringing') {
        // A ring timeout retracts with the spec's "No answer"; anything else is a cancel.
        if (reason.condition === 'timeout') call.jmi.input({ type: 'tick' });
        if (call.jmi.call(call.sid)?.phase !== 'ended') call.jmi.input({ type: 'cancel-call', id: call.sid });
      }
    }
    this.io.send(new Element('presence', { from: session.jid, to: call.owner, type: 'unavailable' }));
    call.jingle.dispose();
    call.jmi.dispose();
  }
}
