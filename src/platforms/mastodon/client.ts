/**
 * Publishing to Mastodon, and to servers that speak its client API (snac2, …), with `masto` v8 (platforms.md §1,
 * §7.1). Every post is `POST /api/v1/statuses` ({@link https://docs.joinmastodon.org/methods/statuses/#create})
 * with the pipeline's key as `Idempotency-Key`; images go first through `POST /api/v2/media`
 * ({@link https://docs.joinmastodon.org/methods/media/#v2}). Failures become {@link PublishError}s; retries,
 * the ledger and reconciliation belong to the pipeline.
 *
 * masto drops the HTTP status of an error whose body is not JSON (snac's HTML pages, a proxy's 502): it throws a
 * TypeError or `MastoUnexpectedError` instead of `MastoHttpError`. Node's fetch (undici) takes a `dispatcher`,
 * so each request goes through a thin wrapper of the global dispatcher that notes status and headers.
 */
import { explain } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { PublishError } from "../../problems.js";
import { createRestAPIClient, MastoHttpError, MastoTimeoutError, type mastodon } from "masto";
import { httpFailure, networkFailure } from "../shared/failure.js";
import { comparableText, pageBack } from "../shared/find.js";
import { poll } from "../shared/poll.js";
import { savedUploads } from "../shared/uploads.js";
import type { MastodonPost, MastodonSettings } from "./index.js";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../shared/request.js";
import type { Connection, Limits, PostToSend, PublishContext, Publisher, Receipt } from "../platform.js";

/** How long to wait for media that answered 202 (polled after 250 ms, doubling up to every 4 s). */
const MEDIA_WAIT_MS = 30_000;
/** Upstream's `MAX_CHARS`, used when the instance does not say. */
const DEFAULT_MAX_CHARACTERS = 500;
/** Upstream's description limit before 4.4 exposed it. */
const DEFAULT_ALT_LIMIT = 1500;
/** Statuses per page `find` reads: the most `GET /api/v1/accounts/:id/statuses` returns at once. */
const FIND_LIMIT = 40;
/** Pages `find` reads back at most (1,000 statuses since the attempt began). */
const FIND_PAGES = 25;

type Client = mastodon.rest.Client;
/** What the wrapped dispatcher saw of the last response of one request. */
interface Seen {
  status?: number;
  headers?: Headers;
}
interface UndiciDispatcher {
  dispatch(options: unknown, handler: object): boolean;
}

