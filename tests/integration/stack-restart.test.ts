// `npm start` keeps the stack up when a server dies under it (issue #11, defects 5 and 6): a
// SIGKILLed component or Prosody is started again and says so, the web app keeps being served, the
// component reconnects, and call links made before the kill still open (the link key is the same
// for every start of the runtime folder).
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../src/component/token.js';
import { login, logout, sleep, until, xml, type TestClient } from './stack-helpers.js';
import { cleanUp, leftovers, run, startUntilReady, tmp } from './start-process.js';
import type { ProsodyHandle } from '../support/prosody.js';

const CMD = 'http://jabber.org/protocol/commands';

beforeAll(() => {
  expect(run(['--help'], process.env).status).toBe(0); // builds once
});
afterAll(cleanUp);

/** One ad-hoc command IQ that already carries the submitted form completes at once (docs/component.md). */
async function createLink(c: TestClient): Promise<string> {
  const done = await c.xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: 'bridge.localhost' },
      xml(
        'command',
        { xmlns: CMD, node: 'urn:jingle-bridge:create-call-link', action: 'execute' },
        xml(
          'x',
          { xmlns: 'jabber:x:data', type: 'submit' },
          xml('field', { var: 'expiry' }, xml('value', {}, '3600')),
          xml('field', { var: 'use' }, xml('value', {}, 'multiple')),
        ),
      ),
    ),
  );
  const fields = done.getChild('command', CMD)?.getChild('x')?.getChildren('field') ?? [];
  return fields.find((f) => f.attrs['var'] === 'url')?.getChildText('value') ?? '';
}

/** The component answers disco#info on its domain: it is connected to Prosody. */
async function componentAnswers(c: TestClient): Promise<string | undefined> {
  const info = await c.xmpp.iqCaller
    .request(
      xml(
        'iq',
        { type: 'get', to: 'bridge.localhost' },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
      2000,
    )
    .catch(() => undefined);
  return info?.getChild('query')?.getChild('identity')?.attrs['type'] as string | undefined;
}

const pageStatus = async (url: string) => (await fetch(url)).status;

async function untilAsync<T>(what: string, f: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('npm start supervision', () => {
  it('restarts a SIGKILLed component (links survive), Prosody (the component reconnects) and coturn, and still stops cleanly', async () => {
    const runtime = tmp();
    const { child, out } = await startUntilReady(runtime);
    const ws = /XMPP\s+(ws:\/\/127\.0\.0\.1:\d+\/xmpp-websocket)/.exec(out())?.[1];
    const web = /web app\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out())?.[1];
    const componentPid = Number(/component\s+\S+ on \S+: connected \(pid (\d+)/.exec(out())?.[1]);
    if (!ws || !web || !componentPid) throw new Error(`unexpected output:\n${out()}`);
    const h = { wsUrl: ws, domain: 'localhost' } as ProsodyHandle;
    // The key is kept in the runtime folder, readable by its owner only.
    expect((statSync(`${runtime}/component-link-key`).mode & 0o777).toString(8)).toBe('600');

    const alice = await login(h, 'alice', 'alicepass');
    const link = await createLink(alice);
    expect({
      prefix: link.startsWith('http://127.0.0.1:8090/call/'),
      status: await pageStatus(link),
    }).toEqual({ prefix: true, status: 200 });

    process.kill(componentPid, 'SIGKILL');
    await until(() => /component back \(pid \d+, connected\)/.test(out()), 'component back', 30_000);
    const restarted = Number(/component back \(pid (\d+)/.exec(out())?.[1]);
    expect(out()).toContain('component exited (signal SIGKILL); restarting in 1 s\n');
    expect({
      newPid: restarted !== componentPid,
      oldLink: await pageStatus(link),
      disco: await componentAnswers(alice),
    }).toEqual({ newPid: true, oldLink: 200, disco: 'generic' });
    await logout(alice);

    const prosody = leftovers(runtime).find((l) => l.includes('/usr/bin/prosody'));
    if (!prosody) throw new Error(`no Prosody process found:\n${out()}`);
    process.kill(Number(prosody.split(' ')[0]), 'SIGKILL');
    await until(() => out().includes('Prosody back ('), 'Prosody back', 30_000);
    expect(out()).toContain('Prosody exited (signal SIGKILL); restarting in 1 s\n');
    expect({
      running: child.exitCode,
      config: (await fetch(`${web}config.json`)).status,
      guestPage: await pageStatus(link),
    }).toEqual({ running: null, config: 200, guestPage: 200 });
    const bob = await login(h, 'bob', 'bobpass');
    // The same component process reconnects with its own backoff (250 ms doubling).
    expect(await untilAsync('the component reconnected', () => componentAnswers(bob), 30_000)).toBe(
      'generic',
    );
    expect(readFileSync(`${runtime}/component.log`, 'utf8')).toContain('XMPP connection restored');
    expect(out()).not.toContain('component exited (code');
    await logout(bob);

    const coturn = leftovers(runtime).find((l) => l.includes('turnserver -c'));
    if (!coturn) throw new Error(`no coturn process found:\n${out()}`);
    process.kill(Number(coturn.split(' ')[0]), 'SIGKILL');
    await until(() => out().includes('coturn back ('), 'coturn back', 30_000);
    expect(out()).toContain('coturn exited (signal SIGKILL); restarting in 1 s\n');

    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect({ code, tail: out().trim().split('\n').slice(-2), left: leftovers(runtime) }).toEqual({
      code: 0,
      tail: ['SIGINT: stopping…', 'stopped.'],
      left: [],
    });
    expect(() => process.kill(restarted, 0)).toThrow(); // the restarted component was stopped too

    // The next `npm start` on this folder signs with the same key: the link still opens.
    const again = await startUntilReady(runtime);
    expect(await pageStatus(link)).toBe(200);
    again.child.kill('SIGINT');
    expect(await new Promise((r) => again.child.once('exit', (c) => r(c)))).toBe(0);
  });

  it('an administrator-set JB_COMPONENT_LINK_KEY wins over the kept one', async () => {
    const key = 'an-admin-chosen-link-key-of-40-characters';
    const { child } = await startUntilReady(tmp(), { JB_COMPONENT_LINK_KEY: key });
    const token = signLink(
      { owner: 'alice@localhost', expiresAt: Date.now() + 600_000, use: 'multiple', id: 'admin' },
      Buffer.from(key),
    );
    const other = signLink(
      { owner: 'alice@localhost', expiresAt: Date.now() + 600_000, use: 'multiple', id: 'other' },
      Buffer.from('some-other-key-that-is-long-enough-too!!'),
    );
    expect([
      await pageStatus(`http://127.0.0.1:8090/call/${token}`),
      await pageStatus(`http://127.0.0.1:8090/call/${other}`),
    ]).toEqual([200, 403]);
    child.kill('SIGINT');
    expect(await new Promise((r) => child.once('exit', (c) => r(c)))).toBe(0);
  });
});
