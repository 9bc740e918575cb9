// The in-call view. Contract: buttons "Hang up", "Mute", "Camera" (and "Add video" in audio calls);
// the remote <video> is named "Remote video".
import { h, icon, replace } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { ICONS } from '../ui/icons.js';
import type { IconName } from '../ui/icons.js';

export interface StageHandlers {
  hangup(): void;
  toggleMute(): void;
  toggleCamera(): void;
  addVideo(): void;
}

export interface Stage {
  el: HTMLElement;
  remote: HTMLVideoElement;
  local: HTMLVideoElement;
  setStatus(text: string): void;
  setQuality(level: 'good' | 'fair' | 'poor' | undefined, text: string): void;
  setRemoteMuted(text: string): void;
  setControls(c: { muted: boolean; hasVideo: boolean; cameraOn: boolean; canAddVideo: boolean }): void;
  setRemoteVideo(visible: boolean): void;
  setChat(panel: HTMLElement): void;
  /** Focus goes to Mute, not Hang up, so a stray Enter does not end the call. */
  focus(): void;
}

function control(
  label: string,
  iconName: IconName,
  onClick: () => void,
  extra: Record<string, string> = {},
): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: 'btn btn-round', title: label, onclick: onClick, ...extra },
    icon(...ICONS[iconName]),
    h('span', { class: 'sr-only' }, label),
  );
}

export function stage(peer: string, name: string, handlers: StageHandlers): Stage {
  const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const quality = h('span', { class: 'quality', role: 'status', hidden: true });
  const remote = h('video', {
    class: 'remote-video',
    autoplay: true,
    playsinline: true,
    'aria-label': 'Remote video',
    hidden: true,
  });
  const local = h('video', {
    class: 'local-video',
    autoplay: true,
    playsinline: true,
    'aria-label': 'Your camera',
    hidden: true,
  });
  local.muted = true;
  const audioOnly = h(
    'div',
    { class: 'audio-only' },
    avatar(peer, name, { large: true }),
    h('p', { class: 'peer' }, name),
  );
  const remoteMuted = h('p', { class: 'remote-muted', role: 'status', 'aria-live': 'polite' });
  const mute = control('Mute', 'mic', handlers.toggleMute, { 'aria-pressed': 'false' });
  const camera = control('Camera', 'video', handlers.toggleCamera, { 'aria-pressed': 'true' });
  const addVideo = control('Add video', 'video', handlers.addVideo);
  const hangup = h(
    'button',
    { type: 'button', class: 'btn btn-danger btn-round', title: 'Hang up', onclick: handlers.hangup },
    icon(...ICONS.hangup),
    h('span', { class: 'sr-only' }, 'Hang up'),
  );
  const body = h(
    'div',
    { class: 'stage-body' },
    h('div', { class: 'videos' }, remote, audioOnly, local, remoteMuted),
  );
  const el = h(
    'section',
    { class: 'stage', 'aria-label': `Call with ${name}` },
    h(
      'header',
      { class: 'stage-head' },
      avatar(peer, name),
      h('div', { style: 'display:grid;min-width:0' }, h('span', { class: 'peer' }, name), status),
      quality,
    ),
    body,
    h(
      'div',
      { class: 'controls', role: 'toolbar', 'aria-label': 'Call controls' },
      mute,
      camera,
      addVideo,
      hangup,
    ),
  );

  return {
    el,
    remote,
    local,
    setStatus: (text) => void (status.textContent = text),
    setQuality(level, text) {
      quality.hidden = level === undefined;
      if (level) quality.dataset['level'] = level;
      quality.textContent = text;
    },
    setRemoteMuted: (text) => void (remoteMuted.textContent = text),
    setControls(c) {
      mute.setAttribute('aria-pressed', String(c.muted));
      replace(mute, icon(...(c.muted ? ICONS.micOff : ICONS.mic)), h('span', { class: 'sr-only' }, 'Mute'));
      camera.hidden = !c.hasVideo;
      camera.setAttribute('aria-pressed', String(c.cameraOn));
      replace(
        camera,
        icon(...(c.cameraOn ? ICONS.video : ICONS.camOff)),
        h('span', { class: 'sr-only' }, 'Camera'),
      );
      addVideo.hidden = !c.canAddVideo;
      local.hidden = !c.hasVideo || !c.cameraOn;
    },
    setRemoteVideo(visible) {
      remote.hidden = !visible;
      audioOnly.hidden = visible;
    },
    focus: () => mute.focus(),
    setChat(panel) {
      body.append(panel);
      el.classList.add('has-chat');
    },
  };
}
