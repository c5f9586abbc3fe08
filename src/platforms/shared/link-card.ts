/**
 * Link cards from a page's Open Graph tags, fetched within strict bounds: http(s) only, one time limit for
 * everything, at most `maxBytes` read, few redirects. A card is optional work: every failure is "no card".
 * Used for Bluesky's `app.bsky.embed.external` (platforms.md §2 "Link previews",
 * {@link https://docs.bsky.app/docs/advanced-guides/posts#website-card-embeds}) and LinkedIn articles.
 */
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
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
  maxRedirects?: number;
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
 * GET an http(s) URL within the bounds of `options`. Throws on a refused scheme, too many redirects, an
 * HTTP error status, a timeout or a network failure.
 */
export async function fetchBounded(url: string, options: BoundedFetchOptions & { accept: string }): Promise<BoundedResponse> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new Error(`refusing a ${current.protocol} URL`);
    const response = await fetchFn(current, { redirect: "manual", signal, headers: { accept: options.accept, "user-agent": USER_AGENT } });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (!location && !response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    if (!location) return { url: current.href, contentType: response.headers.get("content-type") ?? "", ...(await readAtMost(response, options.maxBytes ?? MAX_PAGE_BYTES)) };
    await response.body?.cancel();
    if (hop >= (options.maxRedirects ?? 5)) throw new Error("too many redirects");
    current = new URL(location, current);
  }
}

async function readAtMost(response: Response, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel(); // stop downloading: the rest is not needed (or the file is too big)
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
  try {
    const page = await fetchBounded(url, { maxBytes: MAX_PAGE_BYTES, ...options, accept: "text/html,application/xhtml+xml;q=0.9" });
    if (!/^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i.test(page.contentType)) return undefined;
    return parseOpenGraph(decodeHtml(page.body, page.contentType), page.url);
  } catch {
    return undefined;
  }
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
