// #14: an ended session in the table keeps none of the received stanza text. A sid (or JID, or IQ id)
// read from a stanza is a V8 slice of the whole parsed text; kept as is, every ended session held its
// session-initiate's full text (tens of KiB of SDP as XML in a real call) alive. Measured with the
// heap after forced full GCs: sixteen ended sessions whose session-initiates were 1 MiB each.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSessionTable, routeIq, type SessionTable } from '../../../src/jingle/session/index.js';
import { ALICE, BOB, jingle } from './helpers.js';
import { offerXml } from './setup.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const SESSIONS = 16;
const MIB = 1024 * 1024;

function endedSessions(): SessionTable {
  let t = createSessionTable(BOB);
  for (let i = 0; i < SESSIONS; i++) {
    // Long enough (13+ characters) for V8 to slice rather than copy; a 1 MiB attribute makes the
    // stanza text large, as a real session-initiate's SDP does.
    const sid = `session-with-a-long-id-${i}-${'s'.repeat(20)}`;
    const pad = ` data-pad="${String(i).repeat(MIB)}"`;
    const at = { kind: 'iq' as const, from: ALICE, now: 1000 };
    t = routeIq(t, { ...at, id: `i${i}`, jingle: jingle('session-initiate', sid, offerXml(), pad) }).table;
    t = routeIq(t, {
      ...at,
      id: `t${i}`,
      jingle: jingle('session-terminate', sid, '<reason><success/></reason>'),
    }).table;
  }
  return t;
}

describe('ended sessions keep no stanza text alive', () => {
  it(`${SESSIONS} ended sessions from 1 MiB session-initiates hold well under 1 MiB each`, () => {
    const before = heapAfterGc();
    const t = endedSessions();
    const held = heapAfterGc() - before;
    expect([...t.sessions.values()].map((s) => s.state)).toEqual(Array(SESSIONS).fill('ended'));
    expect(held).toBeLessThan(2 * MIB);
  });
});