/** The publishing side of the `mastodon` platform (./index.ts), loaded by its `publisher()`. */
export const mastodonPublisher: Publisher<MastodonSettings, MastodonPost> = {
  connect: (ctx) => connect(ctx.channel.settings, ctx.secrets.access_token ?? "", ctx.signal, ctx.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
  edits: true,
  replies: true,
};

async function connect(settings: MastodonSettings, token: string, signal: AbortSignal, timeoutMs: number): Promise<Connection<MastodonPost>> {
  const host = new URL(settings.instance).host;
  const label = `Mastodon (${host})`;
  /** One masto client per request: `requestInit` is the only way to hand a signal and dispatcher to every call. */
  const call = async <T>(requestSignal: AbortSignal, run: (api: Client) => Promise<T>, create = false): Promise<T> => {
    const seen: Seen = {};
    const api = createRestAPIClient({ url: settings.instance, accessToken: token, timeout: timeoutMs, requestInit: observe(seen, requestSignal) });
    try {
      return await run(api);
    } catch (error) {
      throw classify(error, label, seen, create, timeoutMs);
    }
  };

  let me: mastodon.v1.CredentialAccount;
  try {
    me = await call(signal, (api) => api.v1.accounts.verifyCredentials());
  } catch (error) {
    // snac answers a bad token on verify_credentials with 422 (an HTML page); the call takes no parameters.
    const status = (error as PublishError).status;
    if (status !== 401 && status !== 403 && status !== 422) throw error;
    const denied = status === 403;
    throw new PublishError({
      kind: "permanent", status, platformMessage: (error as PublishError).platformMessage,
      ...(denied ? explain("PERMISSION_DENIED", { via: "account", platform: label }) : explain("AUTH_INVALID", { via: "answer", platform: label, code: status, tokenOf: "mastodon" })),
    }, { cause: error });
  }

  // Public reads; when they fail, the defaults do (the posts are then planned for 500 characters).
  const optional = <T>(run: (api: Client) => Promise<T>): Promise<T | undefined> =>
    call(signal, run).catch((error: unknown) => {
      if (signal.aborted) throw error;
      return undefined;
    });
  const warnings: string[] = [];
  const live: Partial<Limits> = {};
  const v2 = await optional((api) => api.v2.instance.fetch());
  if (v2) {
    const { statuses, mediaAttachments } = v2.configuration;
    const media = mediaAttachments as { descriptionLimit?: unknown; imageSizeLimit?: unknown; imageMatrixLimit?: unknown };
    Object.assign(
      live,
      pick({ maxCharacters: statuses.maxCharacters, urlLength: statuses.charactersReservedPerUrl, maxImages: statuses.maxMediaAttachments, maxAltLength: media.descriptionLimit, maxImageBytes: media.imageSizeLimit, maxImagePixels: media.imageMatrixLimit }),
    );
  } else {
    // No /api/v2/instance (Mastodon < 4.0, snac2): v1, with Pleroma's `max_toot_chars` as a last resort.
    const v1 = (await optional((api) => api.v1.instance.fetch())) as (mastodon.v1.Instance & { maxTootChars?: unknown }) | undefined;
    const statuses = v1?.configuration?.statuses as Partial<mastodon.v1.InstanceStatusesConfiguration> | undefined;
    Object.assign(live, pick({ maxCharacters: statuses?.maxCharacters ?? v1?.maxTootChars, urlLength: statuses?.charactersReservedPerUrl, maxImages: statuses?.maxMediaAttachments }));
    if (!v1) warnings.push(ui().notes.mastodonLimitsUnknown(label, DEFAULT_MAX_CHARACTERS));
  }
  live.maxCharacters = Math.min(live.maxCharacters ?? DEFAULT_MAX_CHARACTERS, settings.max_characters ?? Infinity);
  const altLimit = live.maxAltLength ?? DEFAULT_ALT_LIMIT;

  const stillProcessing = (extra: { status?: number; platformMessage?: string } = {}) =>
    new PublishError({ kind: "transient", ...explain("MEDIA_PROCESSING", { platform: label, waitMs: MEDIA_WAIT_MS }), ...extra });

  /** Uploads one image; waits for it when the server answers 202 (`url: null`), which snac never does. */
  const upload = async (image: PostToSend["images"][number], ctx: PublishContext): Promise<string> => {
    const file = new File([new Uint8Array(image.data)], image.name, { type: `image/${image.format}` });
    const description = [...image.alt].slice(0, altLimit).join("") || undefined;
    const media = await call(ctx.signal, (api) => api.v2.media.create({ file, description, skipPolling: true }));
    if (media.url) return media.id;
    // https://docs.joinmastodon.org/methods/media/#get: 206 while processing, a success for masto (`url: null`).
    const processed = async (): Promise<string | undefined> => {
      try {
        const read = await call(ctx.signal, (api) => api.v1.media.$select(media.id).fetch());
        return read.url ? read.id : undefined;
      } catch (error) {
        // A server without GET /api/v1/media/:id: creating the status tells instead (see `create`).
        if (error instanceof PublishError && [404, 405, 501].includes(error.status ?? 0)) return media.id;
        throw error;
      }
    };
    return poll(label, processed, { firstMs: 250, maxMs: 4000, totalMs: MEDIA_WAIT_MS }, ctx.signal, () => stillProcessing());
  };

  /**
   * Creates the status. Media still processing is refused with 422 "…not finished processing…", a definite
   * no: wait and ask again (same Idempotency-Key) until MEDIA_WAIT_MS has passed.
   */
  const create = (params: mastodon.rest.v1.CreateStatusParams, ctx: PublishContext) => {
    let refusal: PublishError | undefined;
    const attempt = async () => {
      try {
        return await call(ctx.signal, (api) => api.v1.statuses.create(params, { requestInit: { headers: { "Idempotency-Key": ctx.key } } }), true);
      } catch (error) {
        const processing = error instanceof PublishError && error.status === 422 && /finished processing/i.test(error.platformMessage ?? "");
        if (!processing) throw error;
        refusal = error;
        return undefined;
      }
    };
    return poll(label, attempt, { firstMs: 500, maxMs: 4000, totalMs: MEDIA_WAIT_MS }, ctx.signal, () => stillProcessing({ status: 422, platformMessage: refusal?.platformMessage }));
  };

  /** Media ids this connection uploaded: used again by a retry without asking the server. */
  const uploadedHere = new Set<string>();
  /**
   * Whether media an earlier run uploaded can still be attached: GET /api/v1/media/:id answers only for the
   * account's media that are not attached to a status yet (`where(status_id: nil)`). Any other answer (no
   * such media, no such endpoint, a page that is not JSON) gets the image uploaded again: that costs one
   * upload and never loses an image. Only no answer at all fails the attempt, to be retried.
   */
  const stillUnattached = async (id: string, requestSignal: AbortSignal): Promise<boolean> => {
    try {
      await call(requestSignal, (api) => api.v1.media.$select(id).fetch());
      return true;
    } catch (error) {
      if (error instanceof PublishError && (error.kind === "permanent" || error.status !== undefined)) return false;
      throw error;
    }
  };

  return {
    limits: live,
    account: `@${me.username}@${host}`,
    warnings,
    async publish(item, ctx) {
      // Uploaded once per image across retries and re-runs (saved as steps of the attempt): a retry after a
      // 429 must not spend the media limit (30 per 30 minutes) on copies. Media stay usable until attached.
      const mediaIds = await savedUploads(item.images, ctx, uploadedHere, {
        kind: "media",
        oneByOne: true,
        upload: (image) => (ctx.uploading?.(item.images.indexOf(image), item.images.length), upload(image, ctx)),
        encode: (id) => id,
        decode: (id) => id,
        usable: (id) => stillUnattached(id, ctx.signal),
      });
      const { post } = item;
      const params: mastodon.rest.v1.CreateStatusParams = {
        status: post.text,
        ...(mediaIds.length > 0 ? { mediaIds } : {}),
        ...(ctx.replyTo ? { inReplyToId: ctx.replyTo.id } : {}),
        ...(post.spoilerText ? { spoilerText: post.spoilerText } : {}),
        ...(post.language ? { language: post.language } : {}),
        // Explicit on every part: a reply would otherwise get the account's default.
        visibility: post.visibility,
      };
      return receipt(await create(params, ctx));
    },
    async find(item, ctx) {
      // https://docs.joinmastodon.org/methods/accounts/#statuses (newest first; `max_id`: older than that id),
      // read back until the statuses are older than the attempt: a busy account may have posted many since.
      const wanted = new Set([comparableText(item.post.text), comparableText(shortMentions(item.post.text))]);
      // The reply target as the server names it now: snac's status ids carry the time of the last change,
      // so a status edited since (`announce correct`) is listed as a reply to an id the ledger does not hold.
      const targets = new Set([ctx.replyTo?.id]);
      if (ctx.replyTo) {
        const target = await call(ctx.signal, (api) => api.v1.statuses.$select(ctx.replyTo!.id).fetch()).catch((error: unknown) => {
          if (ctx.signal.aborted) throw error;
          return undefined;
        });
        if (target) targets.add(target.id);
      }
      const found = await pageBack({
        label,
        since: ctx.since,
        maxPages: FIND_PAGES,
        page: async (maxId: string | undefined) => {
          const statuses = await call(ctx.signal, async (api) => await api.v1.accounts.$select(me.id).statuses.list({ limit: FIND_LIMIT, ...(maxId ? { maxId } : {}) }));
          return { items: statuses, next: statuses.at(-1)?.id };
        },
        created: (s) => s.createdAt,
        matches: (s) => !s.reblog && targets.has(s.inReplyToId ?? undefined) && [s.text, s.content && plainText(s.content)].some((t) => typeof t === "string" && wanted.has(comparableText(t))),
      });
      return found && receipt(found);
    },
    async edit(published, item, editSignal) {
      // https://docs.joinmastodon.org/methods/statuses/#edit: the status keeps its id, replies and boosts and
      // shows `edited_at`. Its attachments are sent back by id (an edit without media_ids may drop them),
      // with the descriptions of the images of the new version.
      const status = await call(editSignal, (api) => api.v1.statuses.$select(published.id).fetch());
      const media = status.mediaAttachments ?? [];
      const { post } = item;
      const params: mastodon.rest.v1.UpdateStatusParams = {
        status: post.text,
        spoilerText: post.spoilerText ?? "",
        ...(post.language ? { language: post.language } : {}),
        ...(media.length > 0
          ? {
              mediaIds: media.map((m) => m.id),
              mediaAttributes: media.map((m, i) => ({ id: m.id, description: [...(item.images[i]?.alt ?? m.description ?? "")].slice(0, altLimit).join("") })),
            }
          : {}),
      };
      await call(editSignal, (api) => api.v1.statuses.$select(published.id).update(params));
    },
    async remove(published, removeSignal) {
      // https://docs.joinmastodon.org/methods/statuses/#delete
      try {
        await call(removeSignal, (api) => api.v1.statuses.$select(published.id).remove());
      } catch (error) {
        if ((error as PublishError).status !== 404) throw error;
      }
    },
  };
}

function receipt(status: mastodon.v1.Status): Receipt {
  return { id: status.id, url: status.url ?? status.uri };
}

/** Keeps the positive integers. */
function pick(values: Partial<Record<keyof Limits, unknown>>): Partial<Limits> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "number" && Number.isInteger(v) && v > 0));
}

