import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkUses } from '../../../src/component/link-uses.js';
import { signLink, verifyLink, type CallLink } from '../../../src/component/token.js';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const LINK: CallLink = {
  owner: 'alice@localhost',
  expiresAt: 1_700_003_600_000,
  use: 'single',
  id: 'AAECAwQFBgcICQoL',
};
const NOW = 1_700_000_000_000;

describe('call-link tokens', () => {
  it('verify(sign(link)) returns the link before its expiry', () => {
    expect(verifyLink(signLink(LINK, KEY), KEY, NOW)).toEqual({ ok: true, link: LINK });
  });

  it('a token is refused as expired at and after its expiry', () => {
    const token = signLink(LINK, KEY);
    expect(verifyLink(token, KEY, LINK.expiresAt)).toEqual({ ok: false, problem: 'expired' });
    expect(verifyLink(token, KEY, LINK.expiresAt + 1)).toEqual({ ok: false, problem: 'expired' });
  });

  it('a token signed with another key is forged', () => {
    const token = signLink(LINK, Buffer.from('another key, also 32 bytes long!'));
    expect(verifyLink(token, KEY, NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('a payload swapped for another owner with the old MAC is forged', () => {
    const [, mac] = signLink(LINK, KEY).split('.');
    const payload = Buffer.from(
      JSON.stringify({ v: 1, o: 'mallory@localhost', e: 1_700_003_600, u: 'm', i: LINK.id }),
    ).toString('base64url');
    expect(verifyLink(`${payload}.${mac}`, KEY, NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it.each([[''], ['.'], ['abc'], ['abc.'], ['.abc'], ['a'.repeat(5000)]])('garbage %j is forged', (token) => {
    expect(verifyLink(token, KEY, NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('a correctly signed payload of the wrong shape is forged', () => {
    const payload = Buffer.from(JSON.stringify({ v: 2, o: 'alice@localhost' })).toString('base64url');
    const mac = createHmac('sha256', KEY).update(payload).digest('base64url');
    expect(verifyLink(`${payload}.${mac}`, KEY, NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('property: changing any one character of a token makes it fail verification', () => {
    const token = signLink(LINK, KEY);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.integer({ min: 1, max: 0xffff }), (index, delta) => {
        const code = (token.charCodeAt(index) + delta) % 0x10000;
        const changed = token.slice(0, index) + String.fromCharCode(code) + token.slice(index + 1);
        fc.pre(changed !== token);
        expect(verifyLink(changed, KEY, NOW)).toEqual({ ok: false, problem: 'forged' });
      }),
      { numRuns: 2000 },
    );
  });

  it('property: any owner and id round-trip', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.boolean(),
        (owner, id, single) => {
          const link: CallLink = {
            owner,
            id,
            expiresAt: NOW + 3_600_000,
            use: single ? 'single' : 'multiple',
          };
          expect(verifyLink(signLink(link, KEY), KEY, NOW)).toEqual({ ok: true, link });
        },
      ),
    );
  });
});

describe('single-use bookkeeping (LinkUses)', () => {
  it('reserve -> taken; release -> free again; reserve -> commit -> used up until expiry', () => {
    const uses = new LinkUses();
    const history: Array<boolean | Promise<boolean>> = [];
    history.push(uses.reserve('x', 1000, 0));
    history.push(uses.reserve('x', 1000, 1));
    uses.release('x');
    history.push(uses.isTaken('x', 2));
    history.push(uses.reserve('x', 1000, 3));
    uses.commit('x');
    uses.release('x');
    history.push(uses.isTaken('x', 4));
    history.push(uses.reserve('x', 1000, 5));
    history.push(uses.isTaken('x', 1000));
    expect(history).toEqual([true, false, false, true, true, false, false]);
  });
});
