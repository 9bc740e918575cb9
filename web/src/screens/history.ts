// Recent calls, newest first; missed calls stand out (colour plus the word, not colour alone).
import type { CallHistoryEntry } from '../../../src/client/index.js';
import { h, icon, replace } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { ICONS } from '../ui/icons.js';
import { formatDuration } from '../words.js';

export const OUTCOME_WORDS: Record<string, string> = {
  answered: 'Answered',
  missed: 'Missed',
  declined: 'Declined',
  busy: 'Busy',
  cancelled: 'Cancelled',
  rejected: 'Declined by them',
  'no-answer': 'No answer',
  'answered-elsewhere': 'Answered on another device',
  'declined-elsewhere': 'Declined on another device',
  failed: 'Failed',
};

export interface HistoryCard {
  el: HTMLElement;
  render(entries: readonly CallHistoryEntry[]): void;
}

export function historyCard(name: (jid: string) => string): HistoryCard {
  const list = h('ul', { class: 'history', 'aria-labelledby': 'history-title' });
  const empty = h('p', { class: 'empty' }, 'No calls yet.');
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, 'Recent calls'),
    list,
    empty,
  );
  return {
    el,
    render(entries) {
      const rows = [...entries].sort((a, b) => b.startedAt - a.startedAt).slice(0, 30);
      replace(
        list,
        ...rows.map((e) => {
          const missed = e.outcome === 'missed';
          const dir = missed ? ICONS.missed : e.direction === 'incoming' ? ICONS.incoming : ICONS.outgoing;
          const when = new Date(e.startedAt);
          const kind = e.media.includes('video') ? 'Video call' : 'Audio call';
          const outcome = OUTCOME_WORDS[e.outcome] ?? e.outcome;
          const duration = e.outcome === 'answered' ? ` · ${formatDuration(e.endedAt - e.startedAt)}` : '';
          return h(
            'li',
            { 'data-outcome': e.outcome },
            avatar(e.peer, name(e.peer)),
            h(
              'div',
              { class: 'contact-text' },
              h('span', { class: missed ? 'contact-name missed' : 'contact-name' }, name(e.peer)),
              h(
                'span',
                { class: missed ? 'contact-sub missed' : 'contact-sub' },
                icon(...dir),
                ` ${e.direction === 'incoming' ? 'Incoming' : 'Outgoing'} ${kind.toLowerCase()} · ${outcome}${duration}`,
              ),
            ),
            h(
              'time',
              { class: 'when', datetime: when.toISOString() },
              when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
            ),
          );
        }),
      );
      empty.hidden = rows.length > 0;
    },
  };
}
