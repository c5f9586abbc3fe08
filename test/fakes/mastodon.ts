/**
 * A stateful fake of the Mastodon REST API, as documented at {@link https://docs.joinmastodon.org/methods/}
 * and as upstream Mastodon 4.x behaves (`PostStatusService`, `StatusLengthValidator`, the media controllers).
 *
 * Error bodies use Mastodon's envelope `{"error": "…"}` with `Content-Type: application/json` (masto throws
 * `MastoUnexpectedError` on anything else). Authenticated answers carry `X-RateLimit-Limit/Remaining/Reset`
 * (Reset is an ISO 8601 timestamp, {@link https://docs.joinmastodon.org/api/rate-limits/}); the fake never
 * throttles by itself, use {@link MastodonFake.fail429}.
 */
import { FakeServer, parseFields, type FakeResponse, type RecordedRequest, type RouteHandler } from "./fake-server.js";

/**
 * Options. `maxCharacters` (500), `charactersReservedPerUrl` (23), `maxMediaAttachments` (4) and `descriptionLimit`
 * (1500) are enforced and reported in the instance `configuration`.
 */
export interface MastodonFakeOptions {
  /** Bearer token of the default account. */
  token: string;
  /** Username of the default account (default "stadt"). */
  username?: string;
  maxCharacters?: number;
  charactersReservedPerUrl?: number;
  maxMediaAttachments?: number;
  descriptionLimit?: number;
  /** `configuration.media_attachments.image_size_limit`; larger uploads get 422 (default 16 MiB, as upstream). */
  imageSizeLimit?: number;
  /** "sync": `POST /api/v2/media` answers 200 with a url; "async": 202 with `url: null` (default "sync"). */
  mediaProcessing?: "sync" | "async";
  /** Async processing: how many `GET /api/v1/media/:id` answer 206 before the media is processed (default 1). */
  processing?: { polls?: number };
  /**
   * A Mastodon-API server without `GET /api/v1/media/:id` (404). Async media then counts as processed after
   * `processing.polls` status creations were refused with 422 "not finished processing".
   */
  withoutMediaGet?: boolean;
}

/** A status as the fake stores it (deleted ones stay, with `deleted: true`). */
export interface StoredStatus {
  id: string;
  accountId: string;
  /** The source text, as sent in `status`. */
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: "public" | "unlisted" | "private" | "direct";
  language: string;
  inReplyToId?: string;
  mediaIds: string[];
  idempotencyKey?: string;
  createdAt: string;
  deleted: boolean;
}

/** An uploaded media attachment. */
export interface StoredMedia {
  id: string;
  accountId: string;
  bytes: Buffer;
  description: string | null;
  focus?: { x: number; y: number };
  processed: boolean;
  /** GET /api/v1/media/:id answers left with 206 before the media counts as processed. */
  pollsLeft: number;
  /** Set while attached to a status (cleared again when that status is deleted without `delete_media`). */
  statusId?: string;
  deleted: boolean;
}

interface Account {
  id: string;
  token: string;
  username: string;
  createdAt: string;
  /** Idempotency-Key → status id, per account like upstream's `idempotency:status:<account>:<key>`. */
  idempotency: Map<string, string>;
  /** End of the current 5-minute rate-limit window, and requests counted in it. */
  windowEnd: number;
  used: number;
}

const VISIBILITIES = ["public", "unlisted", "private", "direct"] as const;
const RATE_WINDOW_MS = 5 * 60 * 1000;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** http(s) URLs with a dotted host, as twitter-text extracts them with `extract_url_without_protocol: false`. */
const URL_RE = /https?:\/\/(?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]*[\p{L}](?::\d+)?(?:[/?#][^\s<>"]*)?/giu;
/** Upstream `Account::MENTION_RE`. */
const MENTION_RE = /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@[\p{L}\p{N}_.-]+[\p{L}\p{N}_]+)?/giu;
const HASHTAG_RE = /(?<![=/\p{L}\p{N}_)])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;

