// XEP-0156 §3: find the WebSocket endpoint (RFC 7395 §4) of a domain from
// https://<domain>/.well-known/host-meta (XRD, RFC 6415) or host-meta.json (JRD).
import { NS_XRD } from '../../jingle/ns.js';
import { parse } from 'ltx';
import { ClientError } from '../errors.js';

export const REL_WEBSOCKET = 'urn:xmpp:alt-connections:websocket';

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** WebSocket hrefs in document order, from an XRD document. Anything unparsable gives []. */
export function parseHostMetaXml(text: string): string[] {
  try {
    const root = parse(text);
    if (root.name !== 'XRD' || root.getNS() !== NS_XRD) return [];
    return root
      .getChildren('Link', NS_XRD)
      .filter((l) => l.attrs['rel'] === REL_WEBSOCKET && typeof l.attrs['href'] === 'string')
      .map((l) => String(l.attrs['href']));
  } catch {
    return [];
  }
}

/** Same, from a JRD (`{"links":[{"rel":…,"href":…}]}`). */
export function parseHostMetaJson(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const links = (doc as { links?: unknown } | null)?.links;
  if (!Array.isArray(links)) return [];
  return links.flatMap((l: unknown) => {
    const { rel, href } = (l ?? {}) as { rel?: unknown; href?: unknown };
    return rel === REL_WEBSOCKET && typeof href === 'string' ? [href] : [];
  });
}

/** Only ws(s) URLs; wss first because a page served over https cannot open ws:// anyway. */
export function pickWebSocket(hrefs: readonly string[]): string | undefined {
  const ws = hrefs.filter((h) => /^wss?:\/\//i.test(h));
  return ws.find((h) => /^wss:/i.test(h)) ?? ws[0];
}

export async function discoverWebSocket(domain: string, fetchFn: FetchLike): Promise<string> {
  const attempts: Array<[string, (t: string) => string[]]> = [
    [`https://${domain}/.well-known/host-meta`, parseHostMetaXml],
    [`https://${domain}/.well-known/host-meta.json`, parseHostMetaJson],
  ];
  const problems: string[] = [];
  for (const [url, parseFn] of attempts) {
    try {
      const response = await fetchFn(url);
      if (!response.ok) {
        problems.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      const found = pickWebSocket(parseFn(await response.text()));
      if (found) return found;
      problems.push(`${url}: no ${REL_WEBSOCKET} link`);
    } catch (error) {
      problems.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new ClientError('host-meta', `no WebSocket endpoint for ${domain} (${problems.join('; ')})`);
}
