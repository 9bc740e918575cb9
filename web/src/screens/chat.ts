// Chat over the call's data channel. Messages are rendered as text nodes only.
import { h, icon, uid } from '../dom.js';
import { ICONS } from '../ui/icons.js';

export interface ChatPanel {
  el: HTMLElement;
  add(text: string, from: 'local' | 'remote'): void;
  /** Shown above the message field; with `closed` the field is disabled (the call has no chat). */
  setNote(note: string, closed: boolean): void;
}

export function chatPanel(peerName: string, send: (text: string) => string | undefined): ChatPanel {
  const log = h('ul', {
    class: 'chat-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Chat history',
  });
  const input = h('input', {
    type: 'text',
    id: uid('msg'),
    autocomplete: 'off',
    placeholder: 'Message',
    maxlength: 2000,
  });
  const error = h('p', { class: 'sr-only', role: 'alert' });
  const form = h(
    'form',
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        const text = input.value.trim();
        if (text === '') return;
        const problem = send(text);
        error.textContent = problem ?? '';
        if (problem === undefined) input.value = '';
      },
    },
    h('label', { for: input.id, class: 'sr-only' }, 'Message'),
    input,
    h(
      'button',
      { type: 'submit', class: 'btn btn-primary btn-icon', title: 'Send' },
      icon(...ICONS.send),
      h('span', { class: 'sr-only' }, 'Send'),
    ),
  );
  const note = h('p', { class: 'chat-note', role: 'status' });
  const el = h('aside', { class: 'chat', 'aria-label': 'Chat' }, log, h('div', {}, note, form, error));
  return {
    el,
    add(text, from) {
      log.append(
        h(
          'li',
          { 'data-from': from },
          h('span', { class: 'sr-only' }, from === 'local' ? 'You: ' : `${peerName}: `),
          text,
        ),
      );
      log.scrollTop = log.scrollHeight;
    },
    setNote(text, closed) {
      note.textContent = text;
      note.hidden = text === '';
      for (const control of form.querySelectorAll('input, button'))
        (control as HTMLInputElement).disabled = closed;
    },
  };
}
