/**
 * Publishing to Threads over graph.threads.net with plain `fetch` (platforms.md §6, §7.5): a container
 * (`POST /{user}/threads`), polled until FINISHED, then `POST /{user}/threads_publish`
 * ({@link https://developers.facebook.com/docs/threads/posts | Threads posts},
 * {@link https://developers.facebook.com/docs/threads/troubleshooting | container status}). Replies name the
 * previous post with `reply_to_id`. Threads fetches images from a public URL: they are written to `media_dir`,
 * which must be served at `media_base_url`, and that URL is checked before any container is made.
 *
 * Errors use Meta's Graph envelope (type THApiException); they are read here
 * ({@link https://developers.facebook.com/docs/graph-api/guides/error-handling | Graph error handling}).
 * The token goes in the Authorization header, never into a URL or a message.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { networkFailure, PublishError, retryAfterMs } from "../publish/errors.js";
import { hostImage } from "../publish/media-host.js";
import { readDebugToken, type DebugTokenData, type GraphErrorBody, type TokenInfo } from "./graph-client.js";
import type { Connection, PostToSend, Publisher, Receipt, UploadImage } from "./platform.js";
import { allInOrder, madeSince } from "./platform.js";
import type { ThreadsSettings } from "./threads.js";

const TIMEOUT_MS = 60_000;
/** Graph codes that are worth retrying (platforms.md §8.4). */
const THROTTLING = new Set([4, 17, 32, 341, 613, 80001]);
const TRANSIENT = new Set([1, 2, 9007, ...THROTTLING]);
const TOKEN_HINT = "Threads tokens last 60 days: refresh a long-lived token (at least 24 h old, not yet expired) with GET /refresh_access_token?grant_type=th_refresh_token, or create a new one, and update the environment variable (in CI: the secret).";

type Params = Record<string, string | undefined>;
/** An answer: status, headers and the JSON body, with Meta's error envelope `{"error": {…}}` when it failed. */
interface Answer {
  status: number;
  headers: Headers;
  json: { error?: GraphErrorBody } & Record<string, unknown>;
}
interface Listed {
  id: string;
  text?: string;
  timestamp?: string;
  permalink?: string;
  replied_to?: { id: string };
}

export interface ThreadsPublisherOptions {
  /** First wait between container status polls (doubling up to 30 s); default 500 ms. */
  pollMs?: number;
  /** Longest wait for a container to finish; default 5 minutes (Meta's advice). */
  maxWaitMs?: number;
}

/** A Threads publisher; options are for tests that should not wait long. */
export function createThreadsPublisher(options: ThreadsPublisherOptions = {}): Publisher<ThreadsSettings> {
  return { connect: (ctx) => connect(ctx.channel.settings, ctx.secrets.access_token ?? "", ctx.configDir, ctx.signal, options) };
}

/** The publisher the platform registry loads. */
export const threadsPublisher: Publisher<ThreadsSettings> = createThreadsPublisher();

