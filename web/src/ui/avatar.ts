// Avatars with initials and a colour derived from the JID, so a contact looks the same everywhere.
import { h } from '../dom.js';

const PALETTE = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#db2777', '#7c3aed', '#2563eb', '#dc2626'];

export function initials(name: string): string {
  const local = name.split('@')[0] ?? name;
  // Letters and digits only: whatever else a name holds is not a good initial.
  const words = local
    .split(/[\s._-]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w !== '');
  const letters = words.length >= 2 ? [words[0], words[1]] : [words[0] ?? '?'];
  // Upper-casing can lengthen a letter ('ß' -> 'SS') or add combining marks ('ῢ' -> 'Ϋ̀'):
  // keep letters and digits only, and cut after it, by code point.
  const upper = letters
    .map((w) => Array.from(w ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
  const kept = Array.from(upper).filter((c) => /[\p{L}\p{N}]/u.test(c));
  return kept.length === 0 ? '?' : kept.slice(0, 2).join('');
}

function colour(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#4f46e5';
}

export function avatar(
  jid: string,
  name: string,
  opts: { large?: boolean; show?: string } = {},
): HTMLElement {
  const el = h(
    'span',
    { class: opts.large ? 'avatar avatar-lg' : 'avatar', 'aria-hidden': 'true' },
    initials(name || jid),
  );
  el.style.background = colour(jid.toLowerCase());
  if (opts.show !== undefined) el.append(h('span', { class: 'dot', 'data-show': opts.show }));
  return el;
}
