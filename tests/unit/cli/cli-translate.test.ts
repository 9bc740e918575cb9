// The two commands on real captures, run as users run them (compiled, in a subprocess). Expected
// values come from the library called in-process, plus hand-checked goldens in tests/fixtures/cli.
import { readFileSync } from 'node:fs';
import { parse } from 'ltx';
import { beforeAll, describe, expect, it } from 'vitest';
import { prettyXml, stripIndentation } from '../../../src/cli/pretty.js';
import { candidatesFromJingle, jingleToSdp, sdpToJingle } from '../../../src/jingle/index.js';
import { ROOT, buildCli, cli } from './run-cli.js';

beforeAll(buildCli, 180_000);

const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const CHROME_OFFER = 'tests/fixtures/sdp/chromium156-audio-video-data-offer.sdp';
const CHROME_ANSWER = 'tests/fixtures/sdp/chromium156-audio-video-data-answer.sdp';
const CHROME_TCP = 'tests/fixtures/sdp/chromium156-candidates-offer.sdp';
const FIREFOX_OFFER = 'tests/fixtures/cli/firefox58-audio-only-offer-inline-candidates.sdp';
const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });

describe('jingle-bridge sdp-to-jingle', () => {
  it.each([
    [CHROME_OFFER, 'initiator'],
    [CHROME_ANSWER, 'responder'],
    [FIREFOX_OFFER, 'initiator'],
  ] as const)('%s as %s prints the translator’s <jingle>, indented', (file, role) => {
    const expected = sdpToJingle(read(file), { role });
    const r = cli(['sdp-to-jingle', '--role', role, file]);
    expect(r).toEqual(ok(`${prettyXml(expected)}\n`));
    // Independent of prettyXml: the printed XML parses back to exactly the translator's element.
    expect(stripIndentation(parse(r.stdout)).toString()).toEqual(expected.toString());
  });

  it('reads standard input for "-" and for no FILE', () => {
    const sdp = read(CHROME_OFFER);
    const expected = ok(`${prettyXml(sdpToJingle(sdp, { role: 'initiator' }))}\n`);
    expect([
      cli(['sdp-to-jingle', '--role', 'initiator', '-'], sdp),
      cli(['sdp-to-jingle', '--role=initiator'], sdp),
    ]).toEqual([expected, expected]);
  });

  it('keeps TCP candidates only with --keep-tcp', () => {
    const sdp = read(CHROME_TCP);
    const withTcp = cli(['sdp-to-jingle', '--keep-tcp', '--role', 'initiator', CHROME_TCP]);
    const withoutTcp = cli(['sdp-to-jingle', '--role', 'initiator', CHROME_TCP]);
    expect([withTcp, withoutTcp]).toEqual([
      ok(`${prettyXml(sdpToJingle(sdp, { role: 'initiator', keepTcpCandidates: true }))}\n`),
      ok(`${prettyXml(sdpToJingle(sdp, { role: 'initiator' }))}\n`),
    ]);
    expect(withTcp.stdout.includes('protocol="tcp"')).toEqual(true);
    expect(withoutTcp.stdout.includes('protocol="tcp"')).toEqual(false);
  });

  it('matches the hand-checked golden for a minimal audio offer', () => {
    expect(
      cli(['sdp-to-jingle', '--role', 'initiator', 'tests/fixtures/cli/minimal-audio-offer.sdp']),
    ).toEqual(ok(read('tests/fixtures/cli/minimal-audio-offer.xml')));
  });
});

describe('jingle-bridge jingle-to-sdp', () => {
  it('translates an indented whole <iq> (XEP-0167 example 1) to the hand-checked SDP', () => {
    const file = 'tests/fixtures/cli/xep0167-ex1-session-initiate.xml';
    expect(cli(['jingle-to-sdp', '--role', 'initiator', file])).toEqual(
      ok(read('tests/fixtures/cli/xep0167-ex1-session-initiate.sdp')),
    );
  });

  it.each([
    [CHROME_OFFER, 'initiator'],
    [FIREFOX_OFFER, 'initiator'],
    [CHROME_ANSWER, 'responder'],
  ] as const)('reads back what sdp-to-jingle printed for %s', (file, role) => {
    const sdp = read(file);
    const xml = cli(['sdp-to-jingle', '--role', role, file]).stdout;
    expect(cli(['jingle-to-sdp', '--role', role], xml)).toEqual(
      ok(jingleToSdp(sdpToJingle(sdp, { role }), { role })),
    );
  });
});

