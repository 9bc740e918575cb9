// IceRecovery (src/client/calls/ice-recovery.ts) while signaling is down: a restart offer could not reach
// the peer, so ICE trouble during an XMPP outage neither restarts nor fails the call; once signaling
// is back and the peer still has the session (outage/reconcile-calls.ts), the restart is made then.
import { describe, expect, it } from 'vitest';
import { ICE_FAILED, IceRecovery, RESTART_GRACE_MS } from '../../../../src/client/calls/ice-recovery.js';
import type { Reason } from '../../../../src/jingle/reason.js';
import { ManualClock } from './fakes.js';

function recovery(afterMs = 3000) {
  const clock = new ManualClock();
  const log: Array<'restart' | Reason> = [];
  const world = { up: true, state: 'connected' as RTCPeerConnectionState, running: false };
  const r = new IceRecovery({
    clock,
    afterMs,
    canRestart: () => !world.running,
    restartRunning: () => world.running,
    connectionState: () => world.state,
    restart: () => void (log.push('restart'), (world.running = true)),
    fail: (reason) => void log.push(reason),
    signalingUp: () => world.up,
  });
  const to = (state: RTCPeerConnectionState) => ((world.state = state), r.changed(state));
  return { clock, log, world, r, to };
}

describe('ICE trouble during a signaling outage', () => {
  it('failed while down: no restart and no failure however long it lasts; restart when signaling is back', () => {
    const { clock, log, world, r, to } = recovery();
    world.up = false;
    to('failed');
    clock.advance(RESTART_GRACE_MS * 3);
    expect(log).toEqual([]);
    world.up = true;
    r.signalingBack();
    expect(log).toEqual(['restart']);
    clock.advance(RESTART_GRACE_MS); // the restart did not bring it back: now the call fails
    expect(log).toEqual(['restart', ICE_FAILED]);
  });

  it('disconnected past iceRestartAfterMs while down: the restart waits for signaling', () => {
    const { clock, log, world, r, to } = recovery();
    world.up = false;
    to('disconnected');
    clock.advance(3000);
    expect(log).toEqual([]);
    world.up = true;
    r.signalingBack();
    expect(log).toEqual(['restart']);
  });

  it('media came back by itself meanwhile: nothing to do when signaling is back', () => {
    const { clock, log, world, r, to } = recovery();
    world.up = false;
    to('disconnected');
    clock.advance(3000);
    to('connected');
    world.up = true;
    r.signalingBack();
    expect(log).toEqual([]);
  });

  it('with signaling up, the usual policy: restart at once on failed, fail after the grace period', () => {
    const { clock, log, to } = recovery();
    to('failed');
    expect(log).toEqual(['restart']);
    clock.advance(RESTART_GRACE_MS);
    expect(log).toEqual(['restart', ICE_FAILED]);
  });

  it('signalingBack() without trouble during the outage does nothing', () => {
    const { log, r } = recovery();
    r.signalingBack();
    expect(log).toEqual([]);
  });
});