/** URLs of a text with twitter-text's end rule: a URL ends in a letter, digit or one of `= _ # / + - &`, or a balanced ")". */
function findUrls(text: string): { start: number; url: string }[] {
  return [...text.matchAll(URL_RE)].map((m) => {
    let url = m[0];
    for (;;) {
      const last = url.at(-1) ?? "";
      const unbalanced = last === ")" && url.split("(").length < url.split(")").length;
      if (!/[\p{L}\p{N}=_#/+\-&)]/u.test(last) || unbalanced) url = url.slice(0, -1);
      else break;
    }
    return { start: m.index, url };
  });
}

/**
 * The length Mastodon validates ({@link https://docs.joinmastodon.org/user/posting/#text}): grapheme clusters of
 * `spoilerText + text`, where each http(s) URL counts `reservedPerUrl` and `@user@domain` counts as `@user`.
 */
export function mastodonLength(text: string, spoilerText = "", reservedPerUrl = 23): number {
  let countable = "";
  let last = 0;
  const plain = (s: string): string => s.replace(MENTION_RE, "@$1");
  for (const { start, url } of findUrls(text)) {
    countable += plain(text.slice(last, start)) + "x".repeat(reservedPerUrl);
    last = start + url.length;
  }
  countable += plain(text.slice(last));
  return [...graphemes.segment(spoilerText + countable)].length;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Upstream `TextFormatter`: escaped text, linked URLs and hashtags, `<p>` per blank-line paragraph, `<br />` per newline. */
function formatContent(text: string, base: string): string {
  if (text.trim() === "") return "";
  const tags = (s: string): string =>
    escapeHtml(s).replace(HASHTAG_RE, (_m, tag: string) => `<a href="${base}/tags/${encodeURIComponent(tag)}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`);
  let html = "";
  let last = 0;
  for (const { start, url } of findUrls(text)) {
    const prefix = /^https?:\/\/(?:www\.)?/i.exec(url)![0];
    const rest = url.slice(prefix.length);
    const display = rest.length > 30 ? `<span class="ellipsis">${escapeHtml(rest.slice(0, 30))}</span><span class="invisible">${escapeHtml(rest.slice(30))}</span>` : `<span class="">${escapeHtml(rest)}</span><span class="invisible"></span>`;
    html += `${tags(text.slice(last, start))}<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${prefix}</span>${display}</a>`;
    last = start + url.length;
  }
  html += tags(text.slice(last));
  return html.split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, "<br />")}</p>`).join("");
}

/** `Time#iso8601(6)`, as Mastodon formats X-RateLimit-Reset. */
function iso6(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function error(status: number, message: string, headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { error: message } };
}

const NOT_FOUND = (): FakeResponse => error(404, "Record not found");

/** Fake Mastodon server; see the file comment. */
export class MastodonFake extends FakeServer {
  readonly statuses: StoredStatus[] = [];
  readonly media: StoredMedia[] = [];
  private readonly accounts: Account[] = [];
  private readonly options: Required<Omit<MastodonFakeOptions, "processing">> & { polls: number };
  private nextId = 0n;

  constructor(options: MastodonFakeOptions) {
    super();
    const defaults = { username: "stadt", maxCharacters: 500, charactersReservedPerUrl: 23, maxMediaAttachments: 4, descriptionLimit: 1500, imageSizeLimit: 16_777_216, mediaProcessing: "sync", withoutMediaGet: false } as const;
    this.options = { ...defaults, ...options, polls: options.processing?.polls ?? 1 };
    this.addAccount(options.token, this.options.username);
    this.route("GET", "/api/v1/instance", () => ({ status: 200, body: this.instance(1) }));
    this.route("GET", "/api/v2/instance", () => ({ status: 200, body: this.instance(2) }));
    this.route("GET", "/api/v1/accounts/verify_credentials", this.authed((_req, _p, account) => ({ status: 200, body: this.accountJson(account) })));
    this.route("GET", "/api/v1/accounts/:id/statuses", this.optional((req, p, viewer) => this.listStatuses(req, p.id!, viewer)));
    this.route("POST", "/api/v2/media", this.authed((req, _p, account) => this.createMedia(req, account)));
    this.route("GET", "/api/v1/media/:id", this.authed((_req, p, account) => (this.options.withoutMediaGet ? error(404, "Not Found") : this.getMedia(p.id!, account))));
    this.route("PUT", "/api/v1/media/:id", this.authed((req, p, account) => this.updateMedia(req, p.id!, account)));
    this.route("POST", "/api/v1/statuses", this.authed((req, _p, account) => this.createStatus(req, account)));
    this.route("GET", "/api/v1/statuses/:id", this.optional((_req, p, viewer) => {
      const status = this.visibleStatus(p.id!, viewer);
      return status ? { status: 200, body: this.statusJson(status) } : NOT_FOUND();
    }));
    this.route("DELETE", "/api/v1/statuses/:id", this.authed((req, p, account) => this.deleteStatus(req, p.id!, account)));
  }

  /** Adds an account that authenticates with `token`; returns its id. */
  addAccount(token: string, username: string): string {
    const id = String(this.accounts.length + 1);
    this.accounts.push({ id, token, username, createdAt: new Date().toISOString(), idempotency: new Map(), windowEnd: 0, used: 0 });
    return id;
  }

  /** Statuses that were not deleted. */
  get liveStatuses(): StoredStatus[] {
    return this.statuses.filter((s) => !s.deleted);
  }

  /**
   * The next `times` requests answer 429 `{"error":"Too many requests"}` with X-RateLimit-Limit/Remaining/Reset,
   * Reset `resetInMs` (default 1000) from now. Retry-After only when `retryAfterSeconds` is given: real Mastodon
   * sends none.
   */
  fail429(path: string, opts: { retryAfterSeconds?: number; resetInMs?: number; method?: string; times?: number } = {}): this {
    const reset = iso6(Date.now() + (opts.resetInMs ?? 1000));
    const headers: Record<string, string> = { "x-ratelimit-limit": path.includes("/media") ? "30" : "300", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset };
    if (opts.retryAfterSeconds !== undefined) headers["retry-after"] = String(opts.retryAfterSeconds);
    return this.failNext(opts.method ?? "POST", path, { kind: "respond", response: error(429, "Too many requests", headers) }, opts.times ?? 1);
  }

  /** The next `times` requests answer 500 `{"error":"Internal Server Error"}` (Mastodon's `ErrorsController`). */
  fail500(path: string, method = "POST", times = 1): this {
    return this.failNext(method, path, { kind: "respond", response: error(500, "Internal Server Error") }, times);
  }

  /** The next request runs (so a status is stored) but the connection closes before the answer. */
  dropAfterStore(path: string, method = "POST"): this {
    return this.failNext(method, path, { kind: "drop-after" });
  }

  /** The next request waits `ms` before it runs. */
  slow(path: string, ms: number, method = "POST"): this {
    return this.failNext(method, path, { kind: "delay", ms });
  }

  private newId(): string {
    this.nextId += 1n;
    return (110_000_000_000_000_000n + this.nextId).toString();
  }

  private accountFor(req: RecordedRequest): Account | undefined | null {
    const header = req.headers.authorization;
    if (header === undefined) return undefined;
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    return this.accounts.find((a) => a.token === token) ?? null;
  }

  private rateHeaders(account: Account): Record<string, string> {
    const now = Date.now();
    const windowEnd = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS + RATE_WINDOW_MS;
    if (windowEnd !== account.windowEnd) Object.assign(account, { windowEnd, used: 0 });
    account.used++;
    return { "x-ratelimit-limit": "300", "x-ratelimit-remaining": String(Math.max(0, 300 - account.used)), "x-ratelimit-reset": iso6(windowEnd) };
  }

  /** A public route: anonymous is fine, a bad token is not; rate-limit headers when authenticated. */
  private optional(handler: (req: RecordedRequest, p: Record<string, string>, viewer?: Account) => FakeResponse, required = false): RouteHandler {
    return (req, params) => {
      const account = this.accountFor(req);
      if (account === null || (required && !account)) return error(401, "The access token is invalid");
      const response = handler(req, params, account);
      return account ? { ...response, headers: { ...this.rateHeaders(account), ...response.headers } } : response;
    };
  }

  /** A route that needs a valid Bearer token. */
  private authed(handler: (req: RecordedRequest, p: Record<string, string>, account: Account) => FakeResponse): RouteHandler {
    return this.optional((req, p, account) => handler(req, p, account!), true);
  }

  private instance(version: 1 | 2): Record<string, unknown> {
    const o = this.options;
    const host = new URL(this.url).host;
    const statuses = { max_characters: o.maxCharacters, max_media_attachments: o.maxMediaAttachments, characters_reserved_per_url: o.charactersReservedPerUrl };
    const media_attachments = {
      supported_mime_types: ["image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif", "video/webm", "video/mp4", "video/quicktime", "audio/mpeg"],
      description_limit: o.descriptionLimit, image_size_limit: o.imageSizeLimit, image_matrix_limit: 33_177_600,
      video_size_limit: 103_809_024, video_frame_rate_limit: 120, video_matrix_limit: 8_294_400,
    };
    const configuration = { statuses, media_attachments };
    const common = { title: "Fake Mastodon", version: "4.4.0", description: "A fake Mastodon server for tests", languages: ["de", "en"] };
    if (version === 1) return { uri: host, ...common, short_description: common.description, email: "admin@example.org", urls: {}, stats: { user_count: this.accounts.length, status_count: this.liveStatuses.length, domain_count: 1 }, registrations: false, configuration };
    return { domain: host, ...common, source_url: "https://github.com/mastodon/mastodon", configuration: { urls: {}, ...configuration }, registrations: { enabled: false, approval_required: false }, api_versions: { mastodon: 6 }, rules: [] };
  }

  private accountJson(a: Account): Record<string, unknown> {
    return { id: a.id, username: a.username, acct: a.username, display_name: a.username, locked: false, bot: false, created_at: a.createdAt, note: "", url: `${this.url}/@${a.username}`, avatar: `${this.url}/avatars/original/missing.png`, header: `${this.url}/headers/original/missing.png`, emojis: [], fields: [], followers_count: 0, following_count: 0, statuses_count: this.liveStatuses.filter((s) => s.accountId === a.id).length };
  }

  private mediaJson(m: StoredMedia): Record<string, unknown> {
    const url = `${this.url}/system/media_attachments/files/${m.id}/original.png`;
    return { id: m.id, type: "image", url: m.processed ? url : null, preview_url: url.replace("original", "small"), remote_url: null, text_url: null, meta: m.focus ? { focus: m.focus } : {}, description: m.description, blurhash: null };
  }

  private statusJson(s: StoredStatus, source = false): Record<string, unknown> {
    const account = this.accounts.find((a) => a.id === s.accountId)!;
    const parent = this.statuses.find((p) => p.id === s.inReplyToId);
    const tags = [...s.text.matchAll(HASHTAG_RE)].map((m) => ({ name: m[1]!.toLowerCase(), url: `${this.url}/tags/${encodeURIComponent(m[1]!)}` }));
    return {
      id: s.id, created_at: s.createdAt, in_reply_to_id: s.inReplyToId ?? null, in_reply_to_account_id: parent?.accountId ?? null,
      sensitive: s.sensitive, spoiler_text: s.spoilerText, visibility: s.visibility, language: s.language,
      uri: `${this.url}/users/${account.username}/statuses/${s.id}`, url: `${this.url}/@${account.username}/${s.id}`,
      replies_count: this.liveStatuses.filter((r) => r.inReplyToId === s.id).length, reblogs_count: 0, favourites_count: 0, edited_at: null,
      favourited: false, reblogged: false, muted: false, bookmarked: false, pinned: false,
      // REST::StatusSerializer sends `text` instead of `content` when the source is requested (delete-and-redraft).
      ...(source ? { text: s.text } : { content: formatContent(s.text, this.url) }),
      reblog: null, application: null, account: this.accountJson(account),
      media_attachments: s.mediaIds.map((id) => this.mediaJson(this.media.find((m) => m.id === id)!)),
      mentions: [], tags, emojis: [], card: null, poll: null,
    };
  }

  private visibleStatus(id: string, viewer?: Account): StoredStatus | undefined {
    const s = this.statuses.find((x) => x.id === id && !x.deleted);
    return s && (s.visibility === "public" || s.visibility === "unlisted" || s.accountId === viewer?.id) ? s : undefined;
  }

  private listStatuses(req: RecordedRequest, accountId: string, viewer?: Account): FakeResponse {
    if (!this.accounts.some((a) => a.id === accountId)) return NOT_FOUND();
    const limit = Math.min(Math.max(Number(req.query.get("limit") ?? 20) || 20, 1), 40);
    const maxId = req.query.get("max_id");
    const list = this.statuses
      .filter((s) => s.accountId === accountId && this.visibleStatus(s.id, viewer) && (maxId === null || BigInt(s.id) < BigInt(maxId)))
      .reverse()
      .slice(0, limit);
    return { status: 200, body: list.map((s) => this.statusJson(s)) };
  }

  private createMedia(req: RecordedRequest, account: Account): FakeResponse {
    const fields = parseFields(req);
    const file = fields.file;
    if (!Buffer.isBuffer(file)) return error(400, "param is missing or the value is empty: file");
    // Paperclip's size validation (MediaAttachment::IMAGE_LIMIT, or the instance's own).
    if (file.length > this.options.imageSizeLimit) return error(422, `Validation failed: File must be less than ${Math.floor(this.options.imageSizeLimit / 1048576)} MB`);
    const description = typeof fields.description === "string" ? fields.description : null;
    const invalid = this.descriptionError(description);
    if (invalid) return invalid;
    const [x, y] = typeof fields.focus === "string" ? fields.focus.split(",").map(Number) : [];
    const sync = this.options.mediaProcessing === "sync";
    const media: StoredMedia = {
      id: this.newId(), accountId: account.id, bytes: file, description, processed: sync, pollsLeft: sync ? 0 : this.options.polls, deleted: false,
      ...(x !== undefined && y !== undefined ? { focus: { x, y } } : {}),
    };
    this.media.push(media);
    return { status: sync ? 200 : 202, body: this.mediaJson(media) };
  }

  /** Unattached media of the account (`current_account.media_attachments.where(status_id: nil)`). */
  private ownMedia(id: string, account: Account): StoredMedia | undefined {
    return this.media.find((m) => m.id === id && m.accountId === account.id && !m.statusId && !m.deleted);
  }

  private getMedia(id: string, account: Account): FakeResponse {
    const media = this.ownMedia(id, account);
    if (!media) return NOT_FOUND();
    if (!media.processed && media.pollsLeft-- > 0) return { status: 206, body: this.mediaJson(media) };
    media.processed = true;
    return { status: 200, body: this.mediaJson(media) };
  }

  private updateMedia(req: RecordedRequest, id: string, account: Account): FakeResponse {
    const media = this.ownMedia(id, account);
    if (!media) return NOT_FOUND();
    const { description } = parseFields(req);
    const invalid = this.descriptionError(description);
    if (invalid) return invalid;
    if (typeof description === "string") media.description = description;
    return { status: 200, body: this.mediaJson(media) };
  }

  /** `MediaAttachment` validates the description length in characters (code points). */
  private descriptionError(description: unknown): FakeResponse | undefined {
    const limit = this.options.descriptionLimit;
    return typeof description === "string" && [...description].length > limit ? error(422, `Validation failed: Description is too long (maximum is ${limit} characters)`) : undefined;
  }

  private createStatus(req: RecordedRequest, account: Account): FakeResponse {
    let fields: Record<string, unknown>;
    let mediaIds: string[];
    try {
      if (String(req.headers["content-type"]).includes("application/x-www-form-urlencoded")) {
        const form = new URLSearchParams(req.body.toString("utf8"));
        fields = Object.fromEntries(form);
        mediaIds = [...form.getAll("media_ids[]"), ...form.getAll("media_ids")];
      } else {
        fields = parseFields(req);
        const raw = fields.media_ids ?? fields["media_ids[]"];
        mediaIds = raw === undefined || raw === null ? [] : (Array.isArray(raw) ? raw : [raw]).map(String);
      }
    } catch {
      return error(400, "Error occurred while parsing request parameters");
    }
    const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
    // StatusesController#set_thread runs before PostStatusService.
    const inReplyToId = str(fields.in_reply_to_id) || undefined;
    if (inReplyToId && !this.visibleStatus(inReplyToId, account)) return error(404, "The post you are trying to reply to does not appear to exist.");
    // PostStatusService#with_idempotency: a known key returns the original status and creates nothing.
    const key = str(req.headers["idempotency-key"]) || undefined;
    const original = key === undefined ? undefined : account.idempotency.get(key);
    if (original !== undefined) {
      const status = this.statuses.find((s) => s.id === original && !s.deleted);
      return status ? { status: 200, body: this.statusJson(status) } : NOT_FOUND();
    }
    if (str(fields.scheduled_at)) return error(422, "scheduled_at is not supported by this fake");
    // PostStatusService#validate_media!
    const max = this.options.maxMediaAttachments;
    if (mediaIds.length > max) return error(422, `Cannot attach more than ${max} files`);
    mediaIds = [...new Set(mediaIds)];
    const missing = mediaIds.filter((id) => !this.ownMedia(id, account));
    if (missing.length > 0) return error(422, `Media ${missing.join(", ")} not found or already attached to another post`);
    const processing = mediaIds.map((id) => this.ownMedia(id, account)!).filter((m) => !m.processed);
    if (processing.length > 0) {
      // Without GET /api/v1/media/:id, the time a client waits shows as refused creations.
      if (this.options.withoutMediaGet) for (const m of processing) m.processed = --m.pollsLeft <= 0;
      return error(422, "Cannot attach files that have not finished processing. Try again in a moment!");
    }
    // PostStatusService#preprocess_attributes!, then the Status validations.
    let text = str(fields.status) ?? "";
    let spoilerText = str(fields.spoiler_text) ?? "";
    if (text.trim() === "" && spoilerText.trim() !== "") [text, spoilerText] = [spoilerText, ""];
    const visibility = str(fields.visibility) ?? "public";
    if (!(VISIBILITIES as readonly string[]).includes(visibility)) return error(422, "Validation failed: Visibility is not included in the list");
    if (text.trim() === "" && mediaIds.length === 0) return error(422, "Validation failed: Text can't be blank");
    if (mastodonLength(text, spoilerText, this.options.charactersReservedPerUrl) > this.options.maxCharacters) {
      return error(422, `Validation failed: Text character limit of ${this.options.maxCharacters} exceeded`);
    }
    const language = str(fields.language);
    const status: StoredStatus = {
      id: this.newId(), accountId: account.id, text, spoilerText,
      sensitive: ["true", "1"].includes(str(fields.sensitive) ?? "") || spoilerText !== "",
      visibility: visibility as StoredStatus["visibility"], language: language && /^[a-z]{2,3}$/i.test(language) ? language.toLowerCase() : "en",
      mediaIds, createdAt: new Date().toISOString(), deleted: false,
      ...(inReplyToId ? { inReplyToId } : {}), ...(key ? { idempotencyKey: key } : {}),
    };
    this.statuses.push(status);
    for (const id of mediaIds) this.ownMedia(id, account)!.statusId = status.id;
    if (key !== undefined) account.idempotency.set(key, status.id);
    return { status: 200, body: this.statusJson(status) };
  }

  private deleteStatus(req: RecordedRequest, id: string, account: Account): FakeResponse {
    const status = this.statuses.find((s) => s.id === id && s.accountId === account.id && !s.deleted);
    if (!status) return NOT_FOUND();
    const body = this.statusJson(status, true);
    status.deleted = true;
    // Without delete_media the attachments are detached and may be reused (delete-and-redraft).
    const deleteMedia = ["true", "1"].includes(req.query.get("delete_media") ?? "");
    for (const m of this.media.filter((x) => x.statusId === id)) Object.assign(m, deleteMedia ? { deleted: true } : { statusId: undefined });
    return { status: 200, body };
  }
}
