/**
 * Link cards from a page's Open Graph tags, fetched within strict bounds: http(s) only, one time limit for
 * everything, at most `maxBytes` read, few redirects. A card is optional work: every failure is "no card".
 * Used for Bluesky's `app.bsky.embed.external` (platforms.md §2 "Link previews",
 * {@link https://docs.bsky.app/docs/advanced-guides/posts#website-card-embeds}) and LinkedIn articles.
 *
 * A notice's link is untrusted: a CI runner must never fetch a cloud metadata address, a loopback service
 * or the office network on its behalf. Every host, also after each redirect, is resolved first, and an
 * address that is not global unicast (loopback, link-local, private, unique-local, CGNAT, multicast,
 * unspecified, reserved; IPv4-mapped IPv6 as the IPv4 address it maps) is refused; the connection is
 * made to the address that was checked (the check is the connection's DNS lookup), so a second answer
 * of the name server cannot lead it elsewhere. Hosts named in the config's `allow_hosts` are exempt
 * (an intranet page, test servers).
 */
import type { LookupAddress } from "node:dns";
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import { Parser } from "htmlparser2";

/** What a page says about itself ({@link https://ogp.me/}). */
export interface LinkCard {
  title: string;
  description: string;
  /** Absolute http(s) URL of `og:image`. */
  imageUrl?: string;
}

export interface BoundedFetchOptions {
  /** Time for all requests and reading, in milliseconds. */
  timeoutMs: number;
  /** Most bytes of the body that are read; the rest is never downloaded. */
  maxBytes?: number;
  signal?: AbortSignal;
  /**
   * Replaces the request (tests, proxies). The address check then happens before each request, by a
   * lookup of its own: it cannot pin the address the replacement connects to.
   */
  fetch?: typeof globalThis.fetch;
  maxRedirects?: number;
  /** Host names that may be fetched although they resolve to a non-public address (config `allow_hosts`). */
  allowHosts?: readonly string[];
}

/** `url` is the URL after redirects; `truncated`: the body was longer than `maxBytes`, `body` is its start. */
export interface BoundedResponse {
  url: string;
  contentType: string;
  body: Buffer;
  truncated: boolean;
}

/** Most HTML read for a card: Open Graph tags live in `<head>`. */
export const MAX_PAGE_BYTES = 1_000_000;
/** Largest `og:image` downloaded. */
export const MAX_IMAGE_BYTES = 5_000_000;
const USER_AGENT = "announce (link card; +https://ogp.me/)";

/**
 * GET an http(s) URL within the bounds of `options`. Throws on a refused scheme or address, too many
 * redirects, an HTTP error status, a timeout or a network failure.
 */
export async function fetchBounded(url: string, options: BoundedFetchOptions & { accept: string }): Promise<BoundedResponse> {
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  const headers = { accept: options.accept, "user-agent": USER_AGENT };
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new Error(`refusing a ${current.protocol} URL`);
    const allowed = isAllowedHost(current.hostname, options.allowHosts);
    const response = options.fetch ? await requestWithFetch(options.fetch, current, headers, signal, allowed) : await requestPinned(current, headers, signal, allowed);
    const location = response.status >= 300 && response.status < 400 ? response.header("location") : undefined;
    if (!location && (response.status < 200 || response.status > 299)) {
      response.discard();
      throw new Error(`HTTP ${response.status}`);
    }
    if (!location) return { url: current.href, contentType: response.header("content-type") ?? "", ...(await response.read(options.maxBytes ?? MAX_PAGE_BYTES)) };
    response.discard();
    if (hop >= (options.maxRedirects ?? 5)) throw new Error("too many redirects");
    current = new URL(location, current);
  }
}

/** One answer: its status, its headers, and its body read up to a bound (or discarded). */
interface Answer {
  status: number;
  header(name: string): string | undefined;
  read(maxBytes: number): Promise<{ body: Buffer; truncated: boolean }>;
  discard(): void;
}

/** Whether a host is in the config's `allow_hosts` (names without case; IPv6 with or without brackets). */
function isAllowedHost(hostname: string, allowHosts: readonly string[] | undefined): boolean {
  const bare = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  return (allowHosts ?? []).some((host) => bare(host) === bare(hostname));
}

/**
 * Why an address may not be fetched on a notice's behalf, or undefined for a global unicast address.
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are judged as the IPv4 address they map.
 */
export function refusedRange(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return "unparseable";
  }
  const range = parsed.range();
  return range === "unicast" ? undefined : range;
}

/** The error of a refused address; its message says which host, which address and which range. */
function refused(hostname: string, address: string, range: string): Error {
  return Object.assign(new Error(`refusing ${hostname}: it resolves to ${address}, a ${range} address (not fetched on behalf of a notice; allow_hosts in the config exempts a host)`), { code: "EADDRREFUSED" });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup for the request that refuses non-public addresses: the connection then goes to the
 * address that was checked. Answers in both forms Node asks for (one address, or all of them).
 */
function guardedLookup(dns: typeof import("node:dns"), allowed: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dns.lookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = allowed ? undefined : addresses.map((a) => ({ ...a, range: refusedRange(a.address) })).find((a) => a.range);
      if (bad) return callback(refused(hostname, bad.address, bad.range!), []);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** A request with node:http(s), whose lookup is the guard (an IP literal is checked here, since it is not looked up). */
async function requestPinned(url: URL, headers: Record<string, string>, signal: AbortSignal, allowed: boolean): Promise<Answer> {
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!allowed && ipaddr.isValid(literal)) {
    const range = refusedRange(literal);
    if (range) throw refused(url.hostname, literal, range);
  }
  const [http, https, dns] = await Promise.all([import("node:http"), import("node:https"), import("node:dns")]);
  const request = (url.protocol === "https:" ? https : http).request;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: "GET", headers, signal, agent: false, lookup: guardedLookup(dns, allowed) as never }, resolve);
    req.on("error", reject);
    req.end();
  });
  return {
    status: response.statusCode ?? 0,
    header: (name) => {
      const value = response.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    read: (maxBytes) => readAtMost(response, maxBytes, () => response.destroy()),
    discard: () => response.destroy(),
  };
}

