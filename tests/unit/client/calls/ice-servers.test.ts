import { parse } from 'ltx';
import type { Element } from 'ltx';
import type { IqCaller } from '../../../../src/client/xmpp.js';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../src/client/clock.js';
import { IceServers } from '../../../../src/client/calls/ice-servers.js';

/** A manual clock: timers fire only in advance(). */
function fakeClock(start = 0) {
  let now = start;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
  };
  return {
    clock,
    pending: () => timers.map((t) => t.at - now),
    async advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

type Answer = string | Error;
/** An iq caller answering from a queue per request (first matching key wins). */
function fakeIq(answers: Record<string, Answer[]>) {
  const requests: string[] = [];
  const iqCaller = {
    handlers: new Map(),
    request: async () => {
      throw new Error('unused');
    },
    set: async () => undefined,
    get: async (el: Element, to?: string) => {
      const key = `${el.name} ${el.attrs['xmlns'] as string}`;
      requests.push(`${to} ${el.toString()}`);
      const answer = answers[key]?.shift();
      if (answer === undefined) throw new Error(`no answer for ${key}`);
      if (answer instanceof Error) throw answer;
      return parse(answer);
    },
  } satisfies IqCaller;
  return { iqCaller, requests };
}

const EXPIRES = new Date(3_600_000).toISOString();
const SERVICES_2 = `<services xmlns='urn:xmpp:extdisco:2'>
  <service type='stun' host='127.0.0.1' port='3478' transport='udp'/>
  <service type='turn' host='127.0.0.1' port='3478' transport='udp' restricted='1'/>
</services>`;
const CREDS = (n: number) => `<credentials xmlns='urn:xmpp:extdisco:2'>
  <service type='turn' host='127.0.0.1' port='3478' username='u${n}' password='p${n}' expires='${EXPIRES}'/>
</credentials>`;

function setup(answers: Record<string, Answer[]>) {
  const time = fakeClock();
  const { iqCaller, requests } = fakeIq(answers);
  const changes: RTCIceServer[][] = [];
  const failures: string[] = [];
  const ice = new IceServers({
    iqCaller,
    domain: () => 'example.com',
    clock: time.clock,
    changed: (s) => changes.push(s),
    failed: (e) => failures.push((e as Error).message),
  });
  return { ice, time, requests, changes, failures };
}

describe('IceServers (XEP-0215)', () => {
  it('asks for credentials of restricted TURN entries and schedules a refresh before they expire', async () => {
    const t = setup({
      'services urn:xmpp:extdisco:2': [SERVICES_2, SERVICES_2],
      'credentials urn:xmpp:extdisco:2': [CREDS(1), CREDS(2)],
    });
    const first = [
      { urls: 'stun:127.0.0.1:3478' },
      { urls: 'turn:127.0.0.1:3478?transport=udp', username: 'u1', credential: 'p1' },
    ];
    expect(await t.ice.refresh()).toEqual(first);
    expect(t.requests).toEqual([
      `example.com <services xmlns="urn:xmpp:extdisco:2"/>`,
      `example.com <credentials xmlns="urn:xmpp:extdisco:2"><service type="turn" host="127.0.0.1" port="3478"/></credentials>`,
    ]);
    // One hour left: refresh one minute before expiry.
    expect(t.time.pending()).toEqual([3_540_000]);
    await t.time.advance(3_540_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.changes).toEqual([
      first,
      [first[0], { urls: 'turn:127.0.0.1:3478?transport=udp', username: 'u2', credential: 'p2' }],
    ]);
    expect(t.ice.current()).toEqual(t.changes[1]);
  });

  it('falls back to extdisco:1 when :2 is refused', async () => {
    const t = setup({
      'services urn:xmpp:extdisco:2': [new Error('service-unavailable')],
      'services urn:xmpp:extdisco:1': [
        `<services xmlns='urn:xmpp:extdisco:1'><service type='stun' host='s.example' port='3478'/></services>`,
      ],
    });
    expect(await t.ice.refresh()).toEqual([{ urls: 'stun:s.example:3478' }]);
    expect(t.failures).toEqual([]);
    expect(t.time.pending()).toEqual([]);
  });

  it('reports the :2 error when both fail, keeps the old list, and retries a minute later', async () => {
    const t = setup({
      'services urn:xmpp:extdisco:2': [new Error('service-unavailable')],
      'services urn:xmpp:extdisco:1': [new Error('feature-not-implemented')],
    });
    expect(await t.ice.refresh()).toEqual([]);
    expect(t.failures).toEqual(['service-unavailable']);
    expect(t.time.pending()).toEqual([60_000]);
  });

  it('a failed credentials request leaves the TURN entry out; stop() cancels the refresh', async () => {
    const t = setup({
      'services urn:xmpp:extdisco:2': [SERVICES_2],
      'credentials urn:xmpp:extdisco:2': [new Error('not-authorized')],
    });
    expect(await t.ice.refresh()).toEqual([{ urls: 'stun:127.0.0.1:3478' }]);
    t.ice.stop();
    expect(t.time.pending()).toEqual([]);
  });

  it('emits a change only when the list changes', async () => {
    const stunOnly = `<services xmlns='urn:xmpp:extdisco:2'><service type='stun' host='h' port='1'/></services>`;
    const t = setup({ 'services urn:xmpp:extdisco:2': [stunOnly, stunOnly] });
    await t.ice.refresh();
    await t.ice.refresh();
    expect(t.changes).toEqual([[{ urls: 'stun:h:1' }]]);
  });
});
