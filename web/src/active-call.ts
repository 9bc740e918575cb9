// One call on screen: binds a Call's events to the in-call stage and turns user actions into
// Call methods. Errors from the client's InvalidStateError become status text, never exceptions.
import type { Call, CallEnd, CallStats, ChatState } from '../../src/client/index.js';
import { chatPanel } from './screens/chat.js';
import { stage } from './screens/stage.js';
import type { Stage } from './screens/stage.js';
import { chatWords, formatDuration, quality } from './words.js';

const STATUS: Record<string, string> = {
  proposing: 'Calling…',
  ringing: 'Ringing…',
  incoming: 'Incoming call',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  ended: 'Call ended',
};

/** Shown with the call's status while the server is out of reach; the call view stays. */
export const SIGNALING_LOST = 'Reconnecting to the server…';

export interface ActiveCall {
  view: Stage;
  /** Milliseconds connected so far (0 if never connected). */
  duration(): number;
  dispose(): void;
  lastStats(): CallStats | undefined;
}

export function activeCall(
  call: Call,
  name: string,
  now: () => number,
  /** The XMPP connection is down: media goes on (it is browser to browser), signaling waits. */
  signalingLost: () => boolean,
  onEnded: (end: CallEnd | undefined) => void,
): ActiveCall {
  let connectedAt: number | undefined;
  let stats: CallStats | undefined;
  let endFallback: ReturnType<typeof setTimeout> | undefined;
  const muted = new Set<string>();
  let cameraOn = call.media.includes('video');
  const offs: Array<() => void> = [];
  const safe = (what: string, fn: () => unknown) => {
    try {
      const r = fn();
      if (r instanceof Promise)
        r.catch((e: unknown) =>
          view.setStatus(`${what} failed: ${e instanceof Error ? e.message : String(e)}`),
        );
    } catch (e) {
      view.setStatus(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const view = stage(call.peer, name, {
    hangup: () => safe('Hang up', () => call.hangup()),
    toggleMute: () => safe('Mute', () => call.setMuted('audio', !muted.has('audio'))),
    toggleCamera: () => safe('Camera', () => call.setCamera(!cameraOn)),
    addVideo: () => safe('Add video', () => call.setCamera(true).then(() => ((cameraOn = true), controls()))),
  });
  const chat = chatPanel(name, (text) => {
    try {
      call.sendChat(text);
      return undefined;
    } catch {
      return 'The chat is not connected yet.';
    }
  });
  view.setChat(chat.el);
  const chatNote = (state: ChatState) => chat.setNote(chatWords(state, name), state === 'unavailable');
  chatNote(call.chatState);

  const hasLocalVideo = () => (call.localStream?.getVideoTracks().length ?? 0) > 0;
  function controls(): void {
    view.setControls({
      muted: muted.has('audio'),
      hasVideo: hasLocalVideo(),
      cameraOn,
      canAddVideo: !hasLocalVideo() && call.state === 'connected',
    });
    if (view.local.srcObject !== (call.localStream ?? null)) view.local.srcObject = call.localStream ?? null;
  }
  // One stream for the <video> with every remote track: a video added later (content-add) may
  // arrive in a stream of its own. The element also plays the audio, even while hidden.
  const shown = new MediaStream();
  view.remote.srcObject = shown;
  function remote(): void {
    for (const s of call.remoteStreams)
      for (const t of s.getTracks()) if (!shown.getTrackById(t.id)) shown.addTrack(t);
    const live = shown.getVideoTracks().some((t) => t.readyState === 'live');
    view.setRemoteVideo(live);
    if (shown.getTracks().length > 0) void view.remote.play().catch(() => undefined);
  }
  function tick(): void {
    const base =
      call.state === 'connected' && connectedAt !== undefined
        ? formatDuration(now() - connectedAt)
        : (STATUS[call.state] ?? '');
    view.setStatus(signalingLost() && call.state !== 'ended' ? `${base} · ${SIGNALING_LOST}` : base);
  }
  function onState(): void {
    if (call.state === 'connected') connectedAt ??= now();
    tick();
    controls();
    remote();
    // The state can read 'ended' (session over) a moment before the call's `ended` event carries
    // the reason; wait for the event, with a fallback should it never come.
    if (call.state === 'ended') {
      if (call.end !== undefined) onEnded(call.end);
      else endFallback ??= setTimeout(() => onEnded(call.end), 1500);
    }
  }

  offs.push(
    call.on('state', onState),
    call.on('remote-track', (track) => {
      if (!shown.getTrackById(track.id)) shown.addTrack(track);
      remote();
    }),
    call.on('content-added', () => (remote(), controls())),
    call.on('muted', ({ kind, muted: m }) => {
      if (m) muted.add(kind);
      else muted.delete(kind);
      if (kind === 'video') cameraOn = !m;
      controls();
    }),
    call.on('remote-mute', ({ kind, muted: m }) =>
      view.setRemoteMuted(m ? `${name} ${kind === 'video' ? 'turned off their camera' : 'is muted'}` : ''),
    ),
    call.on('chat', ({ text, from }) => chat.add(text, from)),
    call.on('chat-state', chatNote),
    call.on('stats', (s) => {
      stats = s;
      const q = quality(s.roundTripTime, s.packetLoss);
      view.setQuality(q.level, q.text);
    }),
    call.on('ended', (end) => onEnded(end)),
  );
  const timer = setInterval(tick, 1000);
  // Render now; report an already-ended call only after the caller holds the returned object.
  tick();
  controls();
  remote();
  queueMicrotask(onState);
  return {
    view,
    duration: () => (connectedAt === undefined ? 0 : now() - connectedAt),
    lastStats: () => stats,
    dispose() {
      clearInterval(timer);
      clearTimeout(endFallback);
      for (const off of offs.splice(0)) off();
      view.remote.srcObject = null;
      view.local.srcObject = null;
      view.el.remove();
    },
  };
}
