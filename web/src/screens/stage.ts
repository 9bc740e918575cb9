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
  toggleDevices(): void;
  toggleShare(): void;
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
  /** The in-call devices panel (undefined closes it); the "Devices" button shows whether it is open. */
  setDevicesPanel(panel: HTMLElement | undefined): void;
  /** Screen sharing: offered (`can`), running (`on`: banner, "Stop sharing"). */
  setSharing(can: boolean, on: boolean): void;
  /** A note over the picture, e.g. a device that was unplugged. */
  setNotice(text: string): void;
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
  const devices = control('Devices', 'sliders', handlers.toggleDevices, { 'aria-expanded': 'false' });
  const share = control('Share screen', 'screen', handlers.toggleShare);
  share.hidden = true;
  const sharing = h(
    'p',
    { class: 'sharing-banner', role: 'status', hidden: true },
    'You are sharing your screen',
  );
  const notice = h('p', { class: 'stage-notice', role: 'status', 'aria-live': 'polite' });
  const devicesSlot = h('div', { class: 'devices-slot', hidden: true });
  const hangup = h(
    'button',
    { type: 'button', class: 'btn btn-danger btn-round', title: 'Hang up', onclick: handlers.hangup },
    icon(...ICONS.hangup),
    h('span', { class: 'sr-only' }, 'Hang up'),
  );
  const body = h(
    'div',
    { class: 'stage-body' },
    h('div', { class: 'videos' }, remote, audioOnly, local, remoteMuted, sharing, notice),
  );
  const el = h(
    'section',
    { class: 'stage', 'aria-label': `Call with ${name}` },
    h(
      'header',
      { class: 'stage-head' },
      avatar(peer, name),
      h('div', { class: 'stage-who' }, h('span', { class: 'peer' }, name), status),
      quality,
    ),
    body,
    devicesSlot,
    h(
      'div',
      { class: 'controls', role: 'toolbar', 'aria-label': 'Call controls' },
      mute,
      camera,
      addVideo,
      share,
      devices,
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
    setDevicesPanel(panel) {
      devicesSlot.replaceChildren(...(panel ? [panel] : []));
      devicesSlot.hidden = panel === undefined;
      devices.setAttribute('aria-expanded', String(panel !== undefined));
    },
    setSharing(can, on) {
      share.hidden = !can && !on;
      const label = on ? 'Stop sharing' : 'Share screen';
      share.title = label;
      replace(share, icon(...ICONS.screen), h('span', { class: 'sr-only' }, label));
      share.classList.toggle('btn-active', on);
      sharing.hidden = !on;
      local.classList.toggle('is-screen', on);
    },
    setNotice: (text) => void (notice.textContent = text),
    setChat(panel) {
      body.append(panel);
      el.classList.add('has-chat');
    },
  };
}
