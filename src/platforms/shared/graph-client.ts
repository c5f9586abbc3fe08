/**
 * What the Facebook Page, Instagram and Threads publishers share (platforms.md §3, §4, §6, §7.3): the
 * pinned API version, requests with plain `fetch`, calls through facebook-nodejs-business-sdk (Facebook and
 * Instagram), token introspection, and the reading of Meta's error envelope, which graph.threads.net uses too
 * ({@link https://developers.facebook.com/docs/graph-api/guides/error-handling | Graph error handling},
 * {@link https://developers.facebook.com/docs/graph-api/overview/rate-limiting | rate limiting}).
 *
 * The access token never appears in an error: `fetch` requests carry it in the Authorization header; SDK
 * errors (whose URL holds it as `?access_token=`) are reduced to status, Graph error and headers; and every
 * text from the server is scrubbed of it.
 */
import { explain, type Explained, type TokenOf } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { PublishError, type FailureKind } from "../../problems.js";
import type { FacebookAdsApi } from "facebook-nodejs-business-sdk";
import { httpFailure, networkFailure, retryAfterMs } from "./failure.js";
import { pageBack } from "./find.js";
import { poll, type Polling } from "./poll.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, parseJson, requestSignal, untilAborted } from "./request.js";

/** The Graph API version of every request: the same as facebook-nodejs-business-sdk 24's `FacebookAdsApi.VERSION`. */
export const GRAPH_VERSION = "v24.0";

/** The SDK module, loaded by {@link GraphClient.loadSdk} on a Meta channel's first use. */
type Sdk = typeof import("facebook-nodejs-business-sdk");
type Params = Record<string, unknown>;
type HeaderReader = { get(name: string): string | null };

/** The `error` object of Graph's error envelope. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** What `debug_token` says about the token, for {@link Connection}. */
export interface TokenInfo {
  tokenExpiresAt?: Date;
  scopes?: string[];
  warnings: string[];
}

/** What a `debug_token` answer's `data` holds (Graph and Threads alike). */
export interface DebugTokenData {
  expires_at?: number;
  is_valid?: boolean;
  scopes?: string[];
}

/**
 * Turns a `debug_token` answer into {@link TokenInfo}: an invalid token is a permanent AUTH_INVALID, a
 * known scope list without one of `required` a permanent PERMISSION_DENIED. `expires_at` 0 means never.
 */
export function readDebugToken(data: DebugTokenData | undefined, label: string, required: readonly string[], tokenOf: TokenOf): TokenInfo {
  if (data?.is_valid === false) throw new PublishError({ kind: "permanent", ...explain("AUTH_INVALID", { via: "debug_token", platform: label, tokenOf }) });
  const scopes = Array.isArray(data?.scopes) ? data.scopes : undefined;
  const missing = scopes ? required.filter((scope) => !scopes.includes(scope)) : [];
  if (missing.length > 0) {
    throw new PublishError({ kind: "permanent", ...explain("PERMISSION_DENIED", { via: "debug_token", platform: label, missing, required }) });
  }
  // The warning about an expiry that is near is the pipeline's (publish/token-expiry.ts).
  return { tokenExpiresAt: data?.expires_at ? new Date(data.expires_at * 1000) : undefined, scopes, warnings: [] };
}

/** Throttling codes: the request was refused, so it is always safe to repeat. */
const THROTTLED = new Set([4, 17, 32, 341, 613, 80001]);
/** Instagram subcodes for media that Meta could download but will not take (IG error-code table). */
const MEDIA_REJECTED = new Set([2207004, 2207005, 2207009, 2207052]);
/**
 * Instagram subcodes whose recommended solution is "try again", sent without `is_transient` (IG error-code
 * table): 2207001 server error, 2207003 media download timeout, 2207032 container creation failed.
 */
const IG_RETRYABLE = new Set([2207001, 2207003, 2207032]);
/** Instagram: code 4 with this subcode is activity restricted as suspected spam, not throttling (IG error-code table). */
const IG_RESTRICTED = 2207051;

/** What differs between Meta's APIs (graph.facebook.com, graph.threads.net). */
export interface GraphApiOptions {
  /** The path's version segment; default {@link GRAPH_VERSION}. Threads: "v1.0". */
  version?: string;
  /** Whose advice on a rejected or expired token applies; default Meta's. */
  tokenOf?: TokenOf;
  /** Whether publishing also needs a role on a Facebook Page (Facebook, Instagram), said with a missing permission. */
  pageRole?: boolean;
  /** How long each request may take; default {@link DEFAULT_REQUEST_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** One channel's connection to Graph: base URL from `api_url`, its token, and the permissions publishing needs. */
export class GraphClient {
  private readonly base: string;
  private readonly version: string;
  private readonly tokenOf: TokenOf;
  private readonly pageRole: boolean;
  private readonly timeoutMs: number;
  private loaded?: { sdk: Sdk; api: FacebookAdsApi };

