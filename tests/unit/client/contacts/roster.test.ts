import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  applyRosterChange,
  checkRosterPush,
  rosterFromXml,
  rosterSetQuery,
} from '../../../../src/client/contacts/roster.js';
import type { RosterItem } from '../../../../src/client/contacts/roster.js';

const OWN = 'juliet@example.com/balcony';
const push = (attrs: string, items: string) =>
  parse(`<iq type='set' id='a78b4q6ha463' ${attrs}><query xmlns='jabber:iq:roster'>${items}</query></iq>`);

describe('roster result (RFC 6121 §2.1.4)', () => {
  it('reads every item, with defaults for missing attributes; skips items without a bare JID', () => {
    const query = parse(`<query xmlns='jabber:iq:roster' ver='ver11'>
      <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group><group>Friends</group></item>
      <item jid='mercutio@example.com' subscription='from' approved='true'/>
      <item jid='benvolio@example.net' subscription='none' ask='subscribe'/>
      <item jid='nurse@example.com' subscription='bogus'/>
      <item name='no jid'/><item jid='full@example.com/res'/>
    </query>`);
    expect([...rosterFromXml(query).values()]).toEqual<RosterItem[]>([
      {
        jid: 'romeo@example.net',
        name: 'Romeo',
        subscription: 'both',
        pending: false,
        approved: false,
        groups: ['Friends'],
      },
      { jid: 'mercutio@example.com', subscription: 'from', pending: false, approved: true, groups: [] },
      { jid: 'benvolio@example.net', subscription: 'none', pending: true, approved: false, groups: [] },
      { jid: 'nurse@example.com', subscription: 'none', pending: false, approved: false, groups: [] },
    ]);
  });
});

describe('roster push (RFC 6121 §2.1.6)', () => {
  const nurse = `<item jid='nurse@example.com' name='Nurse' subscription='none'><group>Servants</group></item>`;
  it.each([
    [
      'without from',
      '',
      nurse,
      {
        change: {
          kind: 'set',
          item: {
            jid: 'nurse@example.com',
            name: 'Nurse',
            subscription: 'none',
            pending: false,
            approved: false,
            groups: ['Servants'],
          },
        },
      },
    ],
    [
      'from our bare JID',
      "from='juliet@example.com'",
      `<item jid='nurse@example.com' subscription='remove'/>`,
      { change: { kind: 'remove', jid: 'nurse@example.com' } },
    ],
    [
      'from our bare JID, other case',
      "from='Juliet@Example.com'",
      `<item jid='nurse@example.com' subscription='remove'/>`,
      { change: { kind: 'remove', jid: 'nurse@example.com' } },
    ],
    ['from someone else (spoofed push)', "from='eve@evil.example'", nurse, { error: 'forbidden' }],
    [
      'from our own full JID of another resource',
      "from='juliet@example.com/chamber'",
      nurse,
      { error: 'forbidden' },
    ],
    ['with two items', '', nurse + nurse, { error: 'bad-request' }],
    ['with no item', '', '', { error: 'bad-request' }],
    ['with an item without JID', '', `<item name='x'/>`, { error: 'bad-request' }],
  ])('%s', (_name, attrs, items, expected) => {
    expect(checkRosterPush(push(attrs, items), OWN)).toEqual(expected);
  });

  it('applying set then remove leaves the roster as it was, without mutating the input', () => {
    const before = new Map<string, RosterItem>([
      ['a@x', { jid: 'a@x', subscription: 'both', pending: false, approved: false, groups: [] }],
    ]);
    const item: RosterItem = {
      jid: 'b@x',
      subscription: 'none',
      pending: true,
      approved: false,
      groups: ['G'],
    };
    const added = applyRosterChange(before, { kind: 'set', item });
    expect([...added.values()]).toEqual([before.get('a@x'), item]);
    expect([...applyRosterChange(added, { kind: 'remove', jid: 'b@x' }).entries()]).toEqual([
      ...before.entries(),
    ]);
    expect(before.size).toBe(1);
  });
});

describe('roster set queries (§2.3, §2.5)', () => {
  it.each([
    [
      { jid: 'a@x', name: 'A', groups: ['G1', 'G2'] },
      `<query xmlns="jabber:iq:roster"><item jid="a@x" name="A"><group>G1</group><group>G2</group></item></query>`,
    ],
    [{ jid: 'a@x' }, `<query xmlns="jabber:iq:roster"><item jid="a@x"/></query>`],
    [{ remove: 'a@x' }, `<query xmlns="jabber:iq:roster"><item jid="a@x" subscription="remove"/></query>`],
  ])('%j', (change, xmlText) => {
    expect(rosterSetQuery(change).toString()).toBe(xmlText);
  });
});
