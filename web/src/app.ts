// The app: loads /config.json, shows sign-in, and once online builds the signed-in screen from the
// client's events. Everything shown comes from the client; nothing is kept but what config.ts says.
import { createClient } from '../../src/client/index.js';
import type { Client } from '../../src/client/index.js';
import { fullAddress, loadConfig, recall, remember } from './config.js';
import { exposeDebug } from './debug.js';
import { replace } from './dom.js';
import { displayName } from './names.js';
import type { Naming } from './names.js';
import { trackNicks } from './nicks.js';
import { createPhone } from './phone.js';
import type { Phone } from './phone.js';
import { contactsCard } from './screens/contacts.js';
import { historyCard } from './screens/history.js';
import { linkCard } from './screens/link-card.js';
import { requestsCard } from './screens/requests.js';
import { settingsCard } from './screens/settings.js';
import { devicesSection } from './devices/devices-section.js';
import { withChosenDevices } from './devices/preferences.js';
import { shell } from './screens/shell.js';
import { OFFLINE_NOTE_ID, signInScreen } from './screens/signin.js';
import type { SignInValues } from './screens/signin.js';
import { connectionBanner, signInError } from './words.js';

export async function startApp(root: HTMLElement): Promise<void> {
  let screen: 'loading' | 'sign-in' | 'main' = 'loading';
  let phone: Phone | undefined;
  let signedIn: Client | undefined;
  const banners: string[] = [];
  exposeDebug({
    screen: () => screen,
    ringing: () => phone?.ringing ?? false,
    connection: () => signedIn?.state,
    banners: () => [...banners],
    callState: () => phone?.current?.state,
    lastEnd: () => phone?.lastEnd,
    stats: async () =>
      phone?.current && phone.current.state !== 'ended' ? phone.current.stats() : undefined,
  });
  let config = await loadConfig();
  // Opened from the service worker's cache without a network: once it is back, fetch the config
  // again and drop the "No connection" note (the form and what was typed stay).
  window.addEventListener('online', () => {
    if (config.reachable) return;
    void loadConfig().then((c) => {
      if (!c.reachable) return;
      config = c;
      document.getElementById(OFFLINE_NOTE_ID)?.remove();
    });
  });

  function showSignIn(notice?: string): void {
    screen = 'sign-in';
    document.title = 'Sign in · jingle-bridge';
    const saved = recall(config);
    const offline = !config.reachable || !navigator.onLine;
    replace(root, signInScreen({ ...saved, ...(notice ? { notice } : {}), offline, submit: signIn }));
  }

  async function signIn(values: SignInValues): Promise<string | undefined> {
    const jid = fullAddress(values.address, config);
    let client: Client;
    try {
      client = createClient({
        jid,
        password: values.password,
        ...(values.server ? { service: values.server } : {}),
        // The served cluster's other endpoints, unless the user typed a server of their own.
        ...(values.server === config.service && config.services ? { services: config.services } : {}),
        resource: `web-${Math.random().toString(36).slice(2, 8)}`,
        calls: {
          // Call waiting: a second call rings instead of getting busy at once (phone.ts).
          busyWhileInCall: false,
          // The camera and microphone chosen in Settings (docs/web-app.md "Devices").
          getUserMedia: (c) => navigator.mediaDevices.getUserMedia(withChosenDevices(c)),
          // Guests of our own bridge can only call the owner of a signed link they were given.
          ...(config.componentDomain ? { trustedDomains: [config.componentDomain] } : {}),
        },
      });
    } catch (e) {
      return signInError(e, values.server);
    }
    try {
      await client.start();
    } catch (e) {
      await client.stop().catch(() => undefined);
      return signInError(e, values.server);
    }
    remember(config, { address: values.address, server: values.server });
    showMain(client, jid);
    return undefined;
  }

  function showMain(client: Client, jid: string): void {
    signedIn = client;
    banners.length = 0;
    screen = 'main';
    const bare = jid.split('/')[0] ?? jid;
    document.title = `${bare} · jingle-bridge`;
    const offs: Array<() => void> = [];
    const signOut = async (notice?: string) => {
      for (const off of offs.splice(0)) off();
      nicks.stop();
      phone?.stop();
      phone = undefined;
      signedIn = undefined;
      await client.stop().catch(() => undefined);
      showSignIn(notice);
    };
    const ui = shell(client, bare, () => void signOut());
    const naming: Naming = {
      componentDomain: config.componentDomain ?? `bridge.${bare.split('@')[1] ?? ''}`,
      rosterName: (b) => client.roster.list().find((i) => i.jid === b)?.name,
    };
    const nicks = trackNicks(client);
    phone = createPhone(client, naming, nicks, ui.layer, ui.announce, ui.alert);
    const p = phone;
    const contacts = contactsCard(client, (to, video) => p.place(to, video));
    const requests = requestsCard(client, ui.announce);
    const history = historyCard((peer) => displayName(peer, naming, nicks.of(peer)));
    ui.side.append(contacts.el, requests.el);
    ui.aside.append(
      history.el,
      linkCard(client, naming.componentDomain ?? '', ui.announce),
      settingsCard([devicesSection()]),
    );
    history.render(client.calls.history);

    offs.push(
      client.on('roster', () => contacts.render()),
      client.on('presence', () => contacts.render()),
      client.on('subscription', (e) => requests.onSubscription(e)),
      client.on('call-history', () => history.render(client.calls.history)),
      client.on('state', (state) => {
        const text = connectionBanner(state);
        if (text !== (banners.at(-1) ?? '')) banners.push(text);
        ui.setBanner(text);
        // Reconnecting gave up (or the account was refused): back to sign-in, saying why.
        if (state === 'failed') void signOut(text);
        if (state === 'online') contacts.render();
      }),
    );
    // Leaving the page (close, reload, navigation) hangs up and signs out: the client says
    // `unavailable` and closes the stream (docs/client.md), so contacts see us go now, not when the
    // server's XEP-0198 hibernation of this session expires minutes later (issue #11 defect 3).
    // `pagehide` rather than `unload` or `beforeunload`: those two keep a page out of the back/forward
    // cache (and `beforeunload` is not fired on mobile); `pagehide` is fired in every case. A page that
    // enters the cache anyway (`persisted`) comes back at the sign-in screen, as after "Sign out".
    const onHide = () => void signOut();
    window.addEventListener('pagehide', onHide);
    offs.push(() => window.removeEventListener('pagehide', onHide));
    replace(root, ui.el);
    contacts.render();
  }

  showSignIn();
}
