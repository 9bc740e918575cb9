// The seeded wire fuzzer: fast-check draws a recipe (a template from wire-fuzz-corpus.ts, where to
// send it, and up to five mutations), and `buildStanza` turns it into one well-formed stanza no larger
// than Prosody's c2s stanza limit. Malformed XML would only end the fuzzer's own stream (RFC 6120
// §4.9.3.1), so every mutation is a tree edit: drop/duplicate/reorder children, delete or rewrite
// attributes (sids, actions, JIDs, namespaces, huge numbers, markup, any Unicode XML allows), rename,
// deep nesting, grafts between templates, padding up to the size limit, and the sid of the live call
// (a third party trying to hijack it). Stanza number i of seed s is the same on every run.
import fc from 'fast-check';
import type { Element } from 'ltx';
import { xml } from '../../src/client/xmpp.js';
import { NS_JINGLE_1, NS_JINGLE_MESSAGE_0 } from '../../src/jingle/ns.js';
import { fuzzCorpus, templatesOf, type StanzaKind, type Template } from './wire-fuzz-corpus.js';
import { MAX_STANZA_BYTES, mutate, mutationArb, type Mutation } from './wire-fuzz-mutations.js';
import { bindPrefixes, copy, elements, serialize } from './wire-fuzz-tree.js';

export { MAX_STANZA_BYTES, PROSODY_C2S_STANZA_LIMIT } from './wire-fuzz-mutations.js';

export interface FuzzContext {
  /** Full JIDs the stanzas go to (the target devices or component entities). */
  targets: string[];
  /** The sid of the call in progress, if any: hijack attempts reuse it. */
  liveSid?: string;
  /** JIDs worth planting in from-ish attributes (the call's parties, the fuzzer itself). */
  jids: string[];
}

export interface Recipe {
  kind: StanzaKind;
  template: number;
  target: number;
  bare: boolean;
  iqType: 'get' | 'set' | 'result' | 'error' | 'bogus' | 'keep';
  sid: 'live' | 'keep' | 'other';
  mutations: Mutation[];
}

export const recipeArb: fc.Arbitrary<Recipe> = fc.record({
  // 60 % IQs, 30 % messages, 10 % presence, whatever the corpus holds most of.
  kind: fc.constantFrom<StanzaKind>(
    'iq',
    'iq',
    'iq',
    'iq',
    'iq',
    'iq',
    'message',
    'message',
    'message',
    'presence',
  ),
  template: fc.nat(),
  target: fc.nat(),
  bare: fc.constantFrom(false, false, false, false, false, true),
  iqType: fc.constantFrom('get', 'set', 'set', 'set', 'result', 'error', 'bogus', 'keep', 'keep', 'keep'),
  sid: fc.constantFrom('live', 'live', 'keep', 'other'),
  mutations: fc.array(mutationArb, { maxLength: 5 }),
});

/** A stanza from a template: fragments go into the IQ or message that carries them. */
function envelope(t: Template, recipe: Recipe, ctx: FuzzContext): Element {
  let el = copy(t.el);
  if (el.name === 'content') el = xml('jingle', { xmlns: NS_JINGLE_1, action: 'content-add', sid: 'x' }, el);
  else if (['description', 'transport', 'candidate', 'group', 'source'].includes(el.name))
    el = xml(
      'jingle',
      { xmlns: NS_JINGLE_1, action: 'transport-info', sid: 'x' },
      xml('content', { name: '0' }, el),
    );
  if (el.attrs.xmlns === NS_JINGLE_MESSAGE_0) el = xml('message', { type: 'chat' }, el);
  else if (!['iq', 'message', 'presence'].includes(el.name)) el = xml('iq', { type: 'set' }, el);
  const sid =
    recipe.sid === 'live' ? ctx.liveSid : recipe.sid === 'other' ? `fz-${recipe.template}` : undefined;
  if (sid !== undefined)
    for (const e of elements(el)) {
      if (e.name === 'jingle' && e.attrs.sid !== undefined) e.attrs.sid = sid;
      if (e.attrs.xmlns === NS_JINGLE_MESSAGE_0 && e.attrs.id !== undefined) e.attrs.id = sid;
    }
  return el;
}

export interface FuzzStanza {
  el: Element;
  text: string;
  /** How many replies a correct recipient (or Prosody on its behalf) sends: get/set/invalid IQs 1. */
  replies: 0 | 1;
  origin: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Stanza `seq` from a recipe: addressed, mutated, and within MAX_STANZA_BYTES. */
export function buildStanza(recipe: Recipe, seq: number, ctx: FuzzContext): FuzzStanza {
  const corpus = fuzzCorpus();
  const ofKind = templatesOf(recipe.kind);
  const t = ofKind[recipe.template % ofKind.length]!;
  // The first mutations that fit: a duplicated 200 kB pad would cross the limit.
  for (let n = recipe.mutations.length; ; n--) {
    const el = envelope(t, recipe, ctx);
    for (const m of recipe.mutations.slice(0, n)) mutate(el, m, corpus, ctx.jids);
    const to = ctx.targets[recipe.target % ctx.targets.length]!;
    el.attrs.to = recipe.bare ? to.split('/')[0]! : to;
    delete el.attrs.from;
    // RFC 7395 §3.3.3: every stanza on a WebSocket names its namespace; Prosody closes the stream otherwise.
    el.attrs.xmlns = 'jabber:client';
    bindPrefixes(el);
    if (el.name === 'iq') {
      el.attrs.id = `fz-${seq}`;
      if (recipe.iqType === 'bogus') el.attrs.type = 'fz';
      else if (recipe.iqType !== 'keep') el.attrs.type = recipe.iqType;
      else if (!['get', 'set', 'result', 'error'].includes(String(el.attrs.type))) el.attrs.type = 'set';
    }
    const text = serialize(el);
    if (bytes(text) > MAX_STANZA_BYTES && n > 0) continue;
    const type = String(el.attrs.type);
    const replies = el.name === 'iq' && type !== 'result' && type !== 'error' ? 1 : 0;
    const tag = recipe.mutations
      .slice(0, n)
      .map((m) => m.op)
      .join('+');
    return {
      el,
      text,
      replies,
      origin: `${t.origin}${tag ? ` [${tag}]` : ''}${recipe.sid === 'live' ? ' (live sid)' : ''}`,
    };
  }
}

/**
 * Stanzas `from` .. `from + count - 1` of `seed`. Recipes are drawn in blocks of 100, each block from
 * its own derived seed, so a long run needs no memory for what it already sent.
 */
export function* fuzzStanzas(
  seed: number,
  count: number,
  ctx: () => FuzzContext,
  from = 0,
): Generator<FuzzStanza> {
  const BLOCK = 100;
  for (let block = Math.floor(from / BLOCK); block * BLOCK < from + count; block++) {
    const recipes = fc.sample(recipeArb, { seed: (seed * 1_000_003 + block) | 0, numRuns: BLOCK });
    for (let i = 0; i < BLOCK; i++) {
      const seq = block * BLOCK + i;
      if (seq < from || seq >= from + count) continue;
      yield buildStanza(recipes[i]!, seq, ctx());
    }
  }
}
