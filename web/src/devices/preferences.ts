// The chosen camera, microphone and speaker: device IDs only, in this browser's localStorage (no
// labels, nothing else). Constraints ask for them as `ideal`, so a device that is gone falls back to
// the browser's default instead of failing the call.

export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';
export type DeviceChoice = Partial<Record<DeviceKind, string>>;

const KEY = 'jb.devices';
const KINDS: readonly DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput'];

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadChoice(): DeviceChoice {
  try {
    const raw = JSON.parse(storage()?.getItem(KEY) ?? '{}') as Record<string, unknown> | null;
    const out: DeviceChoice = {};
    for (const k of KINDS) {
      const v = raw?.[k];
      if (typeof v === 'string' && v !== '') out[k] = v;
    }
    return out;
  } catch {
    return {};
  }
}

export function saveChoice(kind: DeviceKind, deviceId: string | undefined): void {
  const keep = deviceId !== undefined && deviceId !== '' && deviceId !== 'default';
  const c: DeviceChoice = { ...loadChoice(), [kind]: keep ? deviceId : undefined };
  storage()?.setItem(KEY, JSON.stringify(c)); // JSON drops the undefined ones
}

type Track = boolean | MediaTrackConstraints | undefined;
function withDevice(t: Track, id: string | undefined): Track {
  if (!t || id === undefined) return t;
  return { ...(t === true ? {} : t), deviceId: { ideal: id } };
}

/** The app's constraints with the remembered devices, for the client's getUserMedia. */
export function withChosenDevices(c: MediaStreamConstraints, choice = loadChoice()): MediaStreamConstraints {
  return {
    ...c,
    audio: withDevice(c.audio, choice.audioinput),
    video: withDevice(c.video, choice.videoinput),
  };
}

/** Opens one device (exact: the user picked it now) or the default (undefined). */
export function openDevice(
  kind: 'videoinput' | 'audioinput',
  deviceId: string | undefined,
): Promise<MediaStreamTrack> {
  const c: MediaTrackConstraints | boolean = deviceId ? { deviceId: { exact: deviceId } } : true;
  return navigator.mediaDevices
    .getUserMedia(kind === 'videoinput' ? { video: c } : { audio: c })
    .then((s) => {
      const [t] = s.getTracks();
      if (!t) throw new TypeError('no track');
      return t;
    });
}

export const canChooseSpeaker = (): boolean =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
