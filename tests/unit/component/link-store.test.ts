// Single-use link state shared between component instances (docs/scaling.md, "State"): LinkUses with
// a fake shared store, the Redis URL setting, and the RESP framing of src/component/redis.ts.
import { describe, expect, it } from 'vitest';
import {
  parseRedisUrl,
  type RemoteLinkEvent,
  type SharedLinkStore,
} from '../../../src/component/link-store.js';
import { LinkUses } from '../../../src/component/link-uses.js';
import { encodeCommand, parseReply, RedisError } from '../../../src/component/redis.js';

/** Records what LinkUses asks of the store; `push` plays another instance's announcements. */
function fakeStore(claimWins = true) {
  const calls: string[] = [];
  let listener: ((e: RemoteLinkEvent) => void) | undefined;
  let reset: (() => void) | undefined;
  const store: SharedLinkStore = {
    claim: async (id, exp) => (calls.push(`claim ${id} ${exp}`), claimWins),
    release: async (id) => void calls.push(`release ${id}`),
    commit: async (id, exp) => void calls.push(`commit ${id} ${exp}`),
    subscribe: (fn, r) => ((listener = fn), (reset = r)),
    close: () => void calls.push('close'),
  };
  return { store, calls, push: (e: RemoteLinkEvent) => listener?.(e), reset: () => reset?.() };
}

describe('LinkUses with a shared store', () => {
  it('claims, releases and commits through the store, in that order', async () => {
    const f = fakeStore();
    const uses = new LinkUses(f.store);
    const reserved = await uses.reserve('a', 5000, 0);
    uses.release('a');
    const again = await uses.reserve('a', 5000, 0);
    uses.commit('a');
    uses.close();
    expect([reserved, again, uses.isTaken('a', 1), f.calls]).toEqual([
      true,
      true,
      true,
      ['claim a 5000', 'release a', 'claim a 5000', 'commit a 5000', 'close'],
    ]);
  });

  it.each([
    ['taken elsewhere: refused here until freed there', [{ op: 'taken', id: 'x', expiresAt: 9000 }], false],
    [
      'taken then freed elsewhere: free here',
      [
        { op: 'taken', id: 'x', expiresAt: 9000 },
        { op: 'free', id: 'x' },
      ],
      true,
    ],
    ['taken elsewhere but already expired', [{ op: 'taken', id: 'x', expiresAt: 50 }], true],
    [
      'a reset (Redis reconnect) forgets what others held',
      [{ op: 'taken', id: 'x', expiresAt: 9000 }, 'reset'],
      true,
    ],
  ] as const)('%s', async (_name, events, reservable) => {
    const f = fakeStore();
    const uses = new LinkUses(f.store);
    for (const e of events)
      if (e === 'reset') f.reset();
      else f.push(e);
    expect(await uses.reserve('x', 9000, 100)).toBe(reservable);
  });

  it("another instance's free does not release our own reservation", () => {
    const f = fakeStore();
    const uses = new LinkUses(f.store);
    uses.reserve('x', 9000, 0);
    f.push({ op: 'free', id: 'x' });
    expect(uses.isTaken('x', 1)).toBe(true);
  });

  it('a claim lost to another instance (its announcement not here yet) refuses the call here', async () => {
    const f = fakeStore(false);
    const warnings: string[] = [];
    const uses = new LinkUses(f.store, { warn: (m) => warnings.push(m) });
    const won = await uses.reserve('x', 9000, 0);
    uses.release('x'); // the registry does not release a claim it lost; nor does this free the link
    expect({
      won,
      taken: uses.isTaken('x', 1),
      again: uses.reserve('x', 9000, 2),
      warnings,
      calls: f.calls,
    }).toEqual({
      won: false,
      taken: true,
      again: false,
      warnings: ['single-use link x was claimed by another instance at the same moment; refused here'],
      calls: ['claim x 9000'],
    });
  });

  it('released while the claim is on its way (the guest hung up): the late answer changes nothing', async () => {
    const f = fakeStore(false);
    const uses = new LinkUses(f.store, { warn: () => undefined });
    const pending = uses.reserve('x', 9000, 0);
    uses.release('x');
    expect({ won: await pending, taken: uses.isTaken('x', 1), calls: f.calls }).toEqual({
      won: false,
      taken: false,
      calls: ['claim x 9000', 'release x'],
    });
  });
});

describe('parseRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379 }],
    ['redis://localhost:7000/', { host: 'localhost', port: 7000 }],
    ['redis://[::1]:6379', { host: '::1', port: 6379 }],
    ['redis://127.0.0.1', undefined],
    ['http://127.0.0.1:6379', undefined],
    ['redis://127.0.0.1:0', undefined],
    ['redis://127.0.0.1:70000', undefined],
    ['redis://a b:1', undefined],
  ])('%s', (url, want) => expect(parseRedisUrl(url)).toEqual(want));
});

describe('RESP framing', () => {
  it('encodes a command as an array of bulk strings (byte lengths)', () => {
    expect(encodeCommand(['SET', 'k', 'é'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
  });

  it.each([
    ['+OK\r\n', { value: 'OK', end: 5 }],
    [':42\r\n', { value: 42, end: 5 }],
    ['$-1\r\n', { value: null, end: 5 }],
    ['$3\r\nabc\r\n', { value: 'abc', end: 9 }],
    ['*2\r\n$1\r\n0\r\n*1\r\n$3\r\nkey\r\n', { value: ['0', ['key']], end: 24 }],
    ['$3\r\nab', undefined],
    ['*2\r\n:1\r\n', undefined],
    [':1', undefined],
  ])('%j', (text, want) => expect(parseReply(Buffer.from(text))).toEqual(want));

  it('an error reply is a RedisError value, not a throw', () => {
    const r = parseReply(Buffer.from('-ERR wrong\r\n'));
    expect([r?.value instanceof RedisError, (r?.value as Error).message, r?.end]).toEqual([
      true,
      'ERR wrong',
      12,
    ]);
  });
});
