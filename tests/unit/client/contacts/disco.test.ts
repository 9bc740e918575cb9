import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import type { DiscoInfo } from '../../../../src/client/contacts/caps.js';
import { FeatureCache, answerDiscoInfo } from '../../../../src/client/contacts/disco.js';
import { callableResources } from '../../../../src/client/contacts/features.js';
import type { IqContext } from '../../../../src/client/xmpp.js';

const SIMPLE: DiscoInfo = {
  identities: [{ category: 'client', type: 'pc', name: 'Exodus 0.9.1' }],
  features: [
    'http://jabber.org/protocol/caps',
    'http://jabber.org/protocol/disco#info',
    'http://jabber.org/protocol/disco#items',
    'http://jabber.org/protocol/muc',
  ],
  forms: [],
};
const SIMPLE_VER = 'QgayPKawpkPSDYmwT/WM94uAlu0=';

function harness(answers: Record<string, DiscoInfo | Error>) {
  const log: string[] = [];
  const cache = new FeatureCache({
    query: async (jid, node) => {
      log.push(`query ${jid} ${node ?? '-'}`);
      const answer = answers[`${jid} ${node ?? '-'}`];
      if (answer === undefined || answer instanceof Error) throw answer ?? new Error('no answer');
      return answer;
    },
    changed: (jid, features) => log.push(`changed ${jid} ${[...features].length}`),
    failed: (jid, error) => log.push(`failed ${jid} ${(error as Error).message}`),
  });
  return { cache, log };
}

