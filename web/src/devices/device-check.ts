// The pre-call check in Settings: "Test camera and microphone" opens the chosen devices and shows
// the camera ("Camera preview") and a live level meter ("Microphone level", WebAudio RMS of the
// microphone, 0..1). "Stop test" releases both. Choosing another device while it runs reopens it.
import { h } from '../dom.js';
import { withChosenDevices } from './preferences.js';

export interface DeviceCheck {
  el: HTMLElement;
  restart(): void;
  stop(): void;
}

export function deviceCheck(opened: () => void): DeviceCheck {
  const preview = h('video', {
    class: 'device-preview',
    autoplay: true,
    playsinline: true,
    'aria-label': 'Camera preview',
    hidden: true,
  });
  preview.muted = true;
  const meter = h('meter', {
    min: '0',
    max: '1',
    value: '0',
    'aria-label': 'Microphone level',
    hidden: true,
  });
  const error = h('p', { class: 'alert alert-error', role: 'alert' });
  const start = h(
    'button',
    { type: 'button', class: 'btn', onclick: () => void run() },
    'Test camera and microphone',
  );
  const stopBtn = h(
    'button',
    { type: 'button', class: 'btn', onclick: () => stop(), hidden: true },
    'Stop test',
  );
  let stream: MediaStream | undefined;
  let audio: AudioContext | undefined;
  let raf = 0;

  async function run(): Promise<void> {
    stop();
    error.textContent = '';
    try {
      stream = await navigator.mediaDevices.getUserMedia(withChosenDevices({ audio: true, video: true }));
    } catch (e) {
      error.textContent = `Could not open the camera or microphone: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    preview.srcObject = stream;
    preview.hidden = false;
    meter.hidden = false;
    start.hidden = true;
    stopBtn.hidden = false;
    if (stream.getAudioTracks().length > 0) {
      audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(stream).connect(analyser);
      const data = new Float32Array(analyser.fftSize);
      const tick = () => {
        analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (const x of data) sum += x * x;
        // RMS scaled so speech fills most of the bar (full-scale sine = 0.71).
        meter.value = Math.min(1, Math.sqrt(sum / data.length) * 2);
        raf = requestAnimationFrame(tick);
      };
      tick();
    }
    opened(); // the device list has labels now that the page has permission
  }
  function stop(): void {
    cancelAnimationFrame(raf);
    void audio?.close().catch(() => undefined);
    audio = undefined;
    for (const t of stream?.getTracks() ?? []) t.stop();
    stream = undefined;
    preview.srcObject = null;
    preview.hidden = true;
    meter.hidden = true;
    meter.value = 0;
    start.hidden = false;
    stopBtn.hidden = true;
  }
  return {
    el: h(
      'div',
      { class: 'device-check' },
      h('div', { class: 'row' }, start, stopBtn),
      error,
      preview,
      meter,
    ),
    restart: () => {
      if (stream) void run();
    },
    stop,
  };
}