async function connect(settings: ThreadsSettings, token: string, configDir: string, signal: AbortSignal, options: ThreadsPublisherOptions): Promise<Connection> {
  const base = `${settings.api_url.replace(/\/+$/, "")}/v1.0`;
  const user = settings.user_id;
  const { pollMs = 500, maxWaitMs = 300_000 } = options;

  const request = async (method: string, target: string, params: Params, requestSignal: AbortSignal, create = false): Promise<Answer> => {
    const url = new URL(`${base}/${target}`);
    const form = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    if (method !== "POST") url.search = form.toString();
    try {
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}` },
        body: method === "POST" ? form : undefined,
        signal: AbortSignal.any([requestSignal, AbortSignal.timeout(TIMEOUT_MS)]),
      });
      const json = (await response.json().catch(() => undefined)) as Answer["json"] | undefined;
      if (response.ok && (typeof json !== "object" || json === null)) {
        // Like GraphClient: a 2xx we cannot read may still have published (create), so the pipeline reconciles.
        throw new PublishError({ kind: create ? "unknown" : "transient", code: "UNEXPECTED_RESPONSE", status: response.status, message: `Threads sent an answer that is not JSON (${response.status}).` });
      }
      return { status: response.status, headers: response.headers, json: typeof json === "object" && json !== null ? json : {} };
    } catch (error) {
      if (error instanceof PublishError) throw error;
      throw networkFailure("Threads", error, { create });
    }
  };
  const call = async <T>(method: string, target: string, params: Params, requestSignal: AbortSignal, create = false): Promise<T> => {
    const answer = await request(method, target, params, requestSignal, create);
    if (answer.status >= 400 || answer.json.error) throw threadsFailure(answer.status, answer.headers, answer.json.error, create);
    return answer.json as T;
  };

  type Limits = { data?: { quota_usage?: number; config?: { quota_total: number; quota_duration: number }; reply_quota_usage?: number; reply_config?: { quota_total: number } }[] };
  /** The token's account, which must be the configured user (checked first: it explains the other failures). */
  const whoAmI = async (): Promise<string> => {
    const me = await call<{ id: string; username?: string }>("GET", "me", { fields: "id,username" }, signal);
    const name = me.username ? `@${me.username}` : me.id;
    if (me.id !== user) {
      throw new PublishError({ kind: "permanent", code: "ACCOUNT_MISMATCH", message: `The Threads token belongs to ${name} (id ${me.id}), not to the configured user_id ${user}.`, hint: "Set user_id to the id of the account the token was made for, or use that account's token." });
    }
    return name;
  };
  const [account, limits, tokenState] = await allInOrder([
    whoAmI(),
    call<Limits>("GET", `${user}/threads_publishing_limit`, { fields: "quota_usage,config,reply_quota_usage,reply_config" }, signal),
    tokenInfo(call, token, signal),
  ] as const);
  const row = limits.data?.[0];
  const warnings: string[] = [...tokenState.warnings];
  const quota = row?.config ? { used: row.quota_usage ?? 0, total: row.config.quota_total, window: `${Math.round(row.config.quota_duration / 3600)} h` } : undefined;
  if (row?.reply_config && (row.reply_quota_usage ?? 0) >= row.reply_config.quota_total) warnings.push(`${account} has used all ${row.reply_config.quota_total} replies per 24 h: a notice of several posts will stop after the first.`);

  /** Writes the images to media_dir and checks that media_base_url serves them (Threads downloads them from there). */
  const stage = async (images: UploadImage[], requestSignal: AbortSignal): Promise<{ url: string; alt: string }[]> => {
    if (images.length === 0) return [];
    const { media_base_url: mediaBase, media_dir: mediaDir } = settings;
    if (!mediaBase || !mediaDir) throw new PublishError({ kind: "permanent", code: "THREADS_MEDIA_URL_MISSING", message: "Threads fetches images from a public URL, and the channel has no media_base_url and media_dir.", hint: "Add media_base_url and media_dir to the channel in the config." });
    const staged = [];
    for (const image of images) {
      staged.push({ url: await hostImage(image, { platform: "Threads", mediaDir, baseUrl: mediaBase, configDir }, requestSignal), alt: image.alt });
    }
    return staged;
  };

  /** Polls a container until FINISHED, with backoff (platforms.md §6 "Hosts and flow"). */
  const finished = async (container: string, requestSignal: AbortSignal): Promise<void> => {
    const started = Date.now();
    for (let wait = pollMs; ; wait = Math.min(wait * 2, 30_000)) {
      const { status, error_message: reason } = await call<{ status?: string; error_message?: string }>("GET", container, { fields: "status,error_message" }, requestSignal);
      if (status === "FINISHED") return;
      if (status === "ERROR" || status === "EXPIRED" || status === "PUBLISHED") {
        const message = `Threads did not accept the post: its container ${container} is ${status}${reason ? ` (${reason})` : ""}.`;
        throw new PublishError({ kind: "permanent", code: "MEDIA_PROCESSING_FAILED", platformMessage: reason, message, hint: "Check the images and the text against Threads' rules (JPEG/PNG up to 8 MB, 500 characters, 5 links), then run the same command again." });
      }
      if (Date.now() - started + wait > maxWaitMs) {
        throw new PublishError({ kind: "transient", code: "MEDIA_PROCESSING", message: `Threads was still processing the container ${container} after ${Math.round((Date.now() - started) / 1000)} s.` });
      }
      await sleep(wait, undefined, { signal: requestSignal });
    }
  };

  const permalink = (id: string, requestSignal: AbortSignal): Promise<string | undefined> =>
    call<{ permalink?: string }>("GET", id, { fields: "permalink" }, requestSignal).then(
      (media) => media.permalink,
      (error: unknown) => (requestSignal.aborted ? Promise.reject(error) : undefined), // published anyway
    );
  const receipt = (id: string, url: string | undefined, extra?: Record<string, string>): Receipt => ({ id, ...(url ? { url } : {}), ...(extra ? { extra } : {}) });

  return {
    limits: {},
    account,
    warnings,
    tokenExpiresAt: tokenState.tokenExpiresAt,
    scopes: tokenState.scopes,
    ...(quota ? { quota } : {}),
    async publish(item, ctx) {
      const images = await stage(item.images, ctx.signal);
      const common = { text: item.post.text || undefined, reply_to_id: ctx.replyTo?.id };
      const create = (params: Params) => call<{ id: string }>("POST", `${user}/threads`, params, ctx.signal).then((c) => c.id);
      let container: string;
      if (images.length === 0) container = await create({ media_type: "TEXT", ...common });
      else if (images.length === 1) container = await create({ media_type: "IMAGE", image_url: images[0]!.url, alt_text: images[0]!.alt || undefined, ...common });
      else {
        const children = await Promise.all(images.map((image) => create({ media_type: "IMAGE", image_url: image.url, alt_text: image.alt || undefined, is_carousel_item: "true" })));
        await Promise.all(children.map((child) => finished(child, ctx.signal)));
        container = await create({ media_type: "CAROUSEL", children: children.join(","), ...common });
      }
      await finished(container, ctx.signal);
      const { id } = await call<{ id: string }>("POST", `${user}/threads_publish`, { creation_id: container }, ctx.signal, true);
      return receipt(id, await permalink(id, ctx.signal), { container });
    },
    async find(item: PostToSend, ctx) {
      // Replies are not listed under /threads but under /replies, with the post they answer.
      const parent = ctx.replyTo?.id;
      const fields = `id,text,timestamp,permalink${parent ? ",replied_to" : ""}`;
      const listed = await call<{ data?: Listed[] }>("GET", `${user}/${parent ? "replies" : "threads"}`, { fields, limit: "25" }, ctx.signal);
      const found = (listed.data ?? []).find((post) => sameText(post.text, item.post.text) && (!parent || post.replied_to?.id === parent) && madeSince(post.timestamp, ctx.since));
      return found && receipt(found.id, found.permalink);
    },
    async remove(published, signal) {
      const answer = await request("DELETE", encodeURIComponent(published.id), {}, signal);
      const error = answer.json.error;
      const gone = answer.status === 404 || (error?.code === 100 && error.error_subcode === 33);
      if ((answer.status >= 400 || error) && !gone) throw threadsFailure(answer.status, answer.headers, error, false);
    },
  };
}

const sameText = (a: string | undefined, b: string) => (a ?? "").replace(/\r\n/g, "\n").trim() === b.replace(/\r\n/g, "\n").trim();

/** Scopes publishing needs; replies and deletes are checked where they happen. */
const REQUIRED_SCOPES = ["threads_basic", "threads_content_publish"];

/**
 * The token's expiry and scopes from Threads' `debug_token`
 * ({@link https://developers.facebook.com/docs/threads/troubleshooting/debug-access-token}), which answers only
 * for a token of a tester of the same app; otherwise the expiry stays unknown (a warning, not a failure).
 */
async function tokenInfo(call: <T>(method: string, target: string, params: Params, signal: AbortSignal) => Promise<T>, token: string, signal: AbortSignal): Promise<TokenInfo> {
  let data: DebugTokenData | undefined;
  try {
    ({ data } = await call<{ data?: DebugTokenData }>("GET", "debug_token", { input_token: token }, signal));
  } catch (error) {
    if (signal.aborted || (error instanceof PublishError && error.kind !== "permanent")) throw error;
    return { warnings: [`Threads: the token's expiry could not be read (debug_token: ${(error as Error).message}); set token_expires_at in the channel's config to be warned before it runs out.`] };
  }
  return readDebugToken(data, "Threads", REQUIRED_SCOPES, TOKEN_HINT);
}

/**
 * Reads a Threads failure: throttling codes, 429 and 5xx are transient (5xx on `threads_publish` is
 * `unknown`, as the post may exist), 190 is a bad or expired token, 10 and 200–299 missing permissions.
 */
function threadsFailure(status: number, headers: Headers | undefined, error: GraphErrorBody | undefined, create = false): PublishError {
  const code = error?.code;
  const platformMessage = [error?.message, error?.error_user_msg].filter(Boolean).join(" ") || undefined;
  const detail = `${status}${code !== undefined ? `, code ${code}${error?.error_subcode ? `/${error.error_subcode}` : ""}` : ""}${platformMessage ? `: ${platformMessage}` : ""}`;
  const base = { status, platformMessage };
  if (code === 190 || code === 102 || code === 104 || status === 401) {
    return new PublishError({ ...base, kind: "permanent", code: "AUTH_INVALID", message: `Threads rejected the access token (${detail}).`, hint: TOKEN_HINT });
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new PublishError({ ...base, kind: "permanent", code: "PERMISSION_DENIED", message: `Threads refused the request (${detail}).`, hint: "The token needs the permissions threads_basic, threads_content_publish, threads_manage_replies and threads_delete." });
  }
  if (/LINK_LIMIT_EXCEEDED/.test(platformMessage ?? "")) {
    return new PublishError({ ...base, kind: "permanent", code: "LINK_LIMIT_EXCEEDED", message: `Threads allows at most 5 different links per post (${detail}).`, hint: "Use fewer links in the notice or in an override for Threads." });
  }
  if (error?.error_subcode === 2207042) {
    return new PublishError({ ...base, kind: "permanent", code: "QUOTA_EXHAUSTED", message: `Threads' publishing limit is reached (${detail}).`, hint: "Threads allows 250 posts and 1000 replies per 24 hours; run the same command again later." });
  }
  const wait = retryAfterMs(headers);
  if (status >= 500) {
    return new PublishError({ ...base, kind: create ? "unknown" : "transient", code: "SERVER_ERROR", retryAfterMs: wait, message: `Threads had a server error (${detail}).`, hint: "Usually temporary: run the same command again later; the ledger prevents duplicates." });
  }
  if (status === 429 || (code !== undefined && TRANSIENT.has(code)) || error?.is_transient) {
    const throttled = status === 429 || THROTTLING.has(code ?? 0);
    return new PublishError({ ...base, kind: "transient", code: throttled ? "RATE_LIMITED" : "TEMPORARY", retryAfterMs: wait, message: `Threads asks to wait (${detail}).`, hint: "Wait and run the same command again; what is published is skipped." });
  }
  return new PublishError({ ...base, kind: "permanent", code: "REJECTED", message: `Threads rejected the request (${detail}).`, hint: "Check the message; the post may break a Threads rule." });
}
