// Sign-in screen. Accessible names are a contract for the e2e tests and docs/web-app.md:
// fields "Address", "Password", "Server" and the button "Sign in".
import { h, icon, uid } from '../dom.js';
import { ICONS } from '../ui/icons.js';

/** The "No connection" note's id: the app removes it when the connection comes back. */
export const OFFLINE_NOTE_ID = 'offline-note';

export interface SignInValues {
  address: string;
  password: string;
  server: string;
}

export interface SignInOptions {
  address: string;
  server: string;
  /** Shown above the form, e.g. why the last session ended. */
  notice?: string;
  /** The app was opened without a connection (from the service worker's cache): say so. */
  offline?: boolean;
  /** Resolves with an error text to show, or undefined once signed in. */
  submit(values: SignInValues): Promise<string | undefined>;
}

function field(label: string, input: HTMLInputElement, hint?: string): HTMLElement {
  input.id = uid('f');
  const hintEl = hint ? h('p', { class: 'hint', id: uid('h') }, hint) : undefined;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl);
}

export function signInScreen(opts: SignInOptions): HTMLElement {
  const address = h('input', {
    type: 'text',
    name: 'address',
    autocomplete: 'username',
    inputmode: 'email',
    autocapitalize: 'none',
    spellcheck: 'false',
    placeholder: 'name@example.org',
    required: true,
    value: opts.address,
  });
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const server = h('input', {
    type: 'url',
    name: 'server',
    placeholder: 'wss://example.org/xmpp-websocket',
    value: opts.server,
  });
  const error = h('div', { class: 'alert alert-error', role: 'alert' }, opts.notice ?? '');
  const offline = opts.offline
    ? h(
        'div',
        { class: 'alert alert-offline', role: 'status', id: OFFLINE_NOTE_ID },
        h('strong', {}, 'No connection.'),
        ' You are offline or the server cannot be reached. You can sign in once the connection is back.',
      )
    : undefined;
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Sign in');

  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void onSubmit();
      },
    },
    offline,
    error,
    field('Address', address),
    field('Password', password),
    field('Server', server, 'WebSocket address of your XMPP server. Leave empty to discover it.'),
    button,
  );

  async function onSubmit(): Promise<void> {
    if (address.value.trim() === '' || password.value === '') {
      error.textContent = 'Enter your address and password.';
      (address.value.trim() === '' ? address : password).focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Signing in…';
    error.textContent = '';
    form.setAttribute('aria-busy', 'true');
    const problem = await opts.submit({
      address: address.value.trim(),
      password: password.value,
      server: server.value.trim(),
    });
    if (problem === undefined) return; // the app moves on to the next screen
    form.removeAttribute('aria-busy');
    button.disabled = false;
    button.textContent = 'Sign in';
    error.textContent = problem;
    password.select();
    password.focus();
  }

  const screen = h(
    'main',
    { class: 'signin' },
    h(
      'section',
      { class: 'card signin-card', 'aria-labelledby': 'signin-title' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'brand-mark' }, icon(...ICONS.phone)),
        h('h1', { id: 'signin-title' }, 'jingle-bridge'),
      ),
      h('p', { class: 'hint' }, 'Call your XMPP contacts with audio and video, right in the browser.'),
      form,
    ),
  );
  queueMicrotask(() => (opts.address ? password : address).focus());
  return screen;
}
