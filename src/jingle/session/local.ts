// Local intents (what the application asks for). Misuse throws TypeError / InvalidStateError;
// nothing here is a peer-facing error (docs/reference/house-style.md §11.2.7).
import { clone, type Element } from '../ltx.js';
import { Role, type Senders } from '../constants.js';
import { reasonToXml, type Reason } from '../reason.js';
import { contentEl, jingleEl, localContentEl } from './build.js';
import { schedule, send, setState, clearTimer, type Draft } from './draft.js';
import { endSession } from './end.js';
import { InvalidStateError } from '../errors.js';
import { sessionInfoToXml } from './info.js';
import { firstSetup, sendRestart } from './restart.js';
import { flushCandidates, queueLocalCandidate } from './trickle.js';
import type { ContentState, Intent } from './types.js';

interface LocalContent {
  name: string;
  senders?: Senders;
  disposition: string;
  description?: Element;
  transport?: Element;
}

function readContents(els: readonly Element[], what: string): LocalContent[] {
  if (els.length === 0) throw new TypeError(`${what}: at least one <content> is required`);
  return els.map((el) => {
    const name = el.attrs['name'];
    if (el.name !== 'content' || typeof name !== 'string' || name === '')
      throw new TypeError(`${what}: every item must be a <content name=...> element`);
    const kids = el.getChildElements();
    const senders = el.attrs['senders'] as Senders | undefined;
    const c: LocalContent = { name, disposition: String(el.attrs['disposition'] ?? 'session') };
    if (senders !== undefined) c.senders = senders;
    const description = kids.find((k) => k.name === 'description');
    const transport = kids.find((k) => k.name === 'transport');
    if (description) c.description = clone(description);
    if (transport) c.transport = clone(transport);
    return c;
  });
}

function need(d: Draft, ok: boolean, what: string): void {
  if (!ok) throw new InvalidStateError(`${what} is not allowed in state ${d.s.state} as ${d.s.role}`);
}

const live = (d: Draft): boolean => d.s.state === 'pending' || d.s.state === 'active';

function named(d: Draft, names: readonly string[], status: ContentState['status'], what: string): void {
  for (const n of names)
    if (!d.s.contents.some((c) => c.name === n && c.status === status))
      throw new TypeError(`${what}: no ${status} content named ${n}`);
}

