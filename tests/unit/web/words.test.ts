// Pure parts of the web app: what the user reads (words.ts), who a peer is (names.ts), initials,
// what is remembered (config.ts). The app builds no XML (client.createCallLink() does).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullAddress } from '../../../web/src/config.js';
import { displayName, isGuest } from '../../../web/src/names.js';
import { initials } from '../../../web/src/ui/avatar.js';
import { chatWords, endReasonText, formatDuration, quality, signInError } from '../../../web/src/words.js';
import { CHAT_STATES } from '../../../src/client/index.js';

describe('signInError: plain words per ClientError code', () => {
  it.each([
    [{ name: 'ClientError', code: 'not-authorized' }, 'Wrong address or password. Check both and try again.'],
    [
      { name: 'ClientError', code: 'unreachable' },
      "Can't reach the server at ws://h/x. Check the server address and your connection.",
    ],
    [
      { name: 'ClientError', code: 'host-meta' },
      "Can't reach the server at ws://h/x. Check the server address and your connection.",
    ],
    [
      { name: 'ClientError', code: 'auth-failed' },
      'The server refused to sign you in. Try again later or ask its administrator.',
    ],
    [{ name: 'ClientError', code: 'tls' }, "The server's security certificate was not accepted."],
    [
      { name: 'ClientError', code: 'stream-error', condition: 'conflict' },
      'The server closed the connection (conflict).',
    ],
    [{ name: 'TypeError', message: 'bad jid' }, 'Enter your address as name@example.org.'],
    [{ name: 'Error', message: 'boom' }, 'Could not sign in: boom'],
  ])('%j', (error, text) => expect(signInError(error, 'ws://h/x')).toBe(text));

  it.each([
    [
      'unreachable',
      'wss://xmpp.example.org:5281/xmpp-websocket',
      "Can't reach the server at wss://xmpp.example.org:5281/xmpp-websocket, or its security certificate is not trusted by this browser. Check the server address, then open https://xmpp.example.org:5281/ in a new tab to see any certificate warning.",
    ],
    [
      'unreachable',
      'WSS://[::1]/ws',
      "Can't reach the server at WSS://[::1]/ws, or its security certificate is not trusted by this browser. Check the server address, then open https://[::1]/ in a new tab to see any certificate warning.",
    ],
    [
      'unreachable',
      'wss://',
      "Can't reach the server at wss://, or its security certificate is not trusted by this browser. Check the server address, then open the server's address in a new tab to see any certificate warning.",
    ],
    // Discovery failing is not a socket failure: no certificate was involved.
    [
      'host-meta',
      'wss://h/x',
      "Can't reach the server at wss://h/x. Check the server address and your connection.",
    ],
    ['unreachable', '', "Can't reach the server. Check the server address and your connection."],
  ])('%s with server %j: a wss:// failure may be the certificate', (code, server, text) =>
    expect(signInError({ name: 'ClientError', code }, server)).toBe(text),
  );
});

describe('endReasonText: XEP-0166 §7.4 reasons in words', () => {
  it.each([
    [{ condition: 'success', by: 'local' }, 'You hung up'],
    [{ condition: 'success', by: 'peer' }, 'bob hung up'],
    [{ condition: 'cancel', by: 'peer' }, 'bob cancelled the call'],
    [{ condition: 'decline', by: 'peer', text: 'Declined' }, 'Call declined'],
    [{ condition: 'busy', by: 'peer', text: 'Busy' }, 'Busy: already in another call'],
    [{ condition: 'failed-transport', by: 'error', text: 'ICE failed' }, 'Connection failed: ICE failed'],
    [
      { condition: 'success', by: 'other-device', outcome: 'answered-elsewhere' },
      'Answered on another device',
    ],
    [
      { condition: 'success', by: 'other-device', outcome: 'declined-elsewhere' },
      'Declined on another device',
    ],
    [{ condition: 'made-up', by: 'peer' }, 'Call ended'],
    [{ condition: 'gone', by: 'peer', text: 'Gone' }, 'The other side went away'],
    [
      { condition: 'gone', by: 'error', text: 'The call ended while you were reconnecting.' },
      'The call ended while you were reconnecting',
    ],
    [
      { condition: 'gone', by: 'error', text: 'The other party went offline.' },
      'The other party went offline',
    ],
    [
      {
        condition: 'general-error',
        by: 'error',
        text: 'The other party refused the call (undefined-condition).',
      },
      "bob's app refused the call",
    ],
    [
      { condition: 'general-error', by: 'error', text: 'The other party refused the call (forbidden).' },
      "bob's app refused the call: it does not take calls from you",
    ],
    [
      { condition: 'general-error', by: 'peer', text: 'The other party refused the call (forbidden).' },
      'The call failed: The other party refused the call (forbidden).',
    ],
  ])('%j', (end, text) => expect(endReasonText(end, 'bob')).toBe(text));
  it('says "Call ended" when nothing is known', () =>
    expect(endReasonText(undefined, 'bob')).toBe('Call ended'));
});

