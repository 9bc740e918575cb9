import { xml } from '../../src/client/xmpp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVERTISED_FEATURES, DEFAULT_CAPS_NODE } from '../../src/client/index.js';
import type { Client } from '../../src/client/index.js';
import { capsVer, discoInfoFromXml } from '../../src/client/contacts/caps.js';
import { ourDiscoInfo } from '../../src/client/contacts/features.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { clientFor, next, startContactsPair } from './client-support.js';

let prosody: ProsodyHandle;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  prosody = await startContactsPair();
  alice = clientFor(prosody, 'alice', 'alicepass', { resource: 'web', iceServers: false });
  bob = clientFor(prosody, 'bob', 'bobpass', { resource: 'phone', iceServers: false });
  await alice.start();
});
afterAll(async () => {
  await Promise.all([alice?.stop(), bob?.stop()]);
  await prosody?.stop();
});

describe('XEP-0115 caps between two clients on Prosody', () => {
  it('learns a contact’s features from caps and says it can take audio and video calls with JMI', async () => {
    const bobFull = `bob@${prosody.domain}/phone`;
    const learned = next(alice, 'features', (jid) => jid === bobFull);
    await bob.start();
    const [, features] = await learned;
    expect([...features].sort()).toEqual([...ADVERTISED_FEATURES].sort());
    expect(alice.features(bobFull)).toEqual(new Set(ADVERTISED_FEATURES));
    expect(alice.canCall(`bob@${prosody.domain}`, { video: true })).toEqual([{ jid: bobFull, jmi: true }]);
    expect(alice.canCall(`alice@${prosody.domain}`)).toEqual([]);
  });

  it('answers disco#info at node#ver with the node mirrored and the ver reproducible; other nodes get item-not-found', async () => {
    const ver = await capsVer(ourDiscoInfo());
    const node = `${DEFAULT_CAPS_NODE}#${ver}`;
    const query = await alice.internals.iqCaller.get(
      xml('query', { xmlns: 'http://jabber.org/protocol/disco#info', node }),
      `bob@${prosody.domain}/phone`,
    );
    if (!query) throw new Error('empty disco#info result');
    expect(query.attrs['node']).toBe(node);
    expect(discoInfoFromXml(query)).toEqual(ourDiscoInfo());
    expect(await capsVer(discoInfoFromXml(query))).toBe(ver);

    const error = await alice.internals.iqCaller
      .get(
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info', node: `${DEFAULT_CAPS_NODE}#stale` }),
        `bob@${prosody.domain}/phone`,
      )
      .catch((e: unknown) => e);
    expect({ name: (error as Error).name, condition: (error as { condition?: string }).condition }).toEqual({
      name: 'StanzaError',
      condition: 'item-not-found',
    });
  });

  it('a resource going offline forgets its features', async () => {
    const bobFull = `bob@${prosody.domain}/phone`;
    const gone = next(alice, 'presence', (bare, r) => bare === `bob@${prosody.domain}` && r.length === 0);
    await bob.stop();
    await gone;
    expect(alice.features(bobFull)).toBeUndefined();
    expect(alice.canCall(`bob@${prosody.domain}`)).toEqual([]);
  });
});
