// Trickle helpers (XEP-0176 §5.4): RTCIceCandidateInit <-> transport-info payload.
import { describe, expect, test } from 'vitest';
import { parse as parseXml } from 'ltx';
import { candidateToJingle, candidatesFromJingle, JingleParseError } from '../../../src/jingle/index.js';

const OPTS = { creator: 'initiator', ufrag: 'uf', pwd: 'pw' } as const;
const HOST =
  'candidate:842163049 1 udp 1677729535 192.0.2.7 49203 typ srflx raddr 10.0.0.2 rport 49203 generation 0 ufrag uf network-id 1 network-cost 10';

describe('candidateToJingle', () => {
  test('a browser candidate becomes one content/transport/candidate', () => {
    const el = candidateToJingle(
      { candidate: HOST, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'uf' },
      OPTS,
    );
    expect(el?.toString()).toBe(
      '<content creator="initiator" name="0"><transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="uf" pwd="pw">' +
        '<candidate foundation="842163049" component="1" protocol="udp" priority="1677729535" ip="192.0.2.7" port="49203" type="srflx" generation="0" id="c06c75b91" rel-addr="10.0.0.2" rel-port="49203" network="1" xmlns:jb="urn:xmpp:jingle-bridge:sdp:0" jb:network-cost="10"/>' +
        '</transport></content>',
    );
  });
  test('the candidate id is a pure function of the candidate (re-sends dedupe)', () => {
    const a = candidateToJingle({ candidate: HOST, sdpMid: '0' }, OPTS);
    const b = candidateToJingle({ candidate: HOST, sdpMid: '0' }, OPTS);
    const c = candidateToJingle({ candidate: HOST, sdpMid: '1' }, OPTS);
    const id = (x: typeof a): unknown => x?.getChild('transport')?.getChild('candidate')?.attrs['id'];
    expect([id(a), id(b), id(c)]).toEqual(['c06c75b91', 'c06c75b91', 'c1dacee6e']);
  });
  test.each([
    ['the empty end-of-candidates marker', ''],
    [
      'a tcp candidate by default',
      'candidate:1 1 tcp 1518280447 192.0.2.7 9 typ host tcptype active generation 0',
    ],
  ])('%s is filtered (null)', (_, candidate) => {
    expect(candidateToJingle({ candidate, sdpMid: '0' }, OPTS)).toBe(null);
  });
  test('a tcp candidate is kept with keepTcpCandidates, tcptype included', () => {
    const el = candidateToJingle(
      { candidate: 'candidate:1 1 TCP 1518280447 192.0.2.7 9 typ host tcptype active', sdpMid: 'a' },
      { ...OPTS, keepTcpCandidates: true },
    );
    expect(el?.getChild('transport')?.getChild('candidate')?.attrs).toEqual({
      foundation: '1',
      component: '1',
      protocol: 'tcp',
      priority: '1518280447',
      ip: '192.0.2.7',
      port: '9',
      type: 'host',
      generation: '0',
      id: 'ca5198211',
      tcptype: 'active',
    });
  });
  test.each([
    ['no sdpMid', { candidate: HOST }],
    ['not a candidate line', { candidate: 'foo', sdpMid: '0' }],
  ])('API misuse (%s) is a TypeError', (_, init) => {
    expect(() => candidateToJingle(init, OPTS)).toThrow(TypeError);
  });
});

describe('candidatesFromJingle', () => {
  test('reads every usable candidate of a transport-info (not RTCP, not tcp without tcptype), sdpMid = content name, usernameFragment = ufrag', () => {
    const iq = parseXml(`<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='s'>
      <content creator='initiator' name='a'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u1' pwd='p'>
        <candidate component='1' foundation='1' generation='0' id='1x' ip='10.0.0.1' port='5000' priority='2130706431' protocol='udp' type='host'/>
        <candidate component='1' foundation='2' generation='0' id='2x' ip='10.0.0.1' port='0' priority='1' protocol='tcp' type='host'/>
      </transport></content>
      <content creator='initiator' name='b'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:0' ufrag='u2' pwd='p'>
        <candidate component='1' foundation='3' generation='1' id='3x' ip='::1' port='5002' priority='21149780477' protocol='udp' type='srflx' rel-addr='::2' rel-port='9' network='3'/>
        <candidate component='2' foundation='3' generation='1' id='4x' ip='::1' port='5003' priority='1' protocol='udp' type='host'/>
      </transport></content></jingle></iq>`);
    expect(candidatesFromJingle(iq)).toEqual([
      {
        candidate: 'candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host generation 0',
        sdpMid: 'a',
        sdpMLineIndex: null,
        usernameFragment: 'u1',
      },
      {
        candidate:
          'candidate:3 1 udp 4294967295 ::1 5002 typ srflx raddr ::2 rport 9 generation 1 network-id 3',
        sdpMid: 'b',
        sdpMLineIndex: null,
        usernameFragment: 'u2',
      },
    ]);
  });
  test('round trip: candidateToJingle then candidatesFromJingle gives the candidate back', () => {
    const el = candidateToJingle({ candidate: HOST, sdpMid: '0' }, OPTS);
    const jingle = parseXml(`<jingle xmlns='urn:xmpp:jingle:1'>${el?.toString()}</jingle>`);
    expect(candidatesFromJingle(jingle)).toEqual([
      { candidate: HOST.replace(' ufrag uf', ''), sdpMid: '0', sdpMLineIndex: null, usernameFragment: 'uf' },
    ]);
  });
  test.each([
    ['CR/LF in ip', `ip='1.2.3.4\r\na=x'`, 'candidate@ip'],
    ['a port out of range', `port='70000'`, 'candidate@port'],
    ['a non-numeric component', `component='x'`, 'candidate@component'],
    ['a generation above 255', `generation='256'`, 'candidate@generation'],
  ])('%s raises JingleParseError naming the attribute', (_, bad, where) => {
    const base = {
      component: "component='1'",
      ip: "ip='1.2.3.4'",
      port: "port='1'",
      generation: "generation='0'",
    };
    const key = bad.split('=')[0] as keyof typeof base;
    const attrs = Object.values({ ...base, [key]: bad }).join(' ');
    const el = parseXml(
      `<jingle xmlns='urn:xmpp:jingle:1'><content name='0'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'><candidate ${attrs} foundation='1' id='x' priority='1' protocol='udp' type='host'/></transport></content></jingle>`,
    );
    expect(() => candidatesFromJingle(el)).toThrow(JingleParseError);
    try {
      candidatesFromJingle(el);
    } catch (e) {
      expect((e as JingleParseError).element).toBe(where);
    }
  });
});
