// The wire fuzzer's generator (tests/support/wire-fuzz.ts) is only useful if a seed names the same
// stanzas everywhere, every stanza reaches the target (well-formed, namespaced, within Prosody's c2s
// limit: otherwise Prosody ends the fuzzer's stream and the target never sees it), and the IQ books
// expect the right number of answers.
import { parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { MAX_STANZA_BYTES, fuzzStanzas, type FuzzContext } from '../../support/wire-fuzz.js';
import { elements, serialize } from '../../support/wire-fuzz-tree.js';

const CTX: FuzzContext = {
  targets: ['alice@localhost/web', 'bob@localhost/web'],
  liveSid: 'live-sid-0001',
  jids: ['alice@localhost/web', 'carol@localhost/fuzz'],
};
const ctx = () => CTX;
const SAMPLE = [...fuzzStanzas(4242, 1000, ctx)];

/** Prefixes used on an element or its attributes without a declaration in scope. */
function unboundPrefixes(root: Element): string[] {
  const out: string[] = [];
  const stack: Array<[Element, Set<string>]> = [[root, new Set()]];
  while (stack.length > 0) {
    const [el, inherited] = stack.pop()!;
    const scope = new Set(inherited);
    for (const k of Object.keys(el.attrs)) if (k.startsWith('xmlns:')) scope.add(k.slice(6));
    for (const n of [el.name, ...Object.keys(el.attrs)])
      if (n.includes(':') && !n.startsWith('xmlns:') && !n.startsWith('xml:') && !scope.has(n.split(':')[0]!))
        out.push(n);
    for (const c of el.children) if (typeof c !== 'string') stack.push([c, scope]);
  }
  return out;
}

describe('wire fuzz generator', () => {
  it('names the same stanzas for a seed, whether drawn from the start or from an offset', () => {
    const again = [...fuzzStanzas(4242, 30, ctx, 500)].map((s) => s.text);
    expect(again).toEqual(SAMPLE.slice(500, 530).map((s) => s.text));
    expect([...fuzzStanzas(4243, 30, ctx, 500)].map((s) => s.text)).not.toEqual(again);
  });

  it('sends only well-formed, namespaced, addressed stanzas within the c2s limit', () => {
    const bad = SAMPLE.flatMap((s, seq) => {
      const problems: string[] = [];
      const bytes = Buffer.byteLength(s.text);
      if (bytes > MAX_STANZA_BYTES) problems.push(`${bytes} bytes`);
      if (serialize(parse(s.text)) !== s.text) problems.push('does not re-parse to itself');
      if (s.el.attrs.xmlns !== 'jabber:client') problems.push(`xmlns ${s.el.attrs.xmlns}`);
      const to = String(s.el.attrs.to);
      if (!CTX.targets.some((t) => to === t || to === t.split('/')[0])) problems.push(`to ${to}`);
      if (s.el.name === 'iq' && s.el.attrs.id !== `fz-${seq}`) problems.push(`id ${s.el.attrs.id}`);
      problems.push(...unboundPrefixes(s.el).map((n) => `unbound prefix in ${n}`));
      return problems.length > 0 ? [`#${seq} ${s.origin}: ${problems.join(', ')}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('expects one answer exactly for IQs a server must answer (get, set and invalid types)', () => {
    const rule = SAMPLE.map((s) => {
      const type = String(s.el.attrs.type);
      return `${s.el.name === 'iq' ? `iq ${['result', 'error'].includes(type) ? type : 'request'}` : s.el.name} -> ${s.replies}`;
    });
    expect(new Set(rule)).toEqual(
      new Set(['iq request -> 1', 'iq result -> 0', 'iq error -> 0', 'message -> 0', 'presence -> 0']),
    );
  });

  it('covers the mutations, the size range up to the limit, and hijacks of the live sid', () => {
    const ops = new Set(SAMPLE.flatMap((s) => /\[(.*)\]/.exec(s.origin)?.[1]?.split('+') ?? []));
    expect(ops).toEqual(
      new Set([
        'drop',
        'dup',
        'unwrap',
        'reorder',
        'del-attr',
        'set-attr',
        'rename',
        'set-ns',
        'text',
        'nest',
        'graft',
        'pad',
      ]),
    );
    expect(SAMPLE.some((s) => Buffer.byteLength(s.text) > 200_000)).toBe(true);
    const hijacks = new Set(
      SAMPLE.flatMap((s) =>
        elements(s.el)
          .filter((e) => e.attrs.sid === CTX.liveSid || e.attrs.id === CTX.liveSid)
          .map((e) => `${s.el.name} ${e.name}`),
      ),
    );
    expect(
      [...hijacks].filter((h) => ['iq jingle', 'message propose', 'message proceed'].includes(h)).sort(),
    ).toEqual(['iq jingle', 'message proceed', 'message propose']);
  });
});