/** Reads masto's failures; `seen` holds the status that masto loses when the error body is not JSON. */
function classify(error: unknown, label: string, seen: Seen, create: boolean, timeoutMs: number): PublishError {
  if (error instanceof PublishError) return error;
  if (error instanceof MastoHttpError) {
    const response = error.cause instanceof Response ? error.cause : undefined;
    return httpFailure(label, error.statusCode, error.message || undefined, response?.headers, { create });
  }
  if (seen.status !== undefined && seen.status >= 300) return httpFailure(label, seen.status, undefined, seen.headers, { create });
  if (seen.status !== undefined) {
    // A 2xx that masto could not read: a created status may exist.
    return new PublishError({ kind: create ? "unknown" : "transient", ...explain("UNEXPECTED_RESPONSE", { via: "mastodon", platform: label, status: seen.status }), status: seen.status }, { cause: error });
  }
  const timeout = error instanceof MastoTimeoutError ? Object.assign(new Error("timed out", { cause: error }), { name: "TimeoutError", code: `no answer within ${timeoutMs / 1000} s` }) : error;
  return networkFailure(label, timeout, { create });
}

/**
 * RequestInit for masto: the signal, and a dispatcher that forwards to undici's global one while noting the
 * response status (both undici handler styles). Without a global dispatcher (not Node's fetch), only the signal.
 */