/** A request through a replacement fetch, after checking every address of the host. */
async function requestWithFetch(fetchFn: typeof globalThis.fetch, url: URL, headers: Record<string, string>, signal: AbortSignal, allowed: boolean): Promise<Answer> {
  if (!allowed) {
    const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const dns = await import("node:dns");
    const addresses = ipaddr.isValid(literal) ? [literal] : (await dns.promises.lookup(url.hostname, { all: true })).map((a) => a.address);
    for (const address of addresses) {
      const range = refusedRange(address);
      if (range) throw refused(url.hostname, address, range);
    }
  }
  const response = await fetchFn(url, { redirect: "manual", signal, headers });
  const body = response.body;
  return {
    status: response.status,
    header: (name) => response.headers.get(name) ?? undefined,
    read: (maxBytes) => (body ? readAtMost(body, maxBytes, () => void body.cancel().catch(() => undefined)) : Promise.resolve({ body: Buffer.alloc(0), truncated: false })),
    discard: () => void body?.cancel().catch(() => undefined),
  };
}

async function readAtMost(stream: AsyncIterable<Uint8Array>, maxBytes: number, stop: () => void): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const value of stream) {
    chunks.push(value);
    size += value.byteLength;
    if (size > maxBytes) {
      stop(); // stop downloading: the rest is not needed (or the file is too big)
      return { body: Buffer.concat(chunks).subarray(0, maxBytes), truncated: true };
    }
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/**
 * The card of an http(s) page, or undefined when it cannot be read in time, is not HTML, or says nothing.
 * Never throws.
 */
export async function fetchLinkCard(url: string, options: BoundedFetchOptions): Promise<LinkCard | undefined> {
  const read = await readLinkCard(url, options);
  return "card" in read ? read.card : undefined;
}

/**
 * Why there is no card for a page: its address is refused (a private network, another scheme), it
 * answered with an error status, it is not a web page, it has no title or description, it did not answer
 * in time, or it could not be reached.
 */
export type NoLinkCard = { why: "refused" | "status" | "not-html" | "no-metadata" | "timeout" | "unreachable"; detail?: string };

/** {@link fetchLinkCard}, saying why when there is no card. */
export async function readLinkCard(url: string, options: BoundedFetchOptions): Promise<{ card: LinkCard } | NoLinkCard> {
  let page: BoundedResponse;
  try {
    page = await fetchBounded(url, { maxBytes: MAX_PAGE_BYTES, ...options, accept: "text/html,application/xhtml+xml;q=0.9" });
  } catch (error) {
    const { name, message, code, cause } = error as Error & { code?: string; cause?: { code?: string; message?: string } };
    if (code === "ERR_INVALID_URL" || message.startsWith("refusing a ")) return { why: "refused", detail: "scheme" };
    if (code === "EADDRREFUSED" || cause?.code === "EADDRREFUSED") return { why: "refused", detail: "address" };
    if (/^HTTP \d+$/.test(message)) return { why: "status", detail: message.slice(5) };
    if (name === "TimeoutError" || name === "AbortError") return { why: "timeout" };
    return { why: "unreachable", detail: cause?.message ?? message };
  }
  if (!/^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i.test(page.contentType)) return { why: "not-html", detail: page.contentType || undefined };
  const card = parseOpenGraph(decodeHtml(page.body, page.contentType), page.url);
  return card ? { card } : { why: "no-metadata" };
}

/** Reads `og:*` tags (falling back to `twitter:*`, `<title>` and `<meta name=description>`) from HTML. */
export function parseOpenGraph(html: string, pageUrl: string): LinkCard | undefined {
  const meta = new Map<string, string>();
  let title: string | undefined;
  let inTitle = false;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === "title" && title === undefined) inTitle = true;
      const key = (attributes.property ?? attributes.name ?? "").toLowerCase();
      if (name === "meta" && key && attributes.content !== undefined && !meta.has(key)) meta.set(key, attributes.content);
    },
    ontext(text) {
      if (inTitle) title = (title ?? "") + text;
    },
    onclosetag(name) {
      if (name === "title") inTitle = false;
    },
  });
  parser.end(html);
  const pick = (...keys: string[]) => keys.map((key) => clean(meta.get(key))).find((value) => value !== "");
  const card: LinkCard = {
    title: pick("og:title", "twitter:title") ?? clean(title),
    description: pick("og:description", "twitter:description", "description") ?? "",
  };
  const image = absoluteHttpUrl(pick("og:image", "og:image:url", "og:image:secure_url", "twitter:image"), pageUrl);
  if (image) card.imageUrl = image;
  return card.title || card.description ? card : undefined;
}

const clean = (text: string | undefined, max = 1000) => [...(text ?? "").replace(/\s+/g, " ").trim()].slice(0, max).join("");

function absoluteHttpUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes with the charset of the Content-Type header, else of a `<meta charset>` near the start, else UTF-8. */
function decodeHtml(body: Buffer, contentType: string): string {
  const declared = /charset=["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w.:-]+)/i.exec(body.subarray(0, 2048).toString("latin1"))?.[1];
  try {
    return new TextDecoder(declared ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}
