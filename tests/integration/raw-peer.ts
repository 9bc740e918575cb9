// A peer that puts exactly the bytes a test gives it on the wire (XMPP over WebSocket, RFC 7395),
// answers nothing by itself, and hands every stanza up as text: the stand-in for an independent app
// whose replies our client must survive (StanzaJS's condition-less errors, oversized requests).
import { parse, type Element } from 'ltx';
import { WebSocket } from 'ws';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

export interface RawPeer {
  /** The full JID Prosody bound. */
  jid: string;
  send(text: string): void;
  /** The first stanza from now on (or already received and not yet taken) that `test` accepts. */
  next(
    test: (el: Element, text: string) => boolean,
    timeoutMs?: number,
  ): Promise<{ el: Element; text: string }>;
  close(): void;
}

/** Logs in with SASL PLAIN (loopback only) and binds `resource`; sends no presence. */
export async function rawPeer(
  wsUrl: string,
  domain: string,
  user: string,
  password: string,
  resource: string,
): Promise<RawPeer> {
  const ws = new WebSocket(wsUrl, 'xmpp', { maxPayload: 1 << 20 });
  const inbox: Array<{ el: Element; text: string }> = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const text = String(data);
    inbox.push({ el: parse(text) as Element, text });
    for (const w of [...waiters]) w();
  });
  const next: RawPeer['next'] = (test, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => (waiters.delete(look), reject(new Error('raw peer: nothing matched in time'))),
        timeoutMs,
      );
      const look = () => {
        const i = inbox.findIndex((m) => test(m.el, m.text));
        if (i < 0) return;
        clearTimeout(timer);
        waiters.delete(look);
        resolve(inbox.splice(i, 1)[0] as { el: Element; text: string });
      };
      waiters.add(look);
      look();
    });
  const named =
    (...names: string[]) =>
    (el: Element) =>
      names.includes(el.name.replace(/^.*:/, ''));
  await new Promise<void>((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const open = `<open xmlns="${NS_FRAMING}" to="${domain}" version="1.0"/>`;
  ws.send(open);
  await next(named('features'));
  ws.send(
    `<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${Buffer.from(`\0${user}\0${password}`).toString('base64')}</auth>`,
  );
  if ((await next(named('success', 'failure'))).el.name !== 'success')
    throw new Error(`raw peer: ${user} refused`);
  ws.send(open);
  await next(named('features'));
  ws.send(
    `<iq type="set" id="bind" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>${resource}</resource></bind></iq>`,
  );
  const jid = (await next(named('iq'))).el.getChild('bind')?.getChildText('jid');
  if (!jid) throw new Error('raw peer: no JID bound');
  inbox.length = 0;
  return { jid, send: (text) => ws.send(text), next, close: () => ws.terminate() };
}
