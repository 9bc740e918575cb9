// Input the CLI must refuse: exit 1 and exactly one line on stderr saying what and where.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cli } from './run-cli.js';

beforeAll(buildCli, 180_000);

const bad = (message: string) => ({ code: 1, stdout: '', stderr: `jingle-bridge: ${message}\n` });

const audio = (name: string, transport = '') =>
  `<content creator="initiator" name="${name}"><description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio">` +
  `<payload-type id="0" name="PCMU" clockrate="8000"/></description>${transport}</content>`;
const candidate = (port: string) =>
  '<transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="abcd" pwd="abcdefghijklmnopqrstuvwx">' +
  `<candidate foundation="1" component="1" protocol="udp" priority="1" ip="127.0.0.1" port="${port}" type="host" generation="0" id="c1"/>` +
  '</transport>';
const jingle = (contents: string) => `<jingle xmlns="urn:xmpp:jingle:1">${contents}</jingle>`;

describe('jingle-bridge jingle-to-sdp refuses', () => {
  it.each([
    [
      'XML with a mismatched closing tag, with its position',
      '<iq type="set">\n  <jingle xmlns="urn:xmpp:jingle:1">\n    <content name="0">\n  </jingle>\n</iq>',
      'XML syntax error at line 4, column 3: closing tag </jingle> does not match <content> opened at line 3, column 5',
    ],
    [
      'XML cut short',
      '<jingle xmlns="urn:xmpp:jingle:1"><content',
      'XML syntax error at line 1, column 35: tag <content> is never closed',
    ],
    ['a stanza without <jingle>', '<message xmlns="jabber:client"/>', '<jingle>: no <jingle> in <message>'],
    [
      'a candidate port out of range, naming the content',
      jingle(audio('a') + audio('b', candidate('99999'))),
      'content "b": <candidate@port>: out of range 0-65535: "99999"',
    ],
  ])('%s', (_what, xml, message) => {
    expect(cli(['jingle-to-sdp', '--role', 'initiator'], xml)).toEqual(bad(message));
  });

  it('names the file when the input is a file', () => {
    expect(
      cli(['jingle-to-sdp', '--role', 'initiator', 'tests/fixtures/cli/minimal-audio-offer.sdp']),
    ).toEqual(
      bad(
        'tests/fixtures/cli/minimal-audio-offer.sdp: XML syntax error at line 1, column 1: text before the root element',
      ),
    );
  });
});

describe('jingle-bridge sdp-to-jingle refuses', () => {
  const session = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
  it.each([
    [
      'text that is not SDP',
      'hello world\n',
      'SDP syntax error at line 1: "hello world" is not a <type>=<value> line',
    ],
    [
      'SDP that does not start with v=0',
      'o=- 1 2 IN IP4 127.0.0.1\r\n',
      'SDP syntax error at line 1: SDP starts with "v=0", not "o=- 1 2 IN IP4 127.0.0.1"',
    ],
    [
      'a stray line in the middle',
      `${session}m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n<jingle/>\r\n`,
      'SDP syntax error at line 6: "<jingle/>" is not a <type>=<value> line',
    ],
    [
      'SDP without m= lines',
      session,
      'SDP has no m= line, so there is no media to put in a Jingle <content>',
    ],
    [
      'a candidate port out of range, naming the content',
      `${session}m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n` +
        'a=candidate:1 1 udp 1 127.0.0.1 99999 typ host\r\n',
      'content "a0": <candidate@port>: out of range 0-65535: "99999"',
    ],
  ])('%s', (_what, sdp, message) => {
    expect(cli(['sdp-to-jingle', '--role', 'initiator'], sdp)).toEqual(bad(message));
  });
});
