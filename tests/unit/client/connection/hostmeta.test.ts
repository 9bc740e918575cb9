import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../../src/client/errors.js';
import {
  discoverWebSocket,
  parseHostMetaJson,
  parseHostMetaXml,
  pickWebSocket,
} from '../../../../src/client/connection/hostmeta.js';
import type { FetchLike } from '../../../../src/client/connection/hostmeta.js';

// XEP-0156 §3.1 example shapes.
const XRD = `<?xml version='1.0' encoding='utf-8'?>
<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Link rel="urn:xmpp:alt-connections:xbosh" href="https://web.example.com:5280/bosh" />
  <Link rel="urn:xmpp:alt-connections:websocket" href="wss://web.example.com:443/ws" />
</XRD>`;
const JRD = JSON.stringify({
  links: [
    { rel: 'urn:xmpp:alt-connections:xbosh', href: 'https://web.example.com:5280/bosh' },
    { rel: 'urn:xmpp:alt-connections:websocket', href: 'wss://web.example.com:443/ws' },
  ],
});

describe('host-meta parsing', () => {
  it.each([
    ['XRD example', parseHostMetaXml(XRD), ['wss://web.example.com:443/ws']],
    ['JRD example', parseHostMetaJson(JRD), ['wss://web.example.com:443/ws']],
    [
      'XRD in another namespace',
      parseHostMetaXml(
        `<XRD xmlns='urn:other'><Link rel='urn:xmpp:alt-connections:websocket' href='wss://x/'/></XRD>`,
      ),
      [],
    ],
    ['not XML', parseHostMetaXml('<<<'), []],
    ['not JSON', parseHostMetaJson('{'), []],
    ['JSON without links', parseHostMetaJson('{"links":3}'), []],
    [
      'JSON link without href',
      parseHostMetaJson('{"links":[{"rel":"urn:xmpp:alt-connections:websocket"}]}'),
      [],
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('prefers wss over ws and ignores other schemes', () => {
    expect(pickWebSocket(['https://x/', 'ws://a/', 'wss://b/'])).toBe('wss://b/');
    expect(pickWebSocket(['https://x/', 'ws://a/'])).toBe('ws://a/');
    expect(pickWebSocket(['https://x/'])).toBeUndefined();
  });
});

function fakeFetch(pages: Record<string, { status: number; body: string } | Error>): {
  fetch: FetchLike;
  urls: string[];
} {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (url) => {
      urls.push(url);
      const page = pages[url] ?? { status: 404, body: '' };
      if (page instanceof Error) throw page;
      return { ok: page.status === 200, status: page.status, text: async () => page.body };
    },
  };
}

describe('discoverWebSocket (XEP-0156)', () => {
  it('uses the XRD host-meta first', async () => {
    const f = fakeFetch({ 'https://example.com/.well-known/host-meta': { status: 200, body: XRD } });
    expect(await discoverWebSocket('example.com', f.fetch)).toBe('wss://web.example.com:443/ws');
    expect(f.urls).toEqual(['https://example.com/.well-known/host-meta']);
  });

  it('falls back to host-meta.json', async () => {
    const f = fakeFetch({
      'https://example.com/.well-known/host-meta': new Error('network down'),
      'https://example.com/.well-known/host-meta.json': { status: 200, body: JRD },
    });
    expect(await discoverWebSocket('example.com', f.fetch)).toBe('wss://web.example.com:443/ws');
  });

  it('fails with code host-meta and says what it tried', async () => {
    const f = fakeFetch({
      'https://example.com/.well-known/host-meta.json': { status: 200, body: '{"links":[]}' },
    });
    await expect(discoverWebSocket('example.com', f.fetch)).rejects.toEqual(
      new ClientError(
        'host-meta',
        'no WebSocket endpoint for example.com (https://example.com/.well-known/host-meta: HTTP 404; ' +
          'https://example.com/.well-known/host-meta.json: no urn:xmpp:alt-connections:websocket link)',
      ),
    );
  });
});
