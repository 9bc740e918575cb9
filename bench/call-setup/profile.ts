// Diagnostic for bench/call-setup/main.ts (`--profile`): a CPU profile (Chrome DevTools Protocol) of each
// page during the XMPP calls, reduced to the functions with the most self time in a window of
// wall-clock time (e.g. from the callee's accept to the caller's first frame). It answers "what is
// the page's JavaScript doing while the call is set up", which the stanza timestamps cannot.
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export class PageProfiler {
  readonly #selfMs = new Map<string, number>();
  #session: CDPSession | undefined;

  constructor(private readonly page: Page) {}

  async start(): Promise<void> {
    this.#session ??= await this.page.context().newCDPSession(this.page);
    await this.#session.send('Profiler.enable');
    await this.#session.send('Profiler.setSamplingInterval', { interval: 100 });
    await this.#session.send('Profiler.start');
  }

  /** Stops and adds the self time of samples inside [from, to] (page wall-clock ms) to the totals. */
  async stop(from: number, to: number): Promise<void> {
    if (this.#session === undefined) return;
    const { profile } = (await this.#session.send('Profiler.stop')) as unknown as { profile: Profile };
    // Map the profiler's monotonic µs onto the page's wall clock: the last sample is "now", give or
    // take the protocol round trip (about a millisecond; fine for a diagnostic).
    const wallNow = (await this.page.evaluate(() => performance.timeOrigin + performance.now())) as number;
    const ticks: number[] = [];
    let t = profile.startTime;
    for (const d of profile.timeDeltas) ticks.push((t += d));
    const offset = wallNow - (ticks.at(-1) ?? t) / 1000;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const at = (ticks[i] ?? 0) / 1000 + offset;
      if (at < from || at > to) continue;
      const next = ticks[i + 1];
      const ms = next === undefined ? 0 : (next - (ticks[i] ?? 0)) / 1000;
      const f = byId.get(profile.samples[i] ?? -1)?.callFrame;
      if (f === undefined) continue;
      const file = f.url.split('/').at(-1) ?? '';
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
      this.#selfMs.set(key, (this.#selfMs.get(key) ?? 0) + ms);
    }
  }

  /** The `top` functions by self time, in ms summed over the profiled calls. */
  report(top: number): string {
    return [...this.#selfMs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`)
      .join('\n');
  }
}
