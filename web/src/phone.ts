// Call orchestration for the signed-in screen: placing calls, ringing for incoming ones, the
// in-call stage and the notice when a call ends. One call on screen at a time; a second caller
// rings as call waiting ("End and accept" / "Decline", which answers busy, XEP-0166 §7.4).
import { activeCall } from './active-call.js';
import type { ActiveCall } from './active-call.js';
import type { Call, CallEnd, Client } from '../../src/client/index.js';
import { hasVideo, nickOf } from './calls.js';
import type { Nicks } from './nicks.js';
import { displayName } from './names.js';
import type { Naming } from './names.js';
import { incomingAlert } from './background/incoming-alert.js';
import type { IncomingAlert } from './background/incoming-alert.js';
import { createRingtone } from './ringtone.js';
import { endedDialog } from './screens/ended.js';
import { incomingDialog } from './screens/incoming.js';
import { endReasonText, formatDuration } from './words.js';

/** How long "Call ended" stays before it closes itself. */
export const ENDED_NOTICE_MS = 8000;

export interface Phone {
  place(jid: string, video: boolean): void;
  readonly current: Call | undefined;
  readonly ringing: boolean;
  active(): ActiveCall | undefined;
  readonly lastEnd: CallEnd | undefined;
  stop(): void;
}

export function createPhone(
  client: Client,
  naming: Naming,
  nicks: Nicks,
  layer: HTMLElement,
  announce: (t: string) => void,
  error: (t: string) => void,
): Phone {
  const ringtone = createRingtone();
  const ringingCalls = new Map<
    string,
    { call: Call; dialog: HTMLElement; alert: IncomingAlert; off: () => void }
  >();
  let current: { call: Call; ui: ActiveCall } | undefined;
  let notice: HTMLElement | undefined;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  let lastEnd: CallEnd | undefined;
  const returnFocus = () => (document.querySelector('main') as HTMLElement | null)?.focus();

  function closeNotice(): void {
    clearTimeout(noticeTimer);
    notice?.remove();
    notice = undefined;
  }

  function showEnded(call: Call, end: CallEnd | undefined, duration: number): void {
    closeNotice();
    lastEnd = end;
    const name = displayName(call.peer, naming, nickOf(call, nicks));
    const missed =
      call.direction === 'incoming' && duration === 0 && end?.by !== 'local' && end?.by !== 'other-device';
    const reason = endReasonText(
      end
        ? { condition: end.reason.condition, text: end.reason.text, by: end.by, outcome: end.outcome }
        : undefined,
      name,
    );
    notice = endedDialog({
      peer: call.peer,
      name,
      title: missed ? 'Missed call' : 'Call ended',
      reason,
      duration: duration > 0 ? formatDuration(duration) : undefined,
      close: () => {
        closeNotice();
        returnFocus();
      },
    });
    // Another call is on screen (the user took a new one): say it, but do not cover that call.
    if (current === undefined || current.call === call) layer.append(notice);
    // "Call ended" closes itself (it was also announced in the live region below); "Missed call"
    // stays until closed, since nobody may have been there to see it.
    if (!missed) {
      const shown = notice;
      noticeTimer = setTimeout(() => {
        if (notice !== shown) return;
        const hadFocus = shown.contains(document.activeElement);
        closeNotice();
        if (hadFocus) returnFocus();
      }, ENDED_NOTICE_MS);
    }
    announce(`${missed ? 'Missed call' : 'Call ended'} with ${name}. ${reason}.`);
  }

  function show(call: Call): void {
    closeNotice();
    let done = false;
    const ui = activeCall(
      call,
      displayName(call.peer, naming, nickOf(call, nicks)),
      () => Date.now(),
      () => client.state !== 'online',
      (end) => {
        if (done) return;
        done = true;
        const duration = ui.duration();
        ui.dispose();
        if (current?.call === call) current = undefined;
        showEnded(call, end ?? call.end, duration);
      },
    );
    current = { call, ui };
    layer.append(ui.view.el);
    ui.view.focus();
  }

  function stopRingingFor(id: string): void {
    const r = ringingCalls.get(id);
    if (!r) return;
    r.off();
    r.alert.close();
    r.dialog.remove();
    ringingCalls.delete(id);
    if (ringingCalls.size === 0) ringtone.stop();
  }

  function onIncoming(call: Call): void {
    const name = displayName(call.peer, naming, nickOf(call, nicks));
    // Call waiting (the client rings while we are in a call: busyWhileInCall false in app.ts): the
    // first call goes on untouched until the user picks "End and accept" or "Decline" (busy).
    const waiting = current !== undefined && current.call.state !== 'ended';
    const dialog = incomingDialog({
      peer: call.peer,
      name,
      video: hasVideo(call),
      waiting,
      accept: () => {
        stopRingingFor(call.id);
        if (current && current.call.state !== 'ended') current.call.hangup();
        show(call);
        call
          .accept()
          .catch((e: unknown) => error(`Could not answer: ${e instanceof Error ? e.message : String(e)}`));
      },
      decline: () => {
        stopRingingFor(call.id);
        try {
          call.decline(waiting && current?.call.state !== 'ended' ? 'busy' : 'decline');
        } catch {
          call.hangup();
        }
        returnFocus();
      },
    });
    // Cancelled by the caller, answered or declined on another device, or timed out.
    const off = call.on('ended', (end) => {
      if (!ringingCalls.has(call.id)) return;
      stopRingingFor(call.id);
      showEnded(call, end, 0);
    });
    const alert = incomingAlert({ id: call.id, name, video: hasVideo(call) });
    ringingCalls.set(call.id, { call, dialog, alert, off });
    layer.append(dialog);
    // No ringtone over a running call: the dialog and the announcement are enough.
    if (!waiting) ringtone.start();
    announce(`Incoming ${hasVideo(call) ? 'video' : 'audio'} call from ${name}.`);
  }

  const offIncoming = client.on('incoming-call', onIncoming);
  return {
    place(jid, video) {
      if (current && current.call.state !== 'ended') return error('Hang up the current call first.');
      try {
        show(client.call(jid, { audio: true, video }));
      } catch (e) {
        error(`Could not call ${jid}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    get current() {
      return current?.call;
    },
    get ringing() {
      return ringtone.playing;
    },
    active: () => current?.ui,
    get lastEnd() {
      return lastEnd;
    },
    stop() {
      offIncoming();
      for (const id of [...ringingCalls.keys()]) stopRingingFor(id);
      ringtone.stop();
      if (current && current.call.state !== 'ended') current.call.hangup();
      current?.ui.dispose();
      current = undefined;
      closeNotice();
    },
  };
}