export function onIntent(d: Draft, intent: Intent, now: number): void {
  switch (intent.kind) {
    case 'initiate': {
      // idle --session-initiate(sent)--> pending. The initiator trickles from here on (XEP-0176 §5.5).
      need(d, d.s.state === 'idle' && d.s.role === Role.initiator, 'initiate');
      d.s.contents = readContents(intent.contents, 'initiate').map((c) =>
        toState(c, Role.initiator, 'active'),
      );
      d.s.localSetup = firstSetup(d.s.contents.map((c) => c.local.transport));
      d.s.localGroup = intent.group;
      d.s.lastHeard = now;
      send(d, withGroup(d, 'session-initiate', d.s.contents, intent.group), 'session-initiate');
      setState(d, 'pending');
      if (d.s.options.acceptTimeoutMs !== undefined)
        schedule(d, 'accept-timeout', now + d.s.options.acceptTimeoutMs);
      return flushCandidates(d);
    }
    case 'accept': {
      // pending --session-accept(sent)--> active
      need(d, d.s.state === 'pending' && d.s.role === Role.responder, 'accept');
      const mine = new Map(readContents(intent.contents, 'accept').map((c) => [c.name, c]));
      named(d, [...mine.keys()], 'active', 'accept');
      d.s.contents = d.s.contents.map((c) => {
        const m = mine.get(c.name);
        return m === undefined ? c : { ...c, local: pick(m) };
      });
      d.s.localSetup = firstSetup(d.s.contents.map((c) => c.local.transport));
      d.s.localAccepted = true;
      clearTimer(d, 'accept-timeout');
      const accepted = d.s.contents.filter((c) => mine.has(c.name));
      send(d, withGroup(d, 'session-accept', accepted, intent.group), 'session-accept');
      setState(d, 'active');
      return flushCandidates(d);
    }
    case 'terminate':
      need(d, d.s.state !== 'ended', 'terminate');
      return endSession(d, intent);
    case 'info': {
      need(d, live(d), 'session-info');
      const el = jingleEl(d.s, 'session-info');
      el.cnode(sessionInfoToXml(intent.info));
      send(d, el, 'session-info');
      return;
    }
    case 'candidate':
      need(d, d.s.state !== 'ended', 'candidate');
      if (!d.s.contents.some((c) => c.name === intent.content) && d.s.state !== 'idle')
        throw new TypeError(`candidate: no content named ${intent.content}`);
      return queueLocalCandidate(d, intent.content, intent.candidate, now);
    case 'content-add': {
      need(d, live(d), 'content-add');
      const added = readContents(intent.contents, 'content-add').map((c) =>
        toState(c, d.s.role, 'adding-local'),
      );
      for (const c of added)
        if (d.s.contents.some((x) => x.name === c.name)) throw new TypeError(`content-add: ${c.name} exists`);
      d.s.contents = [...d.s.contents, ...added];
      send(
        d,
        withGroup(d, 'content-add', added, intent.group),
        'content-add',
        added.map((c) => c.name),
      );
      return;
    }
    case 'content-accept': {
      need(d, live(d), 'content-accept');
      const mine = new Map(readContents(intent.contents, 'content-accept').map((c) => [c.name, c]));
      named(d, [...mine.keys()], 'adding-remote', 'content-accept');
      d.s.contents = d.s.contents.map((c) => {
        const m = mine.get(c.name);
        return m === undefined ? c : { ...c, status: 'active', local: pick(m) };
      });
      const accepted = d.s.contents.filter((c) => mine.has(c.name));
      send(d, withGroup(d, 'content-accept', accepted, intent.group), 'content-accept', [...mine.keys()]);
      return;
    }
    case 'content-reject':
    case 'content-remove': {
      need(d, live(d), intent.kind);
      named(d, intent.names, intent.kind === 'content-reject' ? 'adding-remote' : 'active', intent.kind);
      const gone = d.s.contents.filter((c) => intent.names.includes(c.name));
      d.s.contents = d.s.contents.filter((c) => !intent.names.includes(c.name));
      send(d, headsWithReason(d, intent.kind, gone, intent.reason), intent.kind, intent.names);
      // §7.2.5: with no content left, terminate.
      if (d.s.contents.length === 0) endSession(d, { cause: 'no-contents' });
      return;
    }
    case 'content-modify': {
      need(d, live(d), 'content-modify');
      named(d, [intent.name], 'active', 'content-modify');
      d.s.contents = d.s.contents.map((c) =>
        c.name === intent.name ? { ...c, senders: intent.senders } : c,
      );
      const c = {
        creator: d.s.contents.find((x) => x.name === intent.name)?.creator ?? d.s.role,
        name: intent.name,
      };
      const el = jingleEl(d.s, 'content-modify');
      // §7.2.4: senders is REQUIRED here, so write it even when it is the default "both".
      el.cnode(contentEl({ creator: c.creator, name: c.name }, [])).attrs['senders'] = intent.senders;
      send(d, el, 'content-modify', [c.name]);
      return;
    }
    case 'ice-restart':
      need(d, d.s.state === 'active' && d.s.restart === undefined, 'ice-restart');
      // Toward a peer without restart support, end cleanly instead of hanging (docs/reference/deployed-clients.md §3.17).
      if (!d.s.options.peerSupportsRestart) return endSession(d, { cause: 'restart-unsupported' });
      return sendRestart(d, intent.contents, true);
    case 'ice-restart-answer':
      need(d, d.s.state === 'active' && d.s.restart?.by === 'remote', 'ice-restart-answer');
      return sendRestart(d, intent.contents, false);
  }
}

const pick = (c: LocalContent): ContentState['local'] => ({
  ...(c.description ? { description: c.description } : {}),
  ...(c.transport ? { transport: c.transport } : {}),
});

const toState = (c: LocalContent, creator: Role, status: ContentState['status']): ContentState => ({
  creator,
  name: c.name,
  senders: c.senders ?? 'both',
  disposition: c.disposition,
  status,
  local: pick(c),
  remote: {},
});

function withGroup(
  d: Draft,
  action: 'session-initiate' | 'session-accept' | 'content-add' | 'content-accept',
  contents: readonly ContentState[],
  group: Element | undefined,
): Element {
  const el = jingleEl(d.s, action);
  for (const c of contents) el.cnode(localContentEl(c));
  if (group !== undefined) el.cnode(clone(group));
  return el;
}

function headsWithReason(
  d: Draft,
  action: 'content-reject' | 'content-remove',
  gone: readonly ContentState[],
  reason: Reason | undefined,
): Element {
  const el = jingleEl(d.s, action);
  for (const c of gone) el.cnode(contentEl({ creator: c.creator, name: c.name }, []));
  if (reason !== undefined) el.cnode(reasonToXml(reason));
  return el;
}
