// The incoming-call dialog. Contract: shows the caller, with buttons "Accept" and "Decline".
// It is an alertdialog so screen readers announce it at once; focus moves to "Accept".
import { h, icon } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { ICONS } from '../ui/icons.js';

export interface IncomingOptions {
  peer: string;
  name: string;
  video: boolean;
  /** Call waiting: we are in another call, which "End and accept" ends. */
  waiting?: boolean;
  accept(): void;
  decline(): void;
}

export function incomingDialog(opts: IncomingOptions): HTMLElement {
  const kind = `${opts.video ? 'Incoming video call' : 'Incoming audio call'}${opts.waiting ? ' while you are in a call' : ''}`;
  const acceptLabel = opts.waiting ? 'End and accept' : 'Accept';
  const accept = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-success btn-round',
      onclick: opts.accept,
      'aria-describedby': 'incoming-caller',
    },
    icon(...(opts.video ? ICONS.video : ICONS.phone)),
    h('span', { class: 'sr-only' }, acceptLabel),
  );
  const decline = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-danger btn-round',
      onclick: opts.decline,
      'aria-describedby': 'incoming-caller',
    },
    icon(...ICONS.hangup),
    h('span', { class: 'sr-only' }, 'Decline'),
  );
  const dialog = h(
    'div',
    {
      class: 'dialog',
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'incoming-title',
      'aria-describedby': 'incoming-caller',
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Escape') opts.decline();
        else trapTab(e as KeyboardEvent, [accept, decline]);
      },
    },
    h('p', { class: 'sub', id: 'incoming-title' }, kind),
    h('div', { class: 'ring' }, avatar(opts.peer, opts.name, { large: true })),
    h('p', { class: 'title', id: 'incoming-caller' }, opts.name),
    opts.name !== opts.peer ? h('p', { class: 'sub' }, opts.peer) : undefined,
    h(
      'div',
      { class: 'actions' },
      h('div', {}, decline, h('span', { 'aria-hidden': 'true' }, 'Decline')),
      h('div', {}, accept, h('span', { 'aria-hidden': 'true' }, acceptLabel)),
    ),
  );
  queueMicrotask(() => accept.focus());
  return h('div', { class: 'overlay' }, dialog);
}

/** Keeps Tab inside a modal dialog (WAI-ARIA APG dialog pattern). */
export function trapTab(e: KeyboardEvent, focusables: readonly HTMLElement[]): void {
  if (e.key !== 'Tab' || focusables.length === 0) return;
  const first = focusables[0];
  const last = focusables[focusables.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last?.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first?.focus();
  }
}
