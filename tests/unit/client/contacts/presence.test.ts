import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { ownPresence, presenceEventFromXml } from '../../../../src/client/contacts/presence.js';
import type { PresenceEvent } from '../../../../src/client/contacts/presence.js';

describe('received presence (RFC 6121 §4)', () => {
  it.each<[string, string, PresenceEvent | undefined]>([
    [
      'available, defaults',
      `<presence from='a@x/r'/>`,
      { kind: 'available', presence: { jid: 'a@x/r', show: 'available', priority: 0 } },
    ],
    [
      'away with status, priority and caps',
      `<presence from='a@x/r'><show>away</show><status>lunch</status><priority>-5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>`,
      {
        kind: 'available',
        presence: {
          jid: 'a@x/r',
          show: 'away',
          status: 'lunch',
          priority: -5,
          caps: { hash: 'sha-1', node: 'n', ver: 'v' },
        },
      },
    ],
    [
      'unknown show and bad priority',
      `<presence from='a@x/r'><show>busy</show><priority>900</priority></presence>`,
      { kind: 'available', presence: { jid: 'a@x/r', show: 'available', priority: 0 } },
    ],
    [
      'show "available" is not a wire value',
      `<presence from='a@x/r'><show>available</show></presence>`,
      { kind: 'available', presence: { jid: 'a@x/r', show: 'available', priority: 0 } },
    ],
    [
      'unavailable',
      `<presence from='a@x/r' type='unavailable'><status>bye</status></presence>`,
      { kind: 'unavailable', jid: 'a@x/r', status: 'bye' },
    ],
    ['subscribe', `<presence from='a@x' type='subscribe'/>`, { kind: 'subscribe', from: 'a@x' }],
    ['subscribed', `<presence from='a@x' type='subscribed'/>`, { kind: 'subscribed', from: 'a@x' }],
    ['unsubscribed', `<presence from='a@x' type='unsubscribed'/>`, { kind: 'unsubscribed', from: 'a@x' }],
    [
      'error',
      `<presence from='a@x' type='error'><error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`,
      { kind: 'error', from: 'a@x', condition: 'remote-server-not-found' },
    ],
    ['probe is ignored', `<presence from='a@x' type='probe'/>`, undefined],
    ['no from is ignored', `<presence/>`, undefined],
  ])('%s', (_name, xmlText, expected) => {
    expect(presenceEventFromXml(parse(xmlText))).toEqual(expected);
  });
});

describe('our presence', () => {
  it.each([
    [['available', undefined, undefined] as const, '<presence/>'],
    [
      ['dnd', 'in a call', { node: 'urn:n', ver: 'V=' }] as const,
      '<presence><show>dnd</show><status>in a call</status><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="urn:n" ver="V="/></presence>',
    ],
  ])('%j', ([availability, status, caps], xmlText) => {
    expect(ownPresence(availability, status, caps).toString()).toBe(xmlText);
  });
});
