import { describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE_BYTES,
  MAX_SDP_BYTES,
  parseClientMessage,
  type ParseResult,
} from '../../../src/component/guest/protocol.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CAND = {
  type: 'candidate',
  candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'abcd',
};
const bad = (message: string): ParseResult => ({ ok: false, code: 'bad-message', message });

const GOOD: Array<[string, unknown, ParseResult]> = [
  ['hello', { type: 'hello', name: '  Ada  ' }, { ok: true, message: { type: 'hello', name: 'Ada' } }],
  [
    'hello, 64 emoji',
    { type: 'hello', name: '🙂'.repeat(64) },
    { ok: true, message: { type: 'hello', name: '🙂'.repeat(64) } },
  ],
  ['offer', { type: 'offer', sdp: SDP }, { ok: true, message: { type: 'offer', sdp: SDP } }],
  ['candidate', CAND, { ok: true, message: CAND as never }],
  [
    'end-of-candidates',
    { ...CAND, candidate: '', usernameFragment: null },
    { ok: true, message: { ...CAND, candidate: '', usernameFragment: null } as never },
  ],
  [
    'candidate by mid only',
    { ...CAND, sdpMLineIndex: null },
    { ok: true, message: { ...CAND, sdpMLineIndex: null } as never },
  ],
  ['hangup', { type: 'hangup' }, { ok: true, message: { type: 'hangup' } }],
];

const BAD: Array<[string, string, ParseResult]> = [
  ['not JSON', '{type:', bad('not JSON')],
  ['an array', '[]', bad('not a JSON object')],
  ['null', 'null', bad('not a JSON object')],
  ['no type', '{}', bad('unknown or missing "type"')],
  ['unknown type', '{"type":"answer","sdp":""}', bad('unknown or missing "type"')],
  ['prototype key as type', '{"type":"toString"}', bad('unknown or missing "type"')],
  ['extra field', '{"type":"hangup","x":1}', bad('unexpected field "x" in hangup')],
  ['missing field', '{"type":"hello"}', bad('missing field "name" in hello')],
  ['name not a string', '{"type":"hello","name":5}', bad('hello.name must be a string')],
  ['blank name', '{"type":"hello","name":"   "}', bad('hello.name must not be empty')],
  [
    '65-character name',
    JSON.stringify({ type: 'hello', name: 'a'.repeat(65) }),
    bad('hello.name is limited to 64 characters'),
  ],
  [
    'name with a newline',
    JSON.stringify({ type: 'hello', name: 'a\nb' }),
    bad('hello.name must not contain control characters'),
  ],
  ['sdp not a string', '{"type":"offer","sdp":null}', bad('offer.sdp must be a string')],
  ['sdp not SDP', '{"type":"offer","sdp":"hello"}', bad('offer.sdp must be an SDP session description')],
  [
    'sdp too large',
    JSON.stringify({ type: 'offer', sdp: SDP + 'a'.repeat(MAX_SDP_BYTES) }),
    { ok: false, code: 'too-large', message: `offer.sdp is limited to ${MAX_SDP_BYTES} bytes` },
  ],
  [
    'message too large',
    JSON.stringify({ type: 'hello', name: 'x'.repeat(MAX_MESSAGE_BYTES) }),
    { ok: false, code: 'too-large', message: `messages are limited to ${MAX_MESSAGE_BYTES} bytes` },
  ],
  [
    'candidate without prefix',
    JSON.stringify({ ...CAND, candidate: '1 1 udp' }),
    bad('candidate.candidate must start with "candidate:"'),
  ],
  [
    'candidate with CRLF',
    JSON.stringify({ ...CAND, candidate: 'candidate:1\r\na=x' }),
    bad('candidate.candidate must be one line'),
  ],
  [
    'candidate too long',
    JSON.stringify({ ...CAND, candidate: 'candidate:' + 'a'.repeat(1020) }),
    bad('candidate.candidate is limited to 1024 characters'),
  ],
  [
    'mline index negative',
    JSON.stringify({ ...CAND, sdpMLineIndex: -1 }),
    bad('candidate.sdpMLineIndex must be null or an integer 0-63'),
  ],
  [
    'mline index fractional',
    JSON.stringify({ ...CAND, sdpMLineIndex: 0.5 }),
    bad('candidate.sdpMLineIndex must be null or an integer 0-63'),
  ],
  [
    'mid a number',
    JSON.stringify({ ...CAND, sdpMid: 0 }),
    bad('candidate.sdpMid must be null or a string of at most 64 characters'),
  ],
  [
    'neither mid nor index',
    JSON.stringify({ ...CAND, sdpMid: null, sdpMLineIndex: null }),
    bad('candidate needs sdpMid or sdpMLineIndex'),
  ],
  [
    'ufrag a number',
    JSON.stringify({ ...CAND, usernameFragment: 1 }),
    bad('candidate.usernameFragment must be null or a string of at most 256 characters'),
  ],
  [
    'candidate field missing',
    JSON.stringify({ type: 'candidate', candidate: '' }),
    bad('missing field "sdpMid" in candidate'),
  ],
];

describe('parseClientMessage', () => {
  it.each(GOOD)('accepts %s', (_name, value, expected) => {
    expect(parseClientMessage(JSON.stringify(value))).toEqual(expected);
  });
  it.each(BAD)('refuses %s', (_name, data, expected) => {
    expect(parseClientMessage(data)).toEqual(expected);
  });
});