function observe(seen: Seen, signal: AbortSignal): RequestInit {
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as UndiciDispatcher | undefined;
  if (typeof global?.dispatch !== "function") return { signal };
  const note = (status: unknown, headers: () => Headers) => {
    if (typeof status !== "number") return;
    seen.status = status;
    try {
      seen.headers = headers();
    } catch {
      seen.headers = undefined;
    }
  };
  const wrap = (handler: object): object =>
    new Proxy(handler, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== "function") return value;
        const method = value.bind(target) as (...args: unknown[]) => unknown;
        if (property === "onHeaders") {
          return (status: unknown, raw: unknown, ...rest: unknown[]) => (note(status, () => rawHeaders(raw)), method(status, raw, ...rest));
        }
        if (property === "onResponseStart") {
          return (controller: unknown, status: unknown, headers: unknown, ...rest: unknown[]) => (note(status, () => new Headers(headers as Record<string, string>)), method(controller, status, headers, ...rest));
        }
        return method;
      },
    });
  const dispatcher: UndiciDispatcher = { dispatch: (options, handler) => global.dispatch(options, wrap(handler)) };
  return { signal, dispatcher } as RequestInit;
}

function rawHeaders(raw: unknown): Headers {
  const headers = new Headers();
  const list = Array.isArray(raw) ? raw : [];
  for (let i = 0; i + 1 < list.length; i += 2) headers.append(String(list[i]), String(list[i + 1]));
  return headers;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Status HTML → text: tags dropped, entities decoded (Mastodon escapes; snac sends `<b>`, `<br>` and raw `&`). */
export function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    const code = name[0] !== "#" ? undefined : name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    if (code === undefined) return ENTITIES[name.toLowerCase()] ?? entity;
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** Mastodon shows `@user@domain` as `@user` in `content`. */
function shortMentions(text: string): string {
  return text.replace(/(^|[^\p{L}\p{N}_/])(@[a-z0-9_]+(?:[.-][a-z0-9_]+)*)@[\p{L}\p{N}.-]+\.[\p{L}\p{N}-]+/giu, "$1$2");
}
