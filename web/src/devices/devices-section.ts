// "Devices" in the Settings card: the camera, microphone and speaker used for calls (remembered in
// this browser, preferences.ts) and the pre-call check (device-check.ts).
import { h } from '../dom.js';
import { deviceCheck } from './device-check.js';
import { deviceFields } from './device-fields.js';
import { saveChoice } from './preferences.js';

export function devicesSection(): HTMLElement {
  const check = deviceCheck(() => void fields.refresh());
  const fields = deviceFields((kind, id) => {
    saveChoice(kind, id);
    if (kind !== 'audiooutput') check.restart();
  });
  return h(
    'div',
    { class: 'devices', role: 'group', 'aria-labelledby': 'devices-title' },
    h('h3', { id: 'devices-title' }, 'Devices'),
    h('p', { class: 'hint' }, 'Used for your calls, remembered in this browser.'),
    fields.el,
    check.el,
  );
}
