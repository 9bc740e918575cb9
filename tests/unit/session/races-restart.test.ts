// ICE restart races and losses the two-engine property test (property.test.ts) found, one explicit
// case each. Each names the rule the engine now follows (docs/session-engine.md, ICE restart policy).
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, candidate, content, jingle, show, showRestart, transport, xml } from './helpers.js';
import {
  ended,
  initiatorActive,
  iq,
  J,
  local,
  responderActive,
  run,
  SID,
  tieBreak,
  timeout,
} from './setup.js';

describe('ICE restart races', () => {
  const restartOf = (name: string, u: string) => [xml(content(name, transport(u, 'p' + u)))];
  it('our ICE restart answer unanswered: the peer waits for it forever, so the call ends (ice-failed)', () => {
    const offered = run(
      initiatorActive(),
      iq(BOB, jingle('transport-info', SID, content('a0', transport('nu', 'np'))), 'r'),
    );
    const r = run(
      offered.session,
      local({ kind: 'ice-restart-answer', contents: [xml(content('a0', transport('mu', 'mp')))] }),
      timeout('s1#1'),
    );
    expect(show(r.effects)).toEqual(
      ended(
        BOB,
        's1#2',
        'connectivity-error',
        'ICE failed: no candidate pair between the two parties works.',
      ),
    );
  });
  it('after yielding a restart glare, the responder holds its candidates until it answers', () => {
    const mine = run(responderActive(), local({ kind: 'ice-restart', contents: restartOf('a0', 'rr') }));
    const yielded = run(
      mine.session,
      iq(ALICE, jingle('transport-info', SID, content('a0', transport('ii', 'pii'))), 'o'),
    );
    const held = run(
      yielded.session,
      local({ kind: 'candidate', content: 'a0', candidate: xml(candidate('7', 7000)) }),
    );
    expect(show(held.effects)).toEqual([]);
    const answered = run(
      held.session,
      local({ kind: 'ice-restart-answer', contents: restartOf('a0', 'ra2') }),
      local({ kind: 'candidate', content: 'a0', candidate: xml(candidate('8', 8000)) }),
    );
    expect(show(answered.effects)).toEqual([
      {
        kind: 'send',
        to: ALICE,
        ref: 's1#3',
        jingle: J('transport-info', content('a0', transport('ra2', 'pra2', candidate('8', 8000, 2)))),
      },
    ]);
  });
  it('yielding a restart glare rolls back our withdrawn credentials on contents the winning offer skips', () => {
    const both = [...restartOf('a0', 'rr'), ...restartOf('v0', 'rr')];
    const mine = run(responderActive(), local({ kind: 'ice-restart', contents: both }));
    const yielded = run(
      mine.session,
      iq(ALICE, jingle('transport-info', SID, content('a0', transport('ii', 'pii'))), 'o'),
    );
    const ufrags = (side: 'local' | 'remote') =>
      yielded.session.contents.map((c) => [c.name, c[side].transport?.attrs['ufrag']]);
    expect([ufrags('local'), ufrags('remote'), showRestart(yielded.session.restart)]).toEqual([
      [
        ['a0', 'ra'],
        ['v0', 'ra'],
      ],
      [
        ['a0', 'ii'],
        ['v0', 'ia'],
      ],
      { by: 'remote', names: ['a0'] },
    ]);
  });
  it('a restart whose contents were all removed is over on both sides; an answer in flight is just acked', () => {
    const asked = run(
      responderActive(),
      iq(ALICE, jingle('transport-info', SID, content('v0', transport('nv', 'pnv'))), 'o'),
    );
    expect(asked.session.restart).toEqual({ by: 'remote', names: ['v0'] });
    const gone = run(asked.session, iq(ALICE, jingle('content-remove', SID, content('v0', '')), 'rm'));
    expect(gone.session.restart).toEqual(undefined);
    const mine = run(initiatorActive(), local({ kind: 'ice-restart', contents: restartOf('v0', 'nv') }), {
      kind: 'iq-result',
      ref: 's1#1',
      now: 1100,
    });
    const removing = run(mine.session, local({ kind: 'content-remove', names: ['v0'] }));
    expect(removing.session.restart).toEqual(undefined);
    const late = run(
      removing.session,
      iq(BOB, jingle('transport-info', SID, content('v0', transport('na', 'pna'))), 'ans'),
    );
    expect([show(late.effects), late.session.restart]).toEqual([
      [{ kind: 'result', to: BOB, iqId: 'ans' }],
      undefined,
    ]);
  });
  it("the tie-break on the responder's restart offer rolls it back when the winning offer was skipped", () => {
    // The initiator's winning offer only named a0, which we were removing: it was acked and skipped.
    const both = [...restartOf('a0', 'rr'), ...restartOf('v0', 'rr')];
    const mine = run(
      responderActive(),
      local({ kind: 'ice-restart', contents: both }),
      local({ kind: 'content-remove', names: ['a0'] }),
      iq(ALICE, jingle('transport-info', SID, content('a0', transport('ii', 'pii'))), 'o'),
    );
    const lost = run(mine.session, tieBreak('s1#1'));
    expect([
      show(lost.effects),
      lost.session.restart,
      lost.session.contents.map((c) => [c.name, c.local.transport?.attrs['ufrag']]),
    ]).toEqual([[], undefined, [['v0', 'ra']]]);
  });
  it('our unacked restart offer outlives the removal of its contents, so a crossing offer is still glare', () => {
    const mine = run(
      initiatorActive(),
      local({ kind: 'ice-restart', contents: restartOf('a0', 'ir') }),
      local({ kind: 'content-remove', names: ['a0'] }),
    );
    expect(mine.session.restart?.names).toEqual(['a0']);
    const crossing = run(
      mine.session,
      iq(BOB, jingle('transport-info', SID, content('v0', transport('rr', 'prr'))), 'x'),
    );
    expect(show(crossing.effects)).toEqual([{ kind: 'error', to: BOB, iqId: 'x', error: 'tie-break' }]);
    const acked = run(crossing.session, { kind: 'iq-result', ref: 's1#1', now: 1500 });
    expect(acked.session.restart).toEqual(undefined);
  });
  it('a restart answer carries only the contents the offer restarted', () => {
    const asked = run(
      responderActive(),
      iq(ALICE, jingle('transport-info', SID, content('a0', transport('nv', 'pnv'))), 'o'),
    );
    const answered = run(
      asked.session,
      local({ kind: 'ice-restart-answer', contents: [...restartOf('a0', 'm'), ...restartOf('v0', 'm')] }),
    );
    expect(show(answered.effects)).toEqual([
      {
        kind: 'send',
        to: ALICE,
        ref: 's1#1',
        jingle: J('transport-info', content('a0', transport('m', 'pm'))),
      },
    ]);
    expect(answered.session.contents.map((c) => c.local.transport?.attrs['ufrag'])).toEqual(['m', 'ra']);
  });
});
