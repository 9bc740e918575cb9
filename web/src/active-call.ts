// One call on screen: binds a Call's events to the in-call stage and turns user actions into
// Call methods. Errors from the client's InvalidStateError become status text, never exceptions.
import type { Call, CallEnd, CallStats, ChatState } from '../../src/client/index.js';
import { deviceFields } from './devices/device-fields.js';
import type { DeviceFields } from './devices/device-fields.js';
import { canChooseSpeaker, loadChoice, openDevice, saveChoice } from './devices/preferences.js';
import type { DeviceKind } from './devices/preferences.js';
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
    toggleDevices: () => {
      if (panel) {
        panel.dispose();
        panel = undefined;
        view.setDevicesPanel(undefined);
        return;
      }
      panel = deviceFields((kind, id) => safe('Switching device', () => useDevice(kind, id)));
      view.setDevicesPanel(panel.el);
    },
    toggleShare: () => safe('Screen sharing', () => (sharing ? stopSharing() : startSharing())),
  });

  // Devices (docs/web-app.md "Devices"): a new camera or microphone replaces the sent track
  // (RTCRtpSender.replaceTrack, no renegotiation); the speaker is the remote element's sink.
  let panel: DeviceFields | undefined;
  let sharing = false;
  const sinkable = (): HTMLVideoElement & { setSinkId?(id: string): Promise<void> } => view.remote;
  async function useDevice(kind: DeviceKind, id: string | undefined): Promise<void> {
    saveChoice(kind, id);
    if (kind === 'audiooutput') return void (await sinkable().setSinkId?.(id ?? ''));
    const has =
      kind === 'videoinput' ? hasLocalVideo() : (call.localStream?.getAudioTracks().length ?? 0) > 0;
    // While sharing, the camera choice waits for "Stop sharing".
    if (!has || (kind === 'videoinput' && sharing)) return;
    await call.replaceTrack(watch(await openDevice(kind, id)));
    controls();
  }
  const speaker = loadChoice().audiooutput;
  if (speaker && canChooseSpeaker())
    void sinkable()
      .setSinkId?.(speaker)
      .catch(() => undefined);

  // A device unplugged mid-call ends its track: take the default one, and say so.
  const watched = new WeakSet<MediaStreamTrack>();
  function watch(track: MediaStreamTrack): MediaStreamTrack {
    if (watched.has(track)) return track;
    watched.add(track);
    track.addEventListener('ended', () => void unplugged(track));
    return track;
  }
  async function unplugged(track: MediaStreamTrack): Promise<void> {
    if (call.state === 'ended') return;
    if (track.kind === 'video' && sharing) return stopSharing(); // the browser's own "Stop sharing"
    const kind = track.kind === 'video' ? 'videoinput' : 'audioinput';
    const what = track.kind === 'video' ? 'camera' : 'microphone';
    try {
      await call.replaceTrack(watch(await openDevice(kind, undefined)));
      view.setNotice(`Your ${what} was disconnected. Using the default ${what}.`);
    } catch {
      view.setNotice(`Your ${what} was disconnected.`);
    }
    controls();
  }

  // Screen sharing: the screen is sent in place of the camera, so every peer just sees another
  // picture; "Stop sharing" (or the browser's own stop) brings the chosen camera back.
  const canShare = () =>
    typeof navigator.mediaDevices?.getDisplayMedia === 'function' &&
    hasLocalVideo() &&
    call.state === 'connected';
  async function startSharing(): Promise<void> {
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const [track] = screen.getVideoTracks();
    if (!track) return;
    if (call.state === 'ended') return track.stop();
    await call.replaceTrack(watch(track));
    sharing = true;
    controls();
  }
  async function stopSharing(): Promise<void> {
    if (!sharing) return;
    sharing = false;
    controls();
    if (call.state === 'ended') return;
    await call.replaceTrack(watch(await openDevice('videoinput', loadChoice().videoinput)));
    controls();
  }
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
    view.setSharing(canShare(), sharing);
    if (view.local.srcObject !== (call.localStream ?? null)) view.local.srcObject = call.localStream ?? null;
    for (const t of call.localStream?.getTracks() ?? []) watch(t);
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
      panel?.dispose();
      for (const off of offs.splice(0)) off();
      view.remote.srcObject = null;
      view.local.srcObject = null;
      view.el.remove();
    },
  };
}