describe('chatWords: the note above the in-call chat', () => {
  it('has words for every chat state', () => {
    expect(CHAT_STATES.map((state) => [state, chatWords(state, 'Bob')])).toEqual([
      ['pending', 'Connecting the chat…'],
      ['open', ''],
      ['unavailable', "Chat isn't available in this call: Bob uses an app without in-call chat."],
      ['closed', 'The chat has closed.'],
    ]);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '00:00'],
    [999, '00:00'],
    [61_000, '01:01'],
    [3_600_000, '1:00:00'],
    [-5, '00:00'],
  ])('%d ms -> %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
  it('reads back as the whole seconds it was given', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * 3600 }), (s) => {
        const parts = formatDuration(s * 1000)
          .split(':')
          .map(Number);
        expect(parts.reduce((acc, p) => acc * 60 + p, 0)).toBe(s);
      }),
    ));
});

describe('quality', () => {
  it.each([
    [0.02, 0, { level: 'good', text: 'Good connection' }],
    [undefined, 0, { level: 'good', text: 'Good connection' }],
    [0.2, 0, { level: 'fair', text: 'Fair connection' }],
    [0.02, 0.02, { level: 'fair', text: 'Fair connection' }],
    [0.5, 0, { level: 'poor', text: 'Poor connection' }],
    [0.02, 0.1, { level: 'poor', text: 'Poor connection' }],
  ])('rtt %s loss %s', (rtt, loss, q) => expect(quality(rtt, loss)).toEqual(q));
});

describe('names', () => {
  const naming = {
    componentDomain: 'bridge.localhost',
    rosterName: (b: string) =>
      b === 'bob@localhost' ? 'Bob' : b === 'echo@bridge.localhost' ? 'Echo test' : undefined,
  };
  it.each([
    ['bob@localhost/web', undefined, 'Bob'],
    ['carol@localhost', 'Caro', 'Caro'],
    ['carol@localhost', undefined, 'carol@localhost'],
    ['guest-1@bridge.localhost/web', 'Dana', 'Dana (guest via call link)'],
    ['guest-1@BRIDGE.localhost/web', undefined, 'Guest (guest via call link)'],
    ['guest-2@i2.bridge.localhost/web', 'Dana', 'Dana (guest via call link)'],
    ['guest-3@evilbridge.localhost/web', 'Dana', 'Dana'],
    ['echo@bridge.localhost/echo', undefined, 'Echo test'],
  ])('%s (nick %s) -> %s', (jid, nick, name) => expect(displayName(jid, naming, nick)).toBe(name));
  it('knows guests only with a component domain', () =>
    expect(isGuest('guest-1@bridge.localhost', { ...naming, componentDomain: undefined })).toBe(false));
});

describe('initials', () => {
  it.each([
    ['alice@localhost', 'A'],
    ['Mary Ann', 'MA'],
    ['jean-luc.picard@x', 'JL'],
    ['<img src=x onerror="1">', 'IS'],
    ['Élodie', 'É'],
    ['!!!', '?'],
    ['ﬃ', 'FF'],
  ])('%s -> %s', (name, text) => expect(initials(name)).toBe(text));
  it('are at most two letters or digits', () =>
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(initials(s)).toMatch(/^([\p{L}\p{N}]{1,2}|\?)$/u);
      }),
    ));
});

describe('fullAddress', () => {
  const config = { service: undefined, domain: 'localhost', componentDomain: undefined };
  it.each([
    ['alice', 'alice@localhost'],
    [' alice@example.org ', 'alice@example.org'],
  ])('%s -> %s', (input, jid) => expect(fullAddress(input, config)).toBe(jid));
  it('leaves a bare name alone without a served domain', () =>
    expect(fullAddress('alice', { ...config, domain: undefined })).toBe('alice'));
});
