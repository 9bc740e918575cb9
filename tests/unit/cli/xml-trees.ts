// Random ltx element trees for the CLI's XML property tests.
import fc from 'fast-check';
import { Element } from 'ltx';

const text = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '');

/**
 * Trees of the given element and attribute names. `mixed: false` gives each element either one
 * text child or only element children (prettyXml indents only such trees); `mixed: true` interleaves.
 */
export function xmlTrees(opts: {
  names: readonly string[];
  attrNames: readonly string[];
  mixed: boolean;
}): fc.Arbitrary<Element> {
  const name = fc.constantFrom(...opts.names);
  const attrs = fc.dictionary(fc.constantFrom(...opts.attrNames), fc.string({ maxLength: 8 }), {
    maxKeys: 3,
  });
  return fc.letrec<{ el: Element }>((tie) => ({
    el: fc
      .tuple(
        name,
        attrs,
        opts.mixed
          ? fc.array(fc.oneof({ depthSize: 'small' }, text, tie('el')), { maxLength: 4 })
          : fc.oneof(
              text.map((t) => [t]),
              fc.array(tie('el'), { maxLength: 3 }),
            ),
      )
      .map(([n, a, children]) => {
        const el = new Element(n, a);
        for (const c of children)
          if (typeof c === 'string') el.t(c);
          else el.cnode(c);
        return el;
      }),
  })).el;
}
