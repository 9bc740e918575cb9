// Replays the XEP-0166/0167/0176 example conversations (tests/fixtures/xep-examples; provenance in
// tests/fixtures/SOURCES.md) through two session tables and checks every reply: result or the exact error.
import { readFileSync } from 'node:fs';
import { parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  createSessionTable,
  openSession,
  routeIq,
  sessionKey,
  stepTable,
  type Effect,
  type Intent,
  type SessionTable,
} from '../../../src/jingle/session/index.js';

const ROMEO = 'romeo@montague.lit/orchard';
const JULIET = 'juliet@capulet.lit/balcony';
const SID = 'a73sjjvkla37jfea';
const load = (f: string): Element =>
  parse(readFileSync(new URL(`../../fixtures/xep-examples/${f}.xml`, import.meta.url), 'utf8'));
const jingleOf = (f: string): Element => load(f).getChild('jingle')!;

type Step = [file: string, reply: string] | [who: 'romeo' | 'juliet', intent: (from: string) => Intent];

function replay(steps: Step[]): string[] {
  let tables: Record<'romeo' | 'juliet', SessionTable> = {
    romeo: createSessionTable(ROMEO),
    juliet: createSessionTable(JULIET),
  };
  const replies: string[] = [];
  for (const [a, b] of steps) {
    if (typeof b === 'function') {
      const who = a as 'romeo' | 'juliet';
      const peer = who === 'romeo' ? JULIET : ROMEO;
      let t = tables[who];
      if (!t.sessions.has(sessionKey(peer, SID))) t = openSession(t, peer, SID);
      tables = {
        ...tables,
        [who]: stepTable(t, sessionKey(peer, SID), { kind: 'local', intent: b(a), now: 0 }).table,
      };
      continue;
    }
    const stanza = load(a);
    const to = stanza.attrs['to'] === ROMEO ? 'romeo' : 'juliet';
    const r = routeIq(tables[to], {
      kind: 'iq',
      id: String(stanza.attrs['id']),
      from: String(stanza.attrs['from']),
      jingle: stanza.getChild('jingle')!,
      now: 0,
    });
    tables = { ...tables, [to]: r.table };
    const answer = r.effects.find(
      (e): e is Extract<Effect, { kind: 'result' | 'error' }> => e.kind === 'result' || e.kind === 'error',
    );
    replies.push(`${a} -> ${answer?.kind === 'error' ? answer.error : (answer?.kind ?? 'none')}`);
  }
  return replies;
}

const contentsOf = (f: string) => jingleOf(f).getChildren('content');

describe('XEP example conversations', () => {
  it('XEP-0167 audio call upgraded to video, with session-info, content-modify and termination', () => {
    const steps: Step[] = [
      ['romeo', () => ({ kind: 'initiate', contents: contentsOf('0167-ex37') })],
      ['0167-ex37', 'result'],
      ['0167-ex39', 'result'], // ringing
      ['0167-ex41', 'result'], // session-accept
      ['0167-ex8', 'result'], // active
      ['0167-ex9', 'result'], // hold
      ['0167-ex10', 'result'], // unhold
      ['0167-ex11', 'result'], // mute
      ['0167-ex12', 'result'], // unmute
      ['0166-ex30', 'result'], // ringing in XEP-0166's typo namespace
      ['0166-ex32', 'result'], // ping
      ['0167-ex14', 'result'], // description-info
      ['romeo', () => ({ kind: 'content-add', contents: contentsOf('0167-ex43') })],
      ['0167-ex43', 'result'],
      ['0167-ex48', 'result'], // content-accept of what Romeo added
      ['0167-ex48', 'result'], // XEP-0198 re-send, same id: same answer
      ['0167-ex45', 'result'], // content-modify
      ['0167-ex47', 'unknown-session'], // from juliet@montague.lit: a different JID (typo in the XEP) is no peer
      ['0166-ex36', 'unsupported-info'], // security-info (§9 stub) is not understood
      ['romeo', () => ({ kind: 'terminate', cause: 'hangup' })],
      ['0167-ex54', 'result'], // Romeo's session-terminate reaches Juliet
      ['0167-ex13', 'unknown-session'], // Romeo ended the session: anything later about the sid (§6.7)
    ];
    expect(replay(steps)).toEqual(
      steps.filter((s) => typeof s[1] === 'string').map(([f, r]) => `${f} -> ${r}`),
    );
  });
  it('XEP-0176 trickle, in-use candidate, transport-replace and a 0166 termination', () => {
    const steps: Step[] = [
      ['romeo', () => ({ kind: 'initiate', contents: contentsOf('0176-ex1') })],
      ['0176-ex1', 'result'],
      ['0176-ex5', 'result'], // subsequent candidate, priority beyond 2^32 tolerated
      ['0176-ex7', 'result'], // new ufrag + generation 1
      ['0176-ex3', 'result'], // session-accept
      ['0176-ex4', 'result'], // remote-candidate
      ['0176-ex11', 'bad-request'], // content voice1 belongs to the §6 gateway example, not this session
      ['0176-ex13', 'out-of-order'], // transport-accept: Juliet never sent transport-replace
      ['0166-ex3', 'result'],
      ['0166-ex3', 'result'],
      ['0166-ex19', 'unknown-session'],
    ];
    const got = replay(steps);
    expect(got).toEqual([
      '0176-ex1 -> result',
      '0176-ex5 -> result',
      '0176-ex7 -> result',
      '0176-ex3 -> result',
      '0176-ex4 -> result',
      '0176-ex11 -> bad-request',
      '0176-ex13 -> out-of-order',
      '0166-ex3 -> result',
      '0166-ex3 -> result',
      '0166-ex19 -> unknown-session',
    ]);
  });
  it('XEP-0166 stub session: acked, then terminated with unsupported-applications (§6.3.1)', () => {
    const r = routeIq(createSessionTable(JULIET), {
      kind: 'iq',
      id: 'zid615d9',
      from: ROMEO,
      jingle: jingleOf('0166-ex1'),
      now: 0,
    });
    expect(
      r.effects.map((e) =>
        e.kind === 'send'
          ? `send ${String(e.jingle.attrs['action'])} ${e.jingle
              .getChild('reason')!
              .getChildElements()
              .map((c) => `${c.name}:${c.getText()}`)
              .join(' ')}`
          : e.kind === 'event'
            ? e.event.type
            : e.kind,
      ),
    ).toEqual([
      'result',
      'state',
      'send session-terminate unsupported-applications: text:The offer carries no RTP audio or video content.',
      'state',
      'terminated',
    ]);
  });
});
