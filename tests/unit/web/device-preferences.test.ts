// web/src/devices/preferences.ts: what is remembered (device IDs only) and the constraints calls use.
import { afterEach, describe, expect, it } from 'vitest';
import { loadChoice, saveChoice, withChosenDevices } from '../../../web/src/devices/preferences.js';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}
const g = globalThis as { localStorage?: unknown };

describe('device choice', () => {
  afterEach(() => void delete g.localStorage);

  it('keeps device IDs per kind; "Default" (undefined, "", "default") forgets the kind', () => {
    const storage = new MemoryStorage();
    g.localStorage = storage;
    expect(loadChoice()).toEqual({});
    saveChoice('videoinput', 'cam-2');
    saveChoice('audiooutput', 'spk-1');
    expect(Object.fromEntries(storage.items)).toEqual({
      'jb.devices': '{"videoinput":"cam-2","audiooutput":"spk-1"}',
    });
    for (const none of [undefined, '', 'default']) {
      saveChoice('videoinput', 'cam-2');
      saveChoice('videoinput', none);
      expect(loadChoice()).toEqual({ audiooutput: 'spk-1' });
    }
  });

  it.each([
    ['not JSON', '{'],
    ['JSON null', 'null'],
    ['wrong types and unknown kinds', '{"videoinput":7,"audioinput":"","other":"x"}'],
  ])('reads nothing from %s', (_, raw) => {
    const storage = new MemoryStorage();
    storage.items.set('jb.devices', raw);
    g.localStorage = storage;
    expect(loadChoice()).toEqual({});
  });

  it('works without storage (disabled): nothing remembered, nothing thrown', () => {
    expect(loadChoice()).toEqual({});
    expect(() => saveChoice('audioinput', 'mic')).not.toThrow();
  });
});

describe('withChosenDevices', () => {
  it.each<[string, MediaStreamConstraints, Parameters<typeof withChosenDevices>[1], MediaStreamConstraints]>([
    ['nothing chosen', { audio: true, video: true }, {}, { audio: true, video: true }],
    [
      'both chosen, asked as ideal (a missing device falls back to the default)',
      { audio: true, video: true },
      { audioinput: 'mic-2', videoinput: 'cam-2' },
      { audio: { deviceId: { ideal: 'mic-2' } }, video: { deviceId: { ideal: 'cam-2' } } },
    ],
    [
      'a kind not asked for stays off',
      { audio: true, video: false },
      { audioinput: 'mic-2', videoinput: 'cam-2' },
      { audio: { deviceId: { ideal: 'mic-2' } }, video: false },
    ],
    [
      'other constraints kept',
      { audio: true, video: { width: 640 } },
      { videoinput: 'cam-2' },
      { audio: true, video: { width: 640, deviceId: { ideal: 'cam-2' } } },
    ],
  ])('%s', (_, asked, choice, expected) => expect(withChosenDevices(asked, choice)).toEqual(expected));
});
