// A ringtone made with WebAudio (no audio file to ship): two soft sine chords, a pause, repeated.
// `playing` is what the e2e tests read through window.__jb, because headless Chromium has no speakers.

export interface Ringtone {
  start(): void;
  stop(): void;
  readonly playing: boolean;
}

const PATTERN_MS = 3000;
const TONES = [
  { at: 0, freqs: [440, 554.37] },
  { at: 0.45, freqs: [440, 554.37] },
] as const;

export function createRingtone(): Ringtone {
  let ctx: AudioContext | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let playing = false;

  function burst(): void {
    if (!ctx) return;
    const t0 = ctx.currentTime + 0.02;
    for (const tone of TONES) {
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0, t0 + tone.at);
      gain.gain.linearRampToValueAtTime(0.12, t0 + tone.at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.at + 0.4);
      gain.connect(ctx.destination);
      for (const f of tone.freqs) {
        const osc = ctx.createOscillator();
        osc.type = 'sine';
        osc.frequency.value = f;
        osc.connect(gain);
        osc.start(t0 + tone.at);
        osc.stop(t0 + tone.at + 0.42);
      }
    }
  }

  return {
    get playing() {
      return playing;
    },
    start() {
      if (playing) return;
      playing = true;
      try {
        ctx ??= new AudioContext();
        void ctx.resume().catch(() => undefined);
        burst();
        timer = setInterval(burst, PATTERN_MS);
      } catch {
        // No audio output (or autoplay refused): the incoming-call dialog still shows and announces.
      }
    },
    stop() {
      playing = false;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (ctx) void ctx.suspend().catch(() => undefined);
    },
  };
}
