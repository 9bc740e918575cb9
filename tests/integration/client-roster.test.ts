import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/client/index.js';
import { startProsody } from '../support/prosody.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor, next, until } from './client-support.js';

let prosody: ProsodyHandle;
let open: Client[] = [];
const online = async (user: string, resource: string) => {
  const c = clientFor(prosody, user, `${user}pass`, { resource, iceServers: false });
  open.push(c);
  await c.start();
  return c;
};

beforeAll(async () => {
  prosody = await startProsody({
    users: [
      ['alice', 'alicepass'],
      ['bob', 'bobpass'],
      ['carol', 'carolpass'],
      ['dave', 'davepass'],
      ['erin', 'erinpass'],
      ['frank', 'frankpass'],
    ],
  });
  await prosody.makeContacts('erin', 'frank');
});
afterEach(async () => {
  await Promise.all(open.map((c) => c.stop()));
  open = [];
});
afterAll(async () => prosody?.stop());

describe('roster (RFC 6121 §2) against Prosody', () => {
  it('add, rename and remove round-trip through roster pushes', async () => {
    const alice = await online('alice', 'web');
    const zed = `zed@${prosody.domain}`;
    expect(alice.roster.list()).toEqual([]);

    const added = next(
      alice,
      'roster',
      (_items, change) => change?.kind === 'set' && change.item.name === 'Zed',
    );
    await alice.roster.add(zed, { name: 'Zed', groups: ['Friends'], subscribe: false });
    expect(await added).toEqual([
      [{ jid: zed, name: 'Zed', subscription: 'none', pending: false, approved: false, groups: ['Friends'] }],
      {
        kind: 'set',
        item: {
          jid: zed,
          name: 'Zed',
          subscription: 'none',
          pending: false,
          approved: false,
          groups: ['Friends'],
        },
      },
    ]);

    const renamed = next(
      alice,
      'roster',
      (_items, change) => change?.kind === 'set' && change.item.name === 'Zedediah',
    );
    await alice.roster.rename(zed, 'Zedediah');
    await renamed;
    expect(alice.roster.list()).toEqual([
      {
        jid: zed,
        name: 'Zedediah',
        subscription: 'none',
        pending: false,
        approved: false,
        groups: ['Friends'],
      },
    ]);

    const removed = next(alice, 'roster', (_items, change) => change?.kind === 'remove');
    await alice.roster.remove(zed);
    expect(await removed).toEqual([[], { kind: 'remove', jid: zed }]);

    // A fresh session sees the same roster from the server.
    await alice.stop();
    await alice.start();
    expect(alice.roster.list()).toEqual([]);
  });

  it('a subscription request is surfaced and approved: both sides see presence', async () => {
    const bob = await online('bob', 'b1');
    const carol = await online('carol', 'c1');
    const bobJid = `bob@${prosody.domain}`;
    const carolJid = `carol@${prosody.domain}`;

    const request = next(carol, 'subscription', (e) => e.kind === 'subscribe');
    const approved = next(bob, 'subscription', (e) => e.kind === 'subscribed');
    const carolSeen = next(bob, 'presence', (bare, resources) => bare === carolJid && resources.length === 1);
    await bob.roster.add(carolJid, { name: 'Carol' });
    expect(await request).toEqual([{ kind: 'subscribe', from: bobJid }]);
    await carol.roster.approve(bobJid);
    expect(await approved).toEqual([{ kind: 'subscribed', from: carolJid }]);
    expect(await carolSeen).toEqual([
      carolJid,
      [
        {
          jid: `${carolJid}/c1`,
          show: 'available',
          priority: 0,
          caps: expect.objectContaining({ hash: 'sha-1' }),
        },
      ],
    ]);
    await until(() => bob.roster.list()[0]?.subscription === 'to');
    expect(bob.roster.list()).toEqual([
      { jid: carolJid, name: 'Carol', subscription: 'to', pending: false, approved: false, groups: [] },
    ]);
  });

  it('a denied subscription request leaves the requester without presence', async () => {
    const dave = await online('dave', 'd1');
    const alice = await online('alice', 'a1');
    const daveJid = `dave@${prosody.domain}`;
    const aliceJid = `alice@${prosody.domain}`;
    const request = next(alice, 'subscription', (e) => e.kind === 'subscribe');
    const denied = next(dave, 'subscription', (e) => e.kind === 'unsubscribed');
    await dave.roster.add(aliceJid);
    await request;
    await alice.roster.deny(daveJid);
    expect(await denied).toEqual([{ kind: 'unsubscribed', from: aliceJid }]);
    await until(() => dave.roster.list()[0]?.pending === false);
    expect(dave.roster.list()).toEqual([
      { jid: aliceJid, subscription: 'none', pending: false, approved: false, groups: [] },
    ]);
    expect(dave.presence.of(aliceJid)).toEqual([]);
  });

  it('presence per resource with show and status', async () => {
    const frankJid = `frank@${prosody.domain}`;
    const erin = await online('erin', 'e1');
    const phone = await online('frank', 'phone');
    const desk = await online('frank', 'desk');
    await phone.presence.set('away', 'on the train');
    await desk.presence.set('dnd', 'in a meeting');
    await until(() => {
      const r = erin.presence.of(frankJid);
      return r.some((x) => x.show === 'away') && r.some((x) => x.show === 'dnd');
    });
    const strip = erin.presence.of(frankJid).map(({ caps: _caps, ...rest }) => rest);
    expect(strip.sort((a, b) => a.jid.localeCompare(b.jid))).toEqual([
      { jid: `${frankJid}/desk`, show: 'dnd', status: 'in a meeting', priority: 0 },
      { jid: `${frankJid}/phone`, show: 'away', status: 'on the train', priority: 0 },
    ]);

    const gone = next(erin, 'presence', (bare, r) => bare === frankJid && r.length === 1);
    await phone.stop();
    expect((await gone)[1].map((r) => r.jid)).toEqual([`${frankJid}/desk`]);
  });
});
