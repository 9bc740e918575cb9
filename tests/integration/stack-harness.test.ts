// The test harness itself: private ports, restart on the same ports and data, clean stop.
import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { login, logout } from './stack-helpers.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const handles: ProsodyHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.stop();
});

it('two harnesses run side by side on different loopback ports', async () => {
  const [a, b] = await Promise.all([startProsody(), startProsody({ turn: true })]);
  if (!a || !b) throw new Error('unreachable');
  handles.push(a, b);
  const ports = [
    a.c2sPort,
    a.httpPort,
    a.componentPort,
    b.c2sPort,
    b.httpPort,
    b.componentPort,
    b.turn?.port,
  ];
  expect(new Set(ports).size).toBe(ports.length);
  expect({ a: a.wsUrl, b: b.wsUrl, turnA: a.turn, turnHost: b.turn?.host }).toEqual({
    a: `ws://127.0.0.1:${a.httpPort}/xmpp-websocket`,
    b: `ws://127.0.0.1:${b.httpPort}/xmpp-websocket`,
    turnA: undefined,
    turnHost: '127.0.0.1',
  });
  await Promise.all([a.stop(), b.stop()]);
});

it('restart() keeps ports and accounts; stop() kills only its processes, removes the folder and is idempotent', async () => {
  const h = await startProsody({ turn: true, users: [['erin', 'erin-pw']] });
  handles.push(h);
  const before = h.pids();
  expect(before.map(alive)).toEqual([true, true]);
  const ports = [h.c2sPort, h.httpPort, h.componentPort];

  await h.restart();
  const after = h.pids();
  expect(after[0]).not.toBe(before[0]); // a new Prosody
  expect(after[1]).toBe(before[1]); // the same coturn
  expect(alive(before[0] ?? 0)).toBe(false);
  expect([h.c2sPort, h.httpPort, h.componentPort]).toEqual(ports);
  const erin = await login(h, 'erin', 'erin-pw');
  await logout(erin);

  await h.stop();
  await h.stop();
  expect({ pids: h.pids(), alive: after.map(alive), dir: existsSync(h.dir) }).toEqual({
    pids: [],
    alive: [false, false],
    dir: false,
  });
});