describe('learning contacts’ features (XEP-0115 §5.4)', () => {
  it('a verified ver is cached globally: a second resource with the same ver is not queried', async () => {
    const caps = { hash: 'sha-1', node: 'http://exodus', ver: SIMPLE_VER };
    const { cache, log } = harness({ [`a@x/1 http://exodus#${SIMPLE_VER}`]: SIMPLE });
    await cache.onPresence('a@x/1', caps);
    await cache.onPresence('b@x/2', caps);
    expect(log).toEqual([`query a@x/1 http://exodus#${SIMPLE_VER}`, 'changed a@x/1 4', 'changed b@x/2 4']);
    expect(cache.get('b@x/2')).toEqual(new Set(SIMPLE.features));
  });

  it('a ver that does not match the answer is cached for that full JID only', async () => {
    const caps = { hash: 'sha-1', node: 'http://liar', ver: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
    const { cache, log } = harness({
      'a@x/1 http://liar#AAAAAAAAAAAAAAAAAAAAAAAAAAA=': SIMPLE,
      'b@x/2 http://liar#AAAAAAAAAAAAAAAAAAAAAAAAAAA=': { ...SIMPLE, features: ['urn:xmpp:jingle:1'] },
    });
    await cache.onPresence('a@x/1', caps);
    await cache.onPresence('b@x/2', caps);
    expect(log).toEqual([
      'query a@x/1 http://liar#AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      'changed a@x/1 4',
      'query b@x/2 http://liar#AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      'changed b@x/2 1',
    ]);
  });

  it('an unknown hash is never cached globally', async () => {
    const caps = { hash: 'md5', node: 'http://n', ver: SIMPLE_VER };
    const { cache, log } = harness({
      [`a@x/1 http://n#${SIMPLE_VER}`]: SIMPLE,
      [`b@x/2 http://n#${SIMPLE_VER}`]: SIMPLE,
    });
    await cache.onPresence('a@x/1', caps);
    await cache.onPresence('b@x/2', caps);
    expect(log).toEqual([
      `query a@x/1 http://n#${SIMPLE_VER}`,
      'changed a@x/1 4',
      `query b@x/2 http://n#${SIMPLE_VER}`,
      'changed b@x/2 4',
    ]);
  });

  it('without caps the full JID is queried without a node; repeated presence does not requery', async () => {
    const { cache, log } = harness({ 'a@x/1 -': SIMPLE });
    await cache.onPresence('a@x/1', undefined);
    await cache.onPresence('a@x/1', undefined);
    expect(log).toEqual(['query a@x/1 -', 'changed a@x/1 4']);
  });

  it('a later presence without <c/> (stripped by the server) keeps what caps told us', async () => {
    const caps = { hash: 'sha-1', node: 'http://exodus', ver: SIMPLE_VER };
    const { cache, log } = harness({ [`a@x/1 http://exodus#${SIMPLE_VER}`]: SIMPLE });
    await cache.onPresence('a@x/1', caps);
    await cache.onPresence('a@x/1', undefined);
    expect(log).toEqual([`query a@x/1 http://exodus#${SIMPLE_VER}`, 'changed a@x/1 4']);
  });

  it('a failing query is reported and leaves the features unknown', async () => {
    const { cache, log } = harness({ 'a@x/1 -': new Error('service-unavailable') });
    await cache.onPresence('a@x/1', undefined);
    expect(log).toEqual(['query a@x/1 -', 'failed a@x/1 service-unavailable']);
    expect(cache.get('a@x/1')).toBeUndefined();
  });

  it('forget() drops a resource that went offline', async () => {
    const { cache } = harness({ 'a@x/1 -': SIMPLE });
    await cache.onPresence('a@x/1', undefined);
    cache.forget('a@x/1');
    expect(cache.get('a@x/1')).toBeUndefined();
  });
});

describe('answering disco#info (XEP-0030 §3.1, XEP-0115 §6.2)', () => {
  const answer = answerDiscoInfo(() => ({ info: SIMPLE, capsNode: 'http://us', ver: 'V=' }));
  const ctx = (query: string) => ({ element: parse(query) }) as unknown as IqContext;

  it('answers without a node', () => {
    expect(answer(ctx(`<query xmlns='http://jabber.org/protocol/disco#info'/>`)).toString()).toBe(
      `<query xmlns="http://jabber.org/protocol/disco#info"><identity category="client" type="pc" name="Exodus 0.9.1"/>` +
        `<feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/>` +
        `<feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/></query>`,
    );
  });

  it('answers at node#ver, mirroring the node', () => {
    expect(
      answer(ctx(`<query xmlns='http://jabber.org/protocol/disco#info' node='http://us#V='/>`)).attrs,
    ).toEqual({
      xmlns: 'http://jabber.org/protocol/disco#info',
      node: 'http://us#V=',
    });
  });

  it('returns item-not-found for any other node', () => {
    expect(
      answer(ctx(`<query xmlns='http://jabber.org/protocol/disco#info' node='http://us#OLD='/>`)).toString(),
    ).toBe(`<error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>`);
  });
});

describe('canCall: which resources can take a call', () => {
  const audio = new Set([
    'urn:xmpp:jingle:1',
    'urn:xmpp:jingle:transports:ice-udp:1',
    'urn:xmpp:jingle:apps:rtp:1',
    'urn:xmpp:jingle:apps:dtls:0',
    'urn:xmpp:jingle:apps:rtp:audio',
  ]);
  const video = new Set([...audio, 'urn:xmpp:jingle:apps:rtp:video', 'urn:xmpp:jingle-message:0']);
  const noDtls = new Set([...video].filter((f) => f !== 'urn:xmpp:jingle:apps:dtls:0'));
  const resources: Array<[string, ReadonlySet<string> | undefined]> = [
    ['a@x/audio', audio],
    ['a@x/video', video],
    ['a@x/old', noDtls],
    ['a@x/unknown', undefined],
  ];

  it('audio: every resource with the Conversations base set', () => {
    expect(callableResources(resources, false)).toEqual([
      { jid: 'a@x/audio', jmi: false },
      { jid: 'a@x/video', jmi: true },
    ]);
  });

  it('video: only resources that also have rtp:video', () => {
    expect(callableResources(resources, true)).toEqual([{ jid: 'a@x/video', jmi: true }]);
  });
});
