// The notice after a call: who, how it ended (the Jingle reason in plain words) and how long it took.
import { h } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { trapTab } from './incoming.js';

export interface EndedOptions {
  peer: string;
  name: string;
  title: string;
  reason: string;
  duration: string | undefined;
  close(): void;
}

export function endedDialog(opts: EndedOptions): HTMLElement {
  const close = h('button', { type: 'button', class: 'btn btn-primary', onclick: opts.close }, 'Close');
  const dialog = h(
    'div',
    {
      class: 'dialog',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'ended-title',
      'aria-describedby': 'ended-reason',
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Escape') opts.close();
        else trapTab(e as KeyboardEvent, [close]);
      },
    },
    avatar(opts.peer, opts.name, { large: true }),
    h('p', { class: 'title', id: 'ended-title' }, opts.title),
    h('p', { class: 'sub' }, opts.name),
    h('p', { id: 'ended-reason', role: 'status' }, opts.reason, opts.duration ? ` · ${opts.duration}` : ''),
    close,
  );
  queueMicrotask(() => close.focus());
  return h('div', { class: 'overlay' }, dialog);
}
