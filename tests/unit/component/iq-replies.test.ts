// The component against the IQ defects found in the client (issues #9, #11 defect 4): a reply without
// a condition (StanzaJS's `<error type='cancel'/>`) or without `<error/>` settles our request when
// it arrives, and our error replies to large requests never echo them.
import { parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { PendingIqs } from '../../../src/component/iq-requests.js';
import { XmppRouter } from '../../../src/component/router.js';

const BOB = 'bob@localhost/stanza';

/** What the request settled with once its reply was handed in. */
async function settle(reply: string): Promise<unknown> {
  const pending = new PendingIqs();
  const request = pending
    .wait('q1', BOB, 60_000, async () => undefined)
    .then(
      () => 'result',
      (e: { name: string; condition: string; type: string }) => ({
        name: e.name,
        condition: e.condition,
        type: e.type,
      }),
    );
  const matched = pending.settle(parse(reply) as Element);
  return {
    matched,
    outcome: await Promise.race([request, new Promise((r) => setImmediate(() => r('pending')))]),
  };
}

describe('component requests: every reply settles', () => {
  it.each([
    ["StanzaJS's <error type='cancel'/>", "<error type='cancel'/>", 'undefined-condition', 'cancel'],
    ['no <error/>', '', 'undefined-condition', 'cancel'],
    [
      'only a <text/>',
      "<error><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no</text></error>",
      'undefined-condition',
      'cancel',
    ],
  ])('%s', async (_name, inner, condition, type) =>
    expect(await settle(`<iq type='error' id='q1' from='${BOB}'>${inner}</iq>`)).toEqual({
      matched: true,
      outcome: { name: 'StanzaError', condition, type },
    }),
  );
});

describe('component error replies: never the request', () => {
  it('a ~100 KB IQ of an unknown namespace gets a bare service-unavailable', async () => {
    // The domain entity knows no such namespace (its iq handler answers nothing).
    const router = new XmppRouter(
      'bridge.localhost',
      (local) => (local === '' ? { iq: () => undefined } : undefined),
      () => undefined,
    );
    const big = `<iq type="get" id="big" from="${BOB}" to="bridge.localhost"><query xmlns="urn:example:unknown">${'x'.repeat(100_000)}</query></iq>`;
    expect((await router.route(parse(big) as Element)).map((e) => e.toString())).toEqual([
      `<iq type="error" from="bridge.localhost" to="${BOB}" id="big"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`,
    ]);
  });
});