describe('jingle-bridge jingle-to-sdp of what has no m-line (a transport-info)', () => {
  const RESTART = 'tests/fixtures/cli/transport-info-ice-restart.xml';
  const jingle = (contents: string, action = 'transport-info') =>
    `<jingle xmlns='urn:xmpp:jingle:1' action='${action}' sid='s1'>${contents}</jingle>`;
  const TR = "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u1'>";
  const HOST =
    "<candidate foundation='1' component='1' protocol='udp' priority='1' ip='127.0.0.1' port='9' type='host' id='x'/>";

  it('an ICE restart prints, per content, a=mid, the new ufrag/pwd and the candidates (hand-checked)', () => {
    // RTCP candidates are left out, as jingleToSdp leaves them out; the data content's
    // <sctpmap> does not make it an m-line here: a transport-info describes no media.
    expect(cli(['jingle-to-sdp', '--role', 'initiator', RESTART])).toEqual(
      ok(read('tests/fixtures/cli/transport-info-ice-restart.sdp')),
    );
  });

  it('--json prints the candidates as RTCIceCandidateInit objects (hand-checked)', () => {
    const r = cli(['jingle-to-sdp', '--json', '--role', 'initiator', RESTART]);
    expect(r).toEqual(ok(read('tests/fixtures/cli/transport-info-ice-restart.json')));
    expect(JSON.parse(r.stdout)).toEqual(candidatesFromJingle(parse(read(RESTART))));
  });

  it.each([
    {
      what: "StanzaJS's trickle shape: ufrag, no pwd",
      input: jingle(`<content creator='initiator' name='0'>${TR}${HOST}</transport></content>`),
      stdout: 'a=mid:0\r\na=ice-ufrag:u1\r\na=candidate:1 1 udp 1 127.0.0.1 9 typ host generation 0\r\n',
    },
    {
      what: 'a restart with no candidates (Conversations)',
      input: jingle(
        "<content creator='initiator' name='a'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='n' pwd='pwdpwdpwdpwdpwdpwdpwdp'/></content>",
      ),
      stdout: 'a=mid:a\r\na=ice-ufrag:n\r\na=ice-pwd:pwdpwdpwdpwdpwdpwdpwdp\r\n',
    },
    {
      what: 'a session-initiate whose only content has no m-line (file transfer over ICE)',
      input: jingle(
        `<content creator='initiator' name='f'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'/>${TR}${HOST}</transport></content>`,
        'session-initiate',
      ),
      stdout: 'a=mid:f\r\na=ice-ufrag:u1\r\na=candidate:1 1 udp 1 127.0.0.1 9 typ host generation 0\r\n',
    },
  ])('$what', ({ input, stdout }) => {
    expect(cli(['jingle-to-sdp', '--role', 'initiator'], input)).toEqual(ok(stdout));
  });

  it('a <jingle> with nothing to print is an error, not an empty SDP', () => {
    expect(cli(['jingle-to-sdp', '--role', 'initiator'], jingle('', 'session-initiate'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'jingle-bridge: <jingle>: no content with an SDP m-line or an ICE-UDP transport\n',
    });
  });

  it('a bad value in a transport-info is an error line naming it', () => {
    const input = jingle(
      `<content creator='initiator' name='0'>${TR}${HOST.replace("port='9'", "port='99999'")}</transport></content>`,
    );
    expect(cli(['jingle-to-sdp', '--role', 'initiator'], input)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'jingle-bridge: content "0": <candidate@port>: out of range 0-65535: "99999"\n',
    });
  });
});
