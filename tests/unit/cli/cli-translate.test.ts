// The two commands on real captures, run as users run them (compiled, in a subprocess). Expected
// values come from the library called in-process, plus hand-checked goldens in tests/fixtures/cli.
import { readFileSync } from 'node:fs';
import { parse } from 'ltx';
import { beforeAll, describe, expect, it } from 'vitest';
import { prettyXml, stripIndentation } from '../../../src/cli/pretty.js';
import { jingleToSdp, sdpToJingle } from '../../../src/jingle/index.js';
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