  constructor(
    /** "Facebook", "Instagram": starts every message. */
    readonly label: string,
    apiUrl: string,
    private readonly token: string,
    /** Named when Graph refuses for a missing permission without saying which. */
    private readonly permissions: readonly string[],
    options: GraphApiOptions = {},
  ) {
    this.base = apiUrl.replace(/\/+$/, "");
    this.version = options.version ?? GRAPH_VERSION;
    this.tokenOf = options.tokenOf ?? "meta";
    this.pageRole = options.pageRole ?? true;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /**
   * Loads the SDK on first use (a chunk of its own in dist/, scripts/build.mjs), with its crash reporter off
   * (it would install an uncaughtException hook).
   */
  async loadSdk(): Promise<void> {
    if (this.loaded) return;
    const module = await import("facebook-nodejs-business-sdk");
    // The SDK is CommonJS: its exports are the module's default export wherever it is loaded from (Node's
    // import() of the package, and the bundled chunk, which has no named exports).
    const sdk = ((module as { default?: Sdk }).default ?? module) as Sdk;
    this.loaded = { sdk, api: new sdk.FacebookAdsApi(this.token, "en_US", false) };
  }

  get<T>(path: string, params: Params, signal: AbortSignal): Promise<T> {
    return this.request("GET", path, params, { signal });
  }

  /** POST with urlencoded parameters, or multipart when given FormData. `create`: the request publishes something. */
  post<T>(path: string, params: Params | FormData, options: { signal: AbortSignal; create?: boolean }): Promise<T> {
    return this.request("POST", path, params, options);
  }

  delete<T>(path: string, signal: AbortSignal): Promise<T> {
    return this.request("DELETE", path, {}, { signal });
  }

  /**
   * Runs an SDK call against this channel's `api_url` and {@link GRAPH_VERSION}. The SDK reads both from static
   * getters of `FacebookAdsApi` (process-global) while it builds the request, synchronously; so they are
   * overridden only around that synchronous part and restored at once, and channels with different
   * `api_url`s can run side by side. axios takes no AbortSignal here: a timeout or abort stops waiting.
   */
  async sdk<T>(run: (sdk: Sdk, api: FacebookAdsApi) => Promise<T>, options: { signal: AbortSignal; create?: boolean }): Promise<T> {
    if (!this.loaded) throw new Error("GraphClient.loadSdk() was not called");
    const { sdk, api } = this.loaded;
    const Api = sdk.FacebookAdsApi;
    const saved = (["GRAPH", "VERSION"] as const).map((name) => [name, Object.getOwnPropertyDescriptor(Api, name)!] as const);
    let pending: Promise<T>;
    try {
      Object.defineProperty(Api, "GRAPH", { get: () => this.base, configurable: true });
      Object.defineProperty(Api, "VERSION", { get: () => this.version, configurable: true });
      pending = run(sdk, api);
    } finally {
      for (const [name, descriptor] of saved) Object.defineProperty(Api, name, descriptor);
    }
    try {
      return await untilAborted(pending, requestSignal(options.signal, this.timeoutMs));
    } catch (error) {
      throw this.sdkFailure(error, options.create ?? false);
    }
  }

  /**
   * Reads the token's expiry and scopes with `debug_token`
   * ({@link https://developers.facebook.com/docs/graph-api/reference/debug_token}). Not knowing them is only a
   * warning; a known scope list without one of `required` is a permanent PERMISSION_DENIED.
   */
  async inspectToken(required: readonly string[], signal: AbortSignal): Promise<TokenInfo> {
    let data: DebugTokenData | undefined;
    try {
      ({ data } = await this.get<{ data?: DebugTokenData }>("debug_token", { input_token: this.token }, signal));
    } catch (error) {
      if (signal.aborted || (error instanceof PublishError && error.kind !== "permanent")) throw error;
      return { warnings: [ui().notes.graphExpiryUnknown(this.label, (error as Error).message)] };
    }
    return readDebugToken(data, this.label, required, this.tokenOf);
  }

  /** Reads a Graph error answer (platforms.md §3 "Errors and rate limits", §4 "Errors"). */
  failure(status: number, body: GraphErrorBody | undefined, headers: HeaderReader | undefined, create = false): PublishError {
    const label = this.label;
    const code = body?.code;
    const subcode = body?.error_subcode;
    const platformMessage = body?.message ? this.scrub(body.message) : undefined;
    const userHint = body?.error_user_msg ? this.scrub([body.error_user_title, body.error_user_msg].filter(Boolean).join(": ")) : undefined;
    const fail = (kind: FailureKind, text: Explained, retryAfter?: number) => new PublishError({ kind, ...text, status, platformMessage, retryAfterMs: retryAfter });

    // 102/104: an old session or a missing token (Threads); a bare 401 from a proxy says the same.
    if (code === 190 || code === 102 || code === 104 || (code === undefined && status === 401)) {
      const expired = subcode === 463;
      const which = code === undefined ? "401" : `${code}${subcode ? `/${subcode}` : ""}`;
      const answer = { platform: label, code: which, platformMessage, tokenOf: this.tokenOf };
      return fail("permanent", expired ? explain("TOKEN_EXPIRED", answer) : explain("AUTH_INVALID", { via: "answer", ...answer }));
    }
    if (code === undefined) return httpFailure(label, status, platformMessage, headers, { create });
    const codes = `${code}${subcode ? `/${subcode}` : ""}`;
    if (code === 10 || (code >= 200 && code <= 299)) {
      const named = platformMessage?.match(/\b(?:pages|instagram|business|publish|read|threads)_[a-z_]+/g);
      const needed = named ? [...new Set(named)] : this.permissions;
      return fail("permanent", explain("PERMISSION_DENIED", { via: "answer", platform: label, code, platformMessage, needed, pageRole: this.pageRole }));
    }
    // Threads: more than 5 distinct links in one post.
    if (/LINK_LIMIT_EXCEEDED/.test(`${platformMessage ?? ""} ${userHint ?? ""}`)) {
      return fail("permanent", explain("LINK_LIMIT_EXCEEDED", { platform: label, platformMessage }));
    }
    if (code === 368) {
      return fail("permanent", explain("POLICY_BLOCKED", { via: "violation", platform: label, code, platformMessage }));
    }
    if (code === 506) {
      return fail("unknown", explain("DUPLICATE", { platform: label, platformMessage }));
    }
    if (code === 9 || subcode === 2207042) {
      return fail("permanent", explain("QUOTA_EXHAUSTED", { via: "answer", platform: label, code: codes, platformMessage }));
    }
    if (code === 9007 || subcode === 2207027) {
      return fail("transient", explain("NOT_READY", { platform: label, code, platformMessage, userHint }));
    }
    if (subcode === IG_RESTRICTED) {
      return fail("permanent", explain("POLICY_BLOCKED", { via: "spam", platform: label, code: codes, platformMessage }));
    }
    if (THROTTLED.has(code) || status === 429) {
      const wait = retryAfterMs(headers);
      return fail("transient", explain("RATE_LIMITED", { platform: label, code, platformMessage }), wait);
    }
    if (code === 100 && subcode === 33) return fail("permanent", explain("NOT_FOUND", { platform: label, platformMessage, userHint }));
    if (subcode !== undefined && MEDIA_REJECTED.has(subcode)) {
      return fail("permanent", explain("MEDIA_REJECTED", { via: "answer", platform: label, code: codes, platformMessage, userHint }));
    }
    if (code === 1 || code === 2 || body?.is_transient || (subcode !== undefined && IG_RETRYABLE.has(subcode)) || status >= 500) {
      // A server error on a request that publishes may have published: the pipeline reconciles first.
      return fail(create ? "unknown" : "transient", explain("SERVER_ERROR", { via: "answer", platform: label, code: codes, platformMessage }), retryAfterMs(headers));
    }
    return fail("permanent", explain("REJECTED", { platform: label, code: codes, platformMessage, userHint }));
  }

  private async request<T>(method: string, path: string, params: Params | FormData, options: { signal: AbortSignal; create?: boolean }): Promise<T> {
    const url = new URL(`${this.base}/${this.version}/${path}`);
    let body: FormData | URLSearchParams | undefined;
    if (params instanceof FormData) body = params;
    else {
      const encoded = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)]);
      if (method === "POST") body = new URLSearchParams(encoded);
      else for (const [k, v] of encoded) url.searchParams.set(k!, v!);
    }
    const create = options.create ?? false;
    let response: Response;
    let text: string;
    try {
      const signal = requestSignal(options.signal, this.timeoutMs);
      response = await fetch(url, { method, body, signal, headers: { authorization: `Bearer ${this.token}` } });
      text = await response.text();
    } catch (error) {
      throw networkFailure(this.label, this.scrubbed(error), { create });
    }
    const json = parseJson(text) as { error?: GraphErrorBody } | undefined;
    if (!response.ok) throw this.failure(response.status, typeof json?.error === "object" ? json.error : undefined, response.headers, create);
    if (json === undefined) {
      throw new PublishError({ kind: create ? "unknown" : "transient", ...explain("UNEXPECTED_RESPONSE", { via: "graph", platform: this.label, status: response.status }), status: response.status });
    }
    return json as T;
  }

  /** FacebookRequestError (not exported by the SDK): `.status` (null without an answer), `.response` (the Graph error), `.headers`. */
  private sdkFailure(error: unknown, create: boolean): PublishError {
    const e = error as { name?: string; status?: number | null; response?: unknown; headers?: unknown; message?: string };
    if (e?.name === "FacebookRequestError" && e.status) {
      const body = e.response && typeof e.response === "object" ? (e.response as GraphErrorBody) : undefined;
      return this.failure(e.status, body, axiosHeaders(e.headers), create);
    }
    return networkFailure(this.label, this.scrubbed(error), { create });
  }

  /** A copy of a network error with only what networkFailure reads, the token scrubbed (SDK errors carry the URL). */
  private scrubbed(error: unknown): unknown {
    const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
    return { name: e?.name, code: e?.code, message: this.scrub(e?.message ?? ""), cause: e?.cause && { code: e.cause.code, message: this.scrub(e.cause.message ?? "") } };
  }

  private scrub(text: string): string {
    return this.token ? text.split(this.token).join("[token]") : text;
  }
}

