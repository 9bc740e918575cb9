// Small helpers around the client's Call objects (src/client/calls/call.ts) that only the UI needs.
import type { Call } from '../../src/client/index.js';
import type { Nicks } from './nicks.js';

/**
 * The caller's XEP-0172 nickname: from the call once src/client's Call carries one, else the last
 * one seen in presence or messages (nicks.ts).
 */
export function nickOf(call: Call, seen: Nicks): string | undefined {
  const nick = (call as Call & { nick?: unknown }).nick;
  return typeof nick === 'string' && nick.trim() !== '' ? nick : seen.of(call.peer);
}

export const hasVideo = (call: Call): boolean => call.media.includes('video');
