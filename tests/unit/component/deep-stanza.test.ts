// A stanza nested thousands of levels deep (the wire fuzzer's seed 2 sent ~3,000 levels, 24 kB, far
// under Prosody's 256 KiB stanza limit) is answered like any other broken Jingle IQ: echo@'s handler
// must not overflow the stack copying it out of @xmpp/xml's element class.
import { createRequire } from 'node:module';
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { EchoCalls } from '../../../src/component/calls/echo-calls.js';
import { ownElement } from '../../../src/component/calls/jingle-driver.js';
import { fakeIo, fakeMedia, sdpFixture, settle, tree } from './bridge-fakes.js';

// The element class @xmpp/component (CommonJS, its own @xmpp/xml 0.13) hands the component.
type Builder = { c(name: string, attrs?: object): Builder; t(text: string): Builder };
const { xml } = createRequire(import.meta.url)('@xmpp/component') as {
  xml: (name: string, attrs?: object) => Builder;
};

const ECHO = 'echo@bridge.localhost/echo';
const ALICE = 'alice@localhost/phone';
const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** A session-initiate from @xmpp/xml (the class @xmpp/component hands us) with `depth` nested <x/>. */
function deepInitiate(depth: number) {
  const iq = xml('iq', { type: 'set', id: 'deep', from: ALICE, to: ECHO });
  let at = iq
    .c('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 's-deep', initiator: ALICE })
    .c('content', { creator: 'initiator', name: '0' });
  for (let i = 0; i < depth; i++) at = at.c('x', { n: String(i) });
  at.t('a < b & "c"');
  return iq;
}

/** Depth and the innermost node, read without recursion. */
function deepest(el: Element): { depth: number; name: string; text: string; own: boolean } {
  let depth = 0;
  let at = el;
  let own = at instanceof Element;
  for (let next = at.getChildElements()[0]; next !== undefined; next = at.getChildElements()[0]) {
    at = next;
    own &&= at instanceof Element;
    depth++;
  }
  return { depth, name: at.name, text: at.getText(), own };
}

describe('stanzas nested thousands deep', () => {
  it('ownElement copies a 20,000-level tree into our ltx class, text and attributes intact', () => {
    const copy = ownElement(deepInitiate(20_000) as unknown as Element);
    expect(deepest(copy)).toEqual({ depth: 20_002, name: 'x', text: 'a < b & "c"', own: true });
    expect(copy.getChild('jingle')?.attrs).toEqual({
      xmlns: 'urn:xmpp:jingle:1',
      action: 'session-initiate',
      sid: 's-deep',
      initiator: ALICE,
    });
  });

  it('a small tree copies to the same XML', () => {
    const small = deepInitiate(3);
    expect(ownElement(small as unknown as Element).toString()).toBe(small.toString());
  });

  it('echo@ answers a 3,000-level session-initiate with one bad-request, and nothing else', async () => {
    const io = fakeIo();
    const media = fakeMedia(sdpFixture('chromium156-audio-video-data-answer.sdp'));
    const echo = new EchoCalls('bridge.localhost', io, media.factory, { maxCalls: 4, maxCallMs: 300_000 });
    expect(echo.iq(deepInitiate(3_000) as unknown as Element)).toEqual({ replied: true });
    await settle();
    expect(io.out.map((el) => tree(el))).toEqual([
      {
        name: 'iq',
        attrs: { type: 'error', id: 'deep', to: ALICE, from: ECHO },
        children: [
          {
            name: 'error',
            attrs: { type: 'cancel' },
            children: [{ name: 'bad-request', attrs: { xmlns: STANZAS }, children: [] }],
          },
        ],
      },
    ]);
    expect(echo.activeCalls).toBe(0);
  });
});
