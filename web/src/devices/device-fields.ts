// The "Camera", "Microphone" and "Speaker" choices, shared by the Settings card and the in-call
// devices panel. Labels exist only once the page has had camera/microphone permission
// (Media Capture and Streams §9.2); before that the options read "Camera 1", "Camera 2"...
import { h, uid } from '../dom.js';
import { canChooseSpeaker, loadChoice } from './preferences.js';
import type { DeviceKind } from './preferences.js';

const NAMES: Record<DeviceKind, string> = {
  videoinput: 'Camera',
  audioinput: 'Microphone',
  audiooutput: 'Speaker',
};

export interface DeviceFields {
  el: HTMLElement;
  /** Re-reads the device list (after permission, or a device plugged in or out). */
  refresh(): Promise<void>;
  value(kind: DeviceKind): string | undefined;
  dispose(): void;
}

export function deviceFields(
  onChange: (kind: DeviceKind, deviceId: string | undefined) => void,
): DeviceFields {
  const kinds: DeviceKind[] = [
    'videoinput',
    'audioinput',
    ...(canChooseSpeaker() ? ['audiooutput' as const] : []),
  ];
  const selects = new Map<DeviceKind, HTMLSelectElement>();
  const el = h('div', { class: 'device-fields' });
  for (const kind of kinds) {
    const s = h('select', {
      id: uid('dev'),
      onchange: () => onChange(kind, s.value === '' ? undefined : s.value),
    });
    selects.set(kind, s);
    el.append(h('div', { class: 'field' }, h('label', { for: s.id }, NAMES[kind]), s));
  }
  async function refresh(): Promise<void> {
    const list = (await navigator.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
    const chosen = loadChoice();
    for (const [kind, s] of selects) {
      const mine = list.filter((d) => d.kind === kind && d.deviceId !== 'default' && d.deviceId !== '');
      s.replaceChildren(
        h('option', { value: '' }, 'Default'),
        ...mine.map((d, i) =>
          h(
            'option',
            { value: d.deviceId, selected: chosen[kind] === d.deviceId },
            d.label || `${NAMES[kind]} ${i + 1}`,
          ),
        ),
      );
    }
  }
  void refresh();
  const onDeviceChange = () => void refresh();
  navigator.mediaDevices?.addEventListener('devicechange', onDeviceChange);
  return {
    el,
    refresh,
    value: (kind) => {
      const v = selects.get(kind)?.value;
      return v ? v : undefined;
    },
    dispose: () => navigator.mediaDevices?.removeEventListener('devicechange', onDeviceChange),
  };
}