/** A Graph edge's answer with cursor paging ({@link https://developers.facebook.com/docs/graph-api/results | paginated results}). */
interface GraphListing<Item> {
  data?: Item[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

/**
 * Reads a Graph edge (newest first: a Page's posts, Instagram media, Threads posts) back with {@link pageBack}.
 * There is a next page only while Graph sends `paging.next` ("if not included, this is the last page"; a
 * page may be empty and still have one). It is asked for by this client (its base URL, token header,
 * timeout and the run's signal) with the parameters of that link, which carry the `after` cursor (or a
 * time, on time-paged edges); the link itself is never requested, nor its `access_token` used.
 */
export function pageBackGraph<Item>(
  graph: GraphClient,
  path: string,
  params: Record<string, unknown>,
  options: { since: Date; signal: AbortSignal; maxPages: number; created: (item: Item) => string | undefined; matches: (item: Item) => boolean },
): Promise<Item | undefined> {
  return pageBack<Item, Record<string, unknown>>({
    label: graph.label,
    since: options.since,
    maxPages: options.maxPages,
    created: options.created,
    matches: options.matches,
    page: async (query) => {
      const listing = await graph.get<GraphListing<Item>>(path, query ?? params, options.signal);
      const { next, cursors } = listing.paging ?? {};
      return { items: listing.data ?? [], next: next ? nextParams(params, next, cursors?.after) : undefined };
    },
  });
}

/** The parameters of a `paging.next` link, over the first request's; the cursor alone when it cannot be read. */
function nextParams(params: Record<string, unknown>, next: string, after: string | undefined): Record<string, unknown> {
  let linked: Record<string, string> = {};
  try {
    linked = Object.fromEntries(new URL(next).searchParams);
  } catch {
    // Not a URL: the cursor says where to go on.
  }
  const { access_token: _token, ...rest } = linked;
  return { ...params, ...(after ? { after } : {}), ...rest };
}

/**
 * Polls a media container (Instagram, Threads) until it is FINISHED: IN_PROGRESS waits; any other status
 * (ERROR, EXPIRED, PUBLISHED) fails for good with the platform's advice; still in progress after `totalMs`
 * is transient, and the pipeline's retry polls the same container again.
 */
export async function waitForContainer(
  label: "Instagram" | "Threads",
  container: string,
  read: () => Promise<{ status?: string; reason?: string }>,
  options: Polling & { signal: AbortSignal },
): Promise<void> {
  const step = async () => {
    const { status, reason } = await read();
    if (status === "FINISHED") return true as const;
    if (status === "IN_PROGRESS") return undefined;
    throw new PublishError({ kind: "permanent", ...explain("CONTAINER_FAILED", { platform: label, container, status, reason }), platformMessage: reason });
  };
  const timedOut = (waited: number) => new PublishError({ kind: "transient", ...explain("CONTAINER_TIMEOUT", { platform: label, container, waitedMs: waited }) });
  await poll(label, step, options, options.signal, timedOut);
}

/** axios' response headers (AxiosHeaders, or a plain object with lower-case names). */
function axiosHeaders(headers: unknown): HeaderReader | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const object = headers as Record<string, unknown> & { get?: (name: string) => unknown };
  return {
    get(name) {
      const value = typeof object.get === "function" ? object.get(name) : object[name.toLowerCase()];
      return value === undefined || value === null ? null : String(value);
    },
  };
}

