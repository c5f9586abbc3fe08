/**
 * Stateful fakes of Meta's official Graph APIs, built on {@link FakeServer}:
 *
 * - {@link GraphFake}: graph.facebook.com, i.e. Facebook Pages (feed, photos, edit, delete) and Instagram
 *   content publishing (container → status → `media_publish`), plus `debug_token` and `/me`; or, with
 *   `host: "instagram"`, graph.instagram.com (Instagram Login): the same publishing with the
 *   instagram_business_* permissions, `/me` as the Instagram user (`user_id`, `username`), no `debug_token`.
 * - {@link ThreadsFake}: graph.threads.net (container → `threads_publish`, replies, delete, limits).
 *
 * Both answer Meta's error envelope (`{"error":{"message","type","code","error_subcode",…,"fbtrace_id"}}`)
 * with the documented codes, HTTP statuses and headers, and really download `image_url`s with `fetch()` the
 * way Meta does (pair them with `startStaticServer` from ./static-server.ts). Requests may be JSON (as
 * facebook-nodejs-business-sdk sends them), urlencoded or multipart; query and body parameters are merged.
 * Paths need a version prefix (`/v24.0/…`, `/v1.0/…`; any version is accepted); paths given to the fault
 * helpers may omit it.
 *
 * Sources: platforms.md §3, §4, §6, §7.3;
 * {@link https://developers.facebook.com/docs/graph-api/guides/error-handling | Graph error handling},
 * {@link https://developers.facebook.com/docs/instagram-platform/content-publishing | IG content publishing},
 * {@link https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes | IG error codes},
 * {@link https://developers.facebook.com/docs/threads/posts | Threads posts}.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { FakeServer, parseFields, type FakeResponse, type RecordedRequest } from "./fake-server.js";

/** A Graph error to answer; everything but `code` has a documented default (see {@link GraphFake.errorResponse}). */
export interface GraphErrorSpec {
  code: number;
  subcode?: number;
  /** HTTP status; default 500 for codes 1/2, 403 for permission codes 10 and 200–299, else 400. */
  status?: number;
  message?: string;
  /** Default "OAuthException". */
  type?: string;
  userTitle?: string;
  userMsg?: string;
  isTransient?: boolean;
  /** Extra response headers (merged over the throttling headers). */
  headers?: Record<string, string>;
  /** `estimated_time_to_regain_access` (minutes) in `X-Business-Use-Case-Usage` for throttling codes; default 1. */
  regainMinutes?: number;
}

/** Thrown inside route handlers; turned into Meta's error envelope. */
export class GraphError extends Error {
  constructor(readonly spec: GraphErrorSpec) {
    super(spec.message ?? `Graph error ${spec.code}`);
  }
}

/** Default messages by code (Graph error-handling guide; Graph answers them prefixed with "(#code)"). */
const MESSAGES: Record<number, string> = {
  1: "An unknown error has occurred.",
  2: "An unexpected error has occurred. Please retry your request later.",
  4: "(#4) Application request limit reached",
  10: "(#10) Application does not have permission for this action",
  17: "(#17) User request limit reached",
  32: "(#32) Page request limit reached",
  100: "(#100) Invalid parameter",
  104: "An access token is required to request this resource.",
  190: "Invalid OAuth access token - Cannot parse access token",
  200: "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission",
  341: "(#341) Application limit reached",
  368: "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
  506: "(#506) Duplicate status message",
  613: "(#613) Calls to this api have exceeded the rate limit.",
  80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
};
/** Throttling codes: answered with `X-Business-Use-Case-Usage` (4 and 17 also with `X-App-Usage`). */
const THROTTLING = new Set([4, 17, 32, 613, 80001]);
const TRANSIENT = new Set([1, 2, 4, 17, 32, 341, 613, 80001]);

/**
 * Instagram publishing errors: codes and subcodes from Meta's IG error-code table (as checked in the project's
 * research pass). The messages of 2207027 and 2207052 and the user messages of 2207001, 2207003, 2207032 and
 * 2207051 are Meta's; the others are paraphrased. The table gives no `is_transient`; Meta's sample answer
 * (2207004) has `is_transient: false`, so every IG error here says false, even those whose recommended
 * solution is "try again" (2207001, 2207003, 2207032): a client must read the subcode.
 */
export const IG_ERRORS = {
  serverError: { code: -1, subcode: 2207001, message: "An unexpected error has occurred. Please retry your request later.", userTitle: "Instagram server error", userMsg: "Instagram server error. Try again." },
  timeout: { code: -2, subcode: 2207003, message: "Timeout while downloading the media.", userTitle: "Media download timed out", userMsg: "It takes too long to download the media." },
  tooLarge: { code: 36000, subcode: 2207004, message: "The image is too large to download. It should be less than 8 MiB.", userTitle: "Image is too large" },
  notJpeg: { code: 36001, subcode: 2207005, message: "The image format is not supported. Supported formats are: JPEG.", userTitle: "Unsupported image format" },
  noBuilder: { code: 24, subcode: 2207008, message: "The media builder does not exist or has expired.", userTitle: "Media builder does not exist", userMsg: "Create a new container and publish that." },
  aspect: { code: 36003, subcode: 2207009, message: "The submitted image cannot be published: its aspect ratio is outside 4:5 to 1.91:1.", userTitle: "Aspect ratio is not supported" },
  caption: { code: 36004, subcode: 2207010, message: "The submitted caption was too long. The maximum is 2200 characters.", userTitle: "Caption was too long" },
  expired: { code: -2, subcode: 2207020, message: "The media you are trying to access has expired. Please try to upload again.", userTitle: "Media expired" },
  notReady: { code: 9007, subcode: 2207027, message: "Media ID is not available", userTitle: "Media is not ready for publishing", userMsg: "The media is not ready for publishing, please wait for a moment." },
  carousel: { code: 100, subcode: 2207028, message: "Carousels need at least 2 and at most 10 photos or videos.", userTitle: "Carousel validation failed" },
  quota: { code: 9, subcode: 2207042, message: "Application request limit reached", userTitle: "Publishing limit reached", userMsg: "You reached maximum number of posts that is allowed to be published by Content Publishing API." },
  downloadFailed: { code: 9004, subcode: 2207052, message: "Only photo or video can be accepted as media type.", userTitle: "Media download has failed. The media URI doesn't meet our requirements." },
  createFailed: { code: -1, subcode: 2207032, message: "Failed to create a media container.", userTitle: "Create media failed", userMsg: "Create media fail, please try to re-create media" },
  /** Code 4 as for throttling, but suspected spam: no usage headers, and waiting does not lift it. */
  restricted: { code: 4, subcode: 2207051, message: "The publishing action is suspected to be spam.", userTitle: "Action is blocked", userMsg: "We restrict certain activity to protect our community. Tell us if you think we made a mistake." },
} satisfies Record<string, GraphErrorSpec>;

const MiB = 1024 * 1024;
const DAY = 86_400;

/** Container life cycle shared by Instagram and Threads. */
export type ContainerStatus = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";

/** A media container (Instagram or Threads) as the fake holds it. */
interface ContainerBase {
  id: string;
  /** Last observed status (reading this field is not an observation). */
  status: ContainerStatus;
  /** Status GETs and publish attempts so far. */
  observations: number;
  /** Set by `failNextContainer`: the status, and the IG subcode or Threads `error_message`. */
  forced?: { status: "ERROR" | "EXPIRED"; detail: number | string };
  imageUrl?: string;
  altText?: string;
  isCarouselItem: boolean;
  /** Child container ids of a carousel. */
  children: string[];
  /** The bytes downloaded from `imageUrl`. */
  imageBytes?: Buffer;
  /** The media id once published. */
  mediaId?: string;
}

/** A downloaded image as Meta sees it (no format when it is not an image). */
type Download = { bytes: Buffer; format?: string; width?: number; height?: number };
type Params = Record<string, unknown>;

/** What a route handler gets: merged query and body parameters (body wins) and the `fields` asked for. */
type Ctx = { req: RecordedRequest; params: Record<string, string>; p: Params; token: string; fields?: string[] };

/** Graph's timestamp format, e.g. "2026-11-05T10:00:00+0000". */
const graphTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "+0000");
const shortcode = (): string => randomBytes(8).toString("base64url");
const fbtrace = (): string => randomBytes(8).toString("base64url");

function str(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null || Buffer.isBuffer(v)) return undefined;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
function bool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  return v === undefined ? undefined : v === true || v === 1 || v === "true" || v === "1";
}
/** A list given as an array, a JSON array string or a comma-separated string. */
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === "object" && x !== null ? JSON.stringify(x) : String(x)));
  if (typeof v !== "string" || v.trim() === "") return [];
  if (v.trim().startsWith("[")) return list(JSON.parse(v) as unknown);
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}
/** Splits "id,children{id,media_url},caption" into top-level names. */
function topLevelFields(spec: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of spec) {
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      out.push(current.trim());
      current = "";
    } else if (depth === 0) current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.map((f) => f.replace(/\..*$/, "")); // drop modifiers such as .limit(5)
}
/** The requested fields of `obj` (always `id`; `defaults` when no fields were asked for). */
function pick(obj: Record<string, unknown>, fields: string[] | undefined, defaults: string[] = ["id"]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: obj.id };
  for (const f of fields ?? defaults) if (obj[f] !== undefined) out[f] = obj[f];
  return out;
}
const unsupported = (method: string, id: string, type: string): GraphErrorSpec => ({
  code: 100,
  subcode: 33,
  type,
  message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
});
const invalidParam = (message: string): GraphError => new GraphError({ code: 100, message: `(#100) ${message}` });
/** A publishing-limit answer with the requested fields (default `quota_usage`, as Graph does). */
function limitRow(c: Ctx, row: Record<string, unknown>): { data: Record<string, unknown>[] } {
  const fields = c.fields ?? ["quota_usage"];
  return { data: [Object.fromEntries(Object.entries(row).filter(([k]) => fields.includes(k)))] };
}

/** Settings read on every request, so tests may change them on `fake.config` at any time. */
type LiveConfig = { tokenExpiresAt: number; pollsBeforeFinished: number; fetchTimeoutMs: number };
/**
 * `objectErrorType`: error type for unknown objects (GraphMethodException, or THApiException on Threads);
 * `bucKey`/`bucType`: key and `type` in the `X-Business-Use-Case-Usage` header.
 */
type MetaKind = { objectErrorType: string; bucKey: string; bucType: string };

/** What Graph and Threads share: auth, errors, fault helpers, container polling and downloads. */
abstract class MetaFake extends FakeServer {
  protected idSeq = 0;
  protected readonly containerFaults: { status: "ERROR" | "EXPIRED"; detail: number | string }[] = [];

  constructor(
    private readonly live: LiveConfig,
    private readonly kind: MetaKind,
  ) {
    super();
  }

  /** Tokens this fake accepts. */
  protected abstract acceptedTokens(): string[];

  /**
   * Answer the next `times` requests to `method path` with a Graph error, e.g.
   * `failGraph("POST", "/:id/feed", { code: 32, regainMinutes: 5 })`.
   */
  failGraph(method: string, path: string, error: GraphErrorSpec, times = 1): this {
    return this.failNext(method, versioned(path), { kind: "respond", response: this.errorResponse(error) }, times);
  }

  /** Answer the next request with HTTP 429, `Retry-After` and a code 4 envelope (a proxy or load balancer). */
  fail429(path: string, retryAfterSeconds: number, method = "POST"): this {
    const response = this.errorResponse({ code: 4, status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
    return this.failNext(method, versioned(path), { kind: "respond", response });
  }

  /** Run the next request (the state changes), then drop the connection without answering. */
  dropAfterStore(path: string, method = "POST"): this {
    return this.failNext(method, versioned(path), { kind: "drop-after" });
  }

  /**
   * Run the next request (the state changes), then answer as a proxy in front of Graph does when the answer
   * did not reach it: `status` (default 502) with an HTML page.
   */
  proxyErrorAfterStore(path: string, status = 502, method = "POST"): this {
    const response = { status, headers: { "content-type": "text/html" }, body: `<html><body><h1>${status} Bad Gateway</h1></body></html>` };
    return this.failNext(method, versioned(path), { kind: "respond-after", response });
  }

  /** Delay the next request by `ms`. */
  slow(path: string, ms: number, method = "POST"): this {
    return this.failNext(method, versioned(path), { kind: "delay", ms });
  }

  /**
   * One page of a listing (items newest first) with Graph's cursor paging
   * ({@link https://developers.facebook.com/docs/graph-api/results | paginated results}): `limit` (default 25),
   * `after` or `before` a cursor, `paging.cursors` of the page's first and last item, and `paging.next` /
   * `paging.previous` only when there is more that way. A cursor names an item; it is invalid once the item
   * is gone.
   */
  protected paged<T extends { id: string }>(c: Ctx, items: readonly T[], view: (item: T) => Record<string, unknown>): Record<string, unknown> {
    const limit = Math.max(1, Number(str(c.p, "limit") ?? 25) || 25);
    const position = (cursor: string): number => {
      const index = items.findIndex((item) => item.id === Buffer.from(cursor, "base64url").toString("utf8"));
      if (index < 0) throw invalidParam("The cursor is not valid (its item may have been deleted)");
      return index;
    };
    const after = str(c.p, "after");
    const before = str(c.p, "before");
    const start = after !== undefined ? position(after) + 1 : before !== undefined ? Math.max(0, position(before) - limit) : 0;
    const end = before !== undefined && after === undefined ? position(before) : start + limit;
    const page = items.slice(start, end);
    const data = page.map(view);
    if (page.length === 0) return { data };
    const cursor = (item: T) => Buffer.from(item.id, "utf8").toString("base64url");
    const cursors = { before: cursor(page[0]!), after: cursor(page.at(-1)!) };
    const link = (name: "after" | "before", value: string) => {
      const query = new URLSearchParams(c.req.query);
      query.delete("after");
      query.delete("before");
      query.set("limit", String(limit));
      query.set(name, value);
      return `${this.url}${c.req.path}?${query}`;
    };
    const more = end < items.length ? { next: link("after", cursors.after) } : {};
    const less = start > 0 ? { previous: link("before", cursors.before) } : {};
    return { data, paging: { cursors, ...less, ...more } };
  }

  /** Meta's error envelope with the documented status and headers. */
  errorResponse(e: GraphErrorSpec): FakeResponse {
    const { code } = e;
    const status = e.status ?? (code === 1 || code === 2 ? 500 : code === 10 || (code >= 200 && code < 300) ? 403 : 400);
    const message = e.message ?? MESSAGES[code] ?? `(#${code}) An error occurred`;
    const trace = fbtrace();
    const headers: Record<string, string> = { "x-fb-trace-id": trace };
    if (code === 190) headers["WWW-Authenticate"] = `OAuth "Facebook Platform" "invalid_token" "${message}"`;
    // An Instagram subcode (2207xxx) is from the IG error table, not throttling, even with code 4 (2207051).
    const instagram = e.subcode !== undefined && Math.floor(e.subcode / 1000) === 2207;
    if (THROTTLING.has(code) && !instagram) {
      const usage = { type: this.kind.bucType, call_count: 100, total_cputime: 25, total_time: 25, estimated_time_to_regain_access: e.regainMinutes ?? 1 };
      headers["X-Business-Use-Case-Usage"] = JSON.stringify({ [this.kind.bucKey]: [usage] });
      if (code === 4 || code === 17) headers["X-App-Usage"] = JSON.stringify({ call_count: 100, total_cputime: 25, total_time: 25 });
    }
    Object.assign(headers, e.headers);
    const isTransient = e.isTransient ?? (instagram ? false : TRANSIENT.has(code) ? true : undefined);
    const error = { message, type: e.type ?? "OAuthException", code, error_subcode: e.subcode, is_transient: isTransient };
    return { status, headers, body: { error: { ...error, error_user_title: e.userTitle, error_user_msg: e.userMsg, fbtrace_id: trace } } };
  }

  /** Registers `/:version{path}` with version check, token check and error conversion. */
  protected api(method: string, path: string, handler: (ctx: Ctx) => unknown, auth = true): void {
    this.route(method, `/:version${path}`, async (req, params) => {
      try {
        if (!/^v\d+\.\d+$/.test(params.version!)) throw new GraphError(unsupported(req.method, req.path, this.kind.objectErrorType));
        let body: Params;
        try {
          body = parseFields(req) as Params;
        } catch {
          throw invalidParam("The request body could not be parsed");
        }
        const p: Params = { ...Object.fromEntries(req.query), ...body };
        const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(String(req.headers.authorization ?? ""))?.[1];
        const token = str(p, "access_token") ?? bearer ?? "";
        if (auth) this.checkToken(token);
        const fieldSpec = str(p, "fields");
        const result = await handler({ req, params, p, token, fields: fieldSpec === undefined ? undefined : topLevelFields(fieldSpec) });
        return { status: 200, body: result };
      } catch (error) {
        if (error instanceof GraphError) return this.errorResponse(error.spec);
        throw error;
      }
    });
  }

  /** Answers Graph-style errors for routes nobody registered (instead of the base class's plain 404). */
  protected catchAll(): void {
    for (const method of ["GET", "POST", "DELETE"]) {
      for (const path of ["/:id", "/:id/:edge", "/:id/:edge/:more"]) {
        this.api(method, path, (c) => {
          throw new GraphError(unsupported(method, c.params.id!, this.kind.objectErrorType));
        });
      }
    }
  }

  private checkToken(token: string): void {
    if (!token) throw new GraphError({ code: 104, type: "OAuthException" });
    if (!this.acceptedTokens().includes(token)) throw new GraphError({ code: 190 });
    const expires = this.live.tokenExpiresAt;
    if (expires > 0 && Date.now() / 1000 >= expires) {
      const at = new Date(expires * 1000).toUTCString();
      throw new GraphError({ code: 190, subcode: 463, message: `Error validating access token: Session has expired on ${at}. The current time is ${new Date().toUTCString()}.` });
    }
  }

  protected newId(prefix: string): string {
    return `${prefix}${String(++this.idSeq).padStart(9, "0")}`;
  }

  protected newContainer<T extends ContainerBase>(fields: Omit<T, keyof ContainerBase> & Partial<ContainerBase>): T {
    const forced = this.containerFaults.shift();
    const status: ContainerStatus = forced?.status ?? (this.live.pollsBeforeFinished > 0 ? "IN_PROGRESS" : "FINISHED");
    return { id: this.newId("1789"), observations: 0, isCarouselItem: false, children: [], ...fields, status, forced } as unknown as T;
  }

  /** One observation: IN_PROGRESS for the first `pollsBeforeFinished`, then FINISHED (unless forced or published). */
  protected observe(c: ContainerBase): ContainerStatus {
    c.observations++;
    if (c.status === "PUBLISHED") return c.status;
    c.status = c.forced?.status ?? (c.observations <= this.live.pollsBeforeFinished ? "IN_PROGRESS" : "FINISHED");
    return c.status;
  }

  /** Downloads `url` as Meta's crawler does; `"failed"` for network errors and non-2xx answers. */
  protected async download(url: string): Promise<Download | "failed" | "timeout"> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.live.fetchTimeoutMs), redirect: "follow" });
      if (!res.ok) return "failed";
      const bytes = Buffer.from(await res.arrayBuffer());
      try {
        const meta = await sharp(bytes).metadata();
        const swap = (meta.orientation ?? 1) >= 5;
        return { bytes, format: meta.format, width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height };
      } catch {
        return { bytes };
      }
    } catch (error) {
      return (error as Error).name === "TimeoutError" ? "timeout" : "failed";
    }
  }
}

/** A path with a `/:version` prefix unless it already names one. */
function versioned(path: string): string {
  const p = path.startsWith("/") ? path : `/${path}`;
  return /^\/v\d+(\.\d+)?(\/|$)/.test(p) ? p : `/:version${p}`;
}

// ---------------------------------------------------------------------------------------------------------
// graph.facebook.com
// ---------------------------------------------------------------------------------------------------------

/** Options of {@link GraphFake}; after construction they live on `fake.config` and may be changed there. */
export interface GraphFakeOptions {
  /**
   * Which API: graph.facebook.com (default) or graph.instagram.com, the Instagram API with Instagram Login
   * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/): no
   * `debug_token` there (a request for it is answered like any unknown node), `/me` is the Instagram user
   * with `user_id` (the id publishing uses) and an app-scoped `id`, and publishing needs
   * `instagram_business_content_publish` instead of `instagram_content_publish`.
   */
  host?: "facebook" | "instagram";
  /** The app-scoped id of the Instagram user (`id` of graph.instagram.com's `/me`). */
  igAppScopedId?: string;
  pageId: string;
  pageName?: string;
  pageToken: string;
  igUserId: string;
  igUsername?: string;
  /** A second accepted token (e.g. a user token used for Instagram). */
  igToken?: string;
  appId?: string;
  /** `content_publishing_limit` quota_total; default 50 (the media_publish reference). */
  quotaTotal?: number;
  /** Unix seconds after which both tokens are expired (190/463); 0 = never. */
  tokenExpiresAt?: number;
  /**
   * When set, publishing needs `pages_manage_posts` (else code 200) and IG `instagram_content_publish` (else
   * 10; with `host: "instagram"`, `instagram_business_content_publish`).
   */
  scopes?: string[];
  /** Observations (status GETs or publish attempts) that still see IN_PROGRESS; default 1. */
  pollsBeforeFinished?: number;
  /** How long the fake waits for an `image_url`; default 3000. */
  fetchTimeoutMs?: number;
}

/** A Page post; `attachedMedia` holds the `media_fbid`s, `photoId` the photo a published upload made it for. */
export interface PagePost {
  id: string;
  message?: string;
  link?: string;
  attachedMedia: string[];
  published: boolean;
  scheduledPublishTime?: string;
  photoId?: string;
  createdTime: Date;
  deleted: boolean;
  permalink: string;
  /** Earlier messages, oldest first, and when the latest edit came (`POST /{post-id}` with `message`). */
  edits?: { previous: string | undefined; at: Date }[];
}

/** A Page photo; `url` is set when it was fetched rather than uploaded as `source`. */
export interface PagePhoto {
  id: string;
  bytes: Buffer;
  url?: string;
  caption?: string;
  altTextCustom?: string;
  published: boolean;
  postId?: string;
  createdTime: Date;
  deleted: boolean;
}

export interface IgContainer extends ContainerBase {
  kind: "IMAGE" | "CAROUSEL";
  caption?: string;
  createdTime: Date;
}

/** Published Instagram media; carousel `children` are not listed in {@link GraphFake.igMedia} themselves. */
export interface IgMedia {
  id: string;
  caption?: string;
  altText?: string;
  mediaType: "IMAGE" | "CAROUSEL_ALBUM";
  children: IgMedia[];
  imageUrl?: string;
  imageBytes?: Buffer;
  shortcode: string;
  permalink: string;
  timestamp: Date;
  containerId: string;
}

/** Fake graph.facebook.com for one Page and its Instagram professional account. */
export class GraphFake extends MetaFake {
  readonly config: Required<Omit<GraphFakeOptions, "scopes" | "igToken">> & Pick<GraphFakeOptions, "scopes" | "igToken">;
  readonly pagePosts: PagePost[] = [];
  readonly photos: PagePhoto[] = [];
  readonly igContainers: IgContainer[] = [];
  readonly igMedia: IgMedia[] = [];
  /** `quota_usage` of `content_publishing_limit`; each publish adds 1 (a carousel counts once). */
  quotaUsage = 0;
  private postSeq = 100_000_000_000_000;
  private readonly mediaById = new Map<string, IgMedia>();

  constructor(options: GraphFakeOptions) {
    const config = { host: "facebook" as const, igAppScopedId: "26000000000000001", pageName: "Test Page", igUsername: "test_ig", appId: "1234567890", quotaTotal: 50, tokenExpiresAt: 0, pollsBeforeFinished: 1, fetchTimeoutMs: 3000, ...options };
    super(config, { objectErrorType: "GraphMethodException", bucKey: config.pageId, bucType: "pages" });
    this.config = config;
    this.registerRoutes();
  }

  /** The next IG container created gets this status (ERROR defaults to subcode 2207001, EXPIRED to 2207020). */
  failNextContainer(status: "ERROR" | "EXPIRED", subcode?: number): this {
    this.containerFaults.push({ status, detail: subcode ?? (status === "EXPIRED" ? 2207020 : 2207001) });
    return this;
  }

  /** Live (not deleted) published posts, newest first. */
  livePosts(): PagePost[] {
    return this.pagePosts.filter((p) => p.published && !p.deleted).reverse();
  }

  protected acceptedTokens(): string[] {
    return [this.config.pageToken, ...(this.config.igToken ? [this.config.igToken] : [])];
  }

  private needScope(scope: string, code: number): void {
    const { scopes } = this.config;
    if (scopes && !scopes.includes(scope)) throw new GraphError({ code });
  }

  /** `id` must be the Page (or "me"). */
  private page(c: Ctx, method: string): void {
    const id = c.params.id!;
    if (id !== this.config.pageId && id !== "me") throw new GraphError(unsupported(method, id, "GraphMethodException"));
  }
  private ig(c: Ctx, method: string): void {
    if (c.params.id !== this.config.igUserId) throw new GraphError(unsupported(method, c.params.id!, "GraphMethodException"));
  }

  private addPost(fields: Omit<PagePost, "id" | "createdTime" | "deleted" | "permalink" | "attachedMedia"> & { attachedMedia?: string[] }): PagePost {
    const n = String(++this.postSeq);
    const { pageId } = this.config;
    const post: PagePost = { id: `${pageId}_${n}`, attachedMedia: [], createdTime: new Date(), deleted: false, permalink: `https://www.facebook.com/${pageId}/posts/${n}`, ...fields };
    this.pagePosts.push(post);
    return post;
  }

  private postView(p: PagePost): Record<string, unknown> {
    const attachments = p.attachedMedia.length ? { data: p.attachedMedia.map((id) => ({ target: { id } })) } : undefined;
    return { id: p.id, message: p.message, link: p.link, created_time: graphTime(p.createdTime), permalink_url: p.permalink, is_published: p.published, attachments };
  }

  private mediaView(m: IgMedia): Record<string, unknown> {
    const { id, caption, permalink, shortcode } = m;
    const children = m.children.length ? { data: m.children.map((ch) => ({ id: ch.id })) } : undefined;
    const more = { media_product_type: "FEED", media_url: m.imageUrl, timestamp: graphTime(m.timestamp), username: this.config.igUsername };
    return { id, caption, alt_text: m.altText, media_type: m.mediaType, permalink, shortcode, children, ...more };
  }

  /** The permission IG publishing needs on this host. */
  private get publishScope(): string {
    return this.config.host === "instagram" ? "instagram_business_content_publish" : "instagram_content_publish";
  }

  private registerRoutes(): void {
    const { pageId, igUserId } = this.config;
    if (this.config.host === "instagram") {
      // graph.instagram.com: the token's Instagram user (https://developers.facebook.com/docs/instagram-platform/reference/me).
      this.api("GET", "/me", (c) => pick({ id: this.config.igAppScopedId, user_id: igUserId, username: this.config.igUsername }, c.fields, ["id"]));
      this.registerPublishing();
      return;
    }

    // Token introspection. Real Graph wants an app token or the token itself as access_token.
    this.api("GET", "/debug_token", (c) => {
      const input = str(c.p, "input_token") ?? "";
      if (!this.acceptedTokens().includes(input)) {
        return { data: { error: { code: 190, message: "Invalid OAuth access token." }, is_valid: false, scopes: [] } };
      }
      const { appId, scopes, tokenExpiresAt } = this.config;
      const now = Math.floor(Date.now() / 1000);
      const isPage = input === this.config.pageToken;
      const allScopes = ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "instagram_basic", "instagram_content_publish"];
      const validity = { expires_at: tokenExpiresAt, is_valid: tokenExpiresAt === 0 || now < tokenExpiresAt, data_access_expires_at: now + 90 * DAY };
      return { data: { app_id: appId, type: isPage ? "PAGE" : "USER", application: "announce", ...validity, scopes: scopes ?? allScopes, profile_id: isPage ? pageId : undefined, user_id: "100000000000001" } };
    }, false);

    // Both tokens act for the Page here (a page token's /me is the Page).
    this.api("GET", "/me", (c) => pick({ id: pageId, name: this.config.pageName }, c.fields, ["id", "name"]));
    this.registerPublishing();
  }

  /** Page and Instagram publishing, and the nodes they make. */
  private registerPublishing(): void {
    const { pageId, igUserId } = this.config;

    // Page feed: text and link posts, multi-photo posts via attached_media.
    this.api("POST", "/:id/feed", (c) => {
      this.page(c, "POST");
      this.needScope("pages_manage_posts", 200);
      const message = str(c.p, "message");
      const link = str(c.p, "link");
      const published = bool(c.p, "published") ?? true;
      const attachedMedia = attachedMediaIds(c.p);
      if (!message && !link && attachedMedia.length === 0) throw invalidParam("Missing message or attachment");
      for (const [i, id] of attachedMedia.entries()) {
        const photo = this.photos.find((ph) => ph.id === id && !ph.deleted);
        if (!photo || photo.published || photo.postId) throw invalidParam(`param attached_media[${i}] has an invalid media_fbid: ${id}`);
      }
      const last = this.livePosts()[0];
      if (published && message && last?.message === message) throw new GraphError({ code: 506 });
      const post = this.addPost({ message, link, published, attachedMedia, scheduledPublishTime: str(c.p, "scheduled_publish_time") });
      for (const id of attachedMedia) this.photos.find((ph) => ph.id === id)!.postId = post.id;
      return { id: post.id };
    });

    const listPosts = (c: Ctx): unknown => {
      this.page(c, "GET");
      return this.paged(c, this.livePosts(), (p) => pick(this.postView(p), c.fields, ["id", "message", "created_time"]));
    };
    this.api("GET", "/:id/feed", listPosts);
    this.api("GET", "/:id/published_posts", listPosts);

    // Page photos: multipart `source` (real JPEG/PNG bytes) or a public `url`.
    this.api("POST", "/:id/photos", async (c) => {
      this.page(c, "POST");
      this.needScope("pages_manage_posts", 200);
      const source = c.p.source;
      const url = str(c.p, "url");
      let bytes: Buffer | undefined;
      if (Buffer.isBuffer(source)) bytes = source;
      else if (url) {
        const got = await this.download(url);
        if (typeof got !== "string") bytes = got.bytes;
      }
      const format = bytes ? await sharp(bytes).metadata().then((m) => m.format, () => undefined) : undefined;
      if (!bytes || (format !== "jpeg" && format !== "png")) throw new GraphError({ code: 324, message: "(#324) Missing or invalid image file" });
      const published = bool(c.p, "published") ?? true;
      const caption = str(c.p, "caption") ?? str(c.p, "message");
      const photo: PagePhoto = { id: this.newId("5010"), bytes, url, caption, altTextCustom: str(c.p, "alt_text_custom"), published, createdTime: new Date(), deleted: false };
      this.photos.push(photo);
      if (!published) return { id: photo.id };
      photo.postId = this.addPost({ message: caption, published: true, photoId: photo.id }).id;
      return { id: photo.id, post_id: photo.postId };
    });

    // Instagram: create a container (the image is downloaded now, as Meta does).
    this.api("POST", "/:id/media", async (c) => {
      this.ig(c, "POST");
      this.needScope(this.publishScope, 10);
      const caption = str(c.p, "caption");
      if (caption && [...caption].length > 2200) throw new GraphError(IG_ERRORS.caption);
      // The fake's choice: Instagram announced 5 hashtags per post (platforms.md §4, Dec 2025), but Meta documents
      // no error for more; this answers a plain invalid parameter, without a subcode.
      const hashtags = caption?.match(/(?<![=/\p{L}\p{N}_&#)])#[\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*/gu)?.length ?? 0;
      if (hashtags > 5) throw invalidParam(`The caption has ${hashtags} hashtags; at most 5 are allowed.`);
      const mediaType = str(c.p, "media_type") ?? "IMAGE";
      if (mediaType === "CAROUSEL") {
        const children = list(c.p.children);
        if (children.length < 2 || children.length > 10) throw new GraphError(IG_ERRORS.carousel);
        for (const id of children) {
          const child = this.igContainers.find((k) => k.id === id);
          if (!child?.isCarouselItem) throw invalidParam(`The carousel item ${id} is not a carousel item container of this account`);
          if (child.status === "ERROR" || child.status === "EXPIRED" || child.status === "PUBLISHED") throw new GraphError(IG_ERRORS.noBuilder);
        }
        return { id: this.addContainer({ kind: "CAROUSEL", caption, children }).id };
      }
      if (mediaType !== "IMAGE") throw invalidParam(`media_type ${mediaType} is not supported by this fake`);
      const imageUrl = str(c.p, "image_url");
      if (!imageUrl) throw invalidParam("The parameter image_url is required.");
      const got = await this.download(imageUrl);
      if (got === "timeout") throw new GraphError(IG_ERRORS.timeout);
      if (got === "failed") throw new GraphError(IG_ERRORS.downloadFailed);
      if (got.bytes.length > 8 * MiB) throw new GraphError(IG_ERRORS.tooLarge);
      if (!got.format || !got.width || !got.height) throw new GraphError(IG_ERRORS.downloadFailed);
      if (got.format !== "jpeg") throw new GraphError(IG_ERRORS.notJpeg);
      const ratio = got.width / got.height;
      // Small tolerance for rounding; Meta does not publish its exact bounds.
      if (ratio < 0.8 - 0.005 || ratio > 1.91 + 0.005) throw new GraphError({ ...IG_ERRORS.aspect, message: `The submitted image with aspect ratio ('${got.width}/${got.height}') cannot be published. Please submit an image with a valid aspect ratio.` });
      const isCarouselItem = bool(c.p, "is_carousel_item") ?? false;
      const container = this.addContainer({ kind: "IMAGE", caption: isCarouselItem ? undefined : caption, imageUrl, altText: str(c.p, "alt_text"), isCarouselItem, imageBytes: got.bytes });
      return { id: container.id };
    });

    this.api("POST", "/:id/media_publish", (c) => {
      this.ig(c, "POST");
      this.needScope(this.publishScope, 10);
      const creationId = str(c.p, "creation_id") ?? "";
      const container = this.igContainers.find((k) => k.id === creationId);
      if (!container || container.isCarouselItem) throw new GraphError(IG_ERRORS.noBuilder);
      if (this.quotaUsage >= this.config.quotaTotal) throw new GraphError(IG_ERRORS.quota);
      const status = this.observe(container);
      if (status === "PUBLISHED") throw new GraphError(IG_ERRORS.noBuilder);
      if (status === "EXPIRED") throw new GraphError(IG_ERRORS.expired);
      if (status === "ERROR") throw new GraphError(igErrorBySubcode(container.forced?.detail));
      if (status === "IN_PROGRESS") throw new GraphError(IG_ERRORS.notReady);
      const media = this.toMedia(container);
      for (const child of container.children.map((id) => this.igContainers.find((k) => k.id === id)!)) {
        media.children.push(this.toMedia(child));
      }
      this.igMedia.push(media);
      this.quotaUsage++;
      return { id: media.id };
    });

    // The account's media, newest first, 25 per page: for reconciliation after a lost answer.
    this.api("GET", "/:id/media", (c) => {
      this.ig(c, "GET");
      return this.paged(c, [...this.igMedia].reverse(), (m) => pick(this.mediaView(m), c.fields));
    });

    this.api("GET", "/:id/content_publishing_limit", (c) => {
      this.ig(c, "GET");
      return limitRow(c, { quota_usage: this.quotaUsage, config: { quota_total: this.config.quotaTotal, quota_duration: DAY } });
    });

    // Any node: the Page, the IG user, posts, photos, IG containers and media.
    this.api("GET", "/:id", (c) => {
      const id = c.params.id!;
      if (id === pageId || id === "me") {
        const view = { id: pageId, name: this.config.pageName, instagram_business_account: { id: igUserId } };
        return pick(view, c.fields, ["id", "name"]);
      }
      if (id === igUserId) return pick({ id, username: this.config.igUsername, name: this.config.pageName }, c.fields);
      const post = this.pagePosts.find((p) => p.id === id && !p.deleted);
      if (post) return pick(this.postView(post), c.fields, ["id", "message", "created_time"]);
      const photo = this.photos.find((p) => p.id === id && !p.deleted);
      if (photo) return pick({ id, name: photo.caption, alt_text_custom: photo.altTextCustom, created_time: graphTime(photo.createdTime), page_story_id: photo.postId }, c.fields);
      const container = this.igContainers.find((k) => k.id === id);
      if (container) {
        const wantsStatus = c.fields?.some((f) => f === "status" || f === "status_code");
        const status = wantsStatus ? this.observe(container) : container.status;
        return pick({ id, status_code: status, status: igStatusText(status, container.forced?.detail) }, c.fields);
      }
      const media = this.mediaById.get(id);
      if (media) return pick(this.mediaView(media), c.fields);
      throw new GraphError(unsupported("GET", id, "GraphMethodException"));
    });

    // Edit a Page post's message (IG media cannot be edited).
    this.api("POST", "/:id", (c) => {
      this.needScope("pages_manage_posts", 200);
      const post = this.pagePosts.find((p) => p.id === c.params.id && !p.deleted);
      if (!post) throw new GraphError(unsupported("POST", c.params.id!, "GraphMethodException"));
      const message = str(c.p, "message");
      if (message !== undefined) {
        (post.edits ??= []).push({ previous: post.message, at: new Date() });
        post.message = message;
      }
      return { success: true };
    });

    // Delete a Page post or photo. Instagram media has no delete in the API ("not supported" in the IG Media
    // reference), so a DELETE on it answers the unsupported-request error like any unknown node.
    this.api("DELETE", "/:id", (c) => {
      this.needScope("pages_manage_posts", 200);
      const id = c.params.id!;
      const target = this.pagePosts.find((p) => p.id === id && !p.deleted) ?? this.photos.find((p) => p.id === id && !p.deleted);
      if (!target) throw new GraphError(unsupported("DELETE", id, "GraphMethodException"));
      target.deleted = true;
      if ("photoId" in target && target.photoId) this.photos.find((p) => p.id === target.photoId)!.deleted = true;
      if ("postId" in target && target.postId) this.pagePosts.find((p) => p.id === target.postId)!.deleted = true;
      return { success: true };
    });

    this.catchAll();
  }

  private addContainer(fields: Pick<IgContainer, "kind"> & Partial<IgContainer>): IgContainer {
    const container = this.newContainer<IgContainer>({ createdTime: new Date(), ...fields });
    this.igContainers.push(container);
    return container;
  }

  private toMedia(container: IgContainer): IgMedia {
    container.status = "PUBLISHED";
    const code = shortcode();
    const { caption, altText, imageUrl, imageBytes } = container;
    const mediaType = container.kind === "CAROUSEL" ? "CAROUSEL_ALBUM" : "IMAGE";
    const media: IgMedia = { id: this.newId("1790"), caption, altText, mediaType, children: [], imageUrl, imageBytes, shortcode: code, permalink: `https://www.instagram.com/p/${code}/`, timestamp: new Date(), containerId: container.id };
    container.mediaId = media.id;
    this.mediaById.set(media.id, media);
    return media;
  }
}

function igErrorBySubcode(subcode: number | string | undefined): GraphErrorSpec {
  return Object.values(IG_ERRORS).find((e) => e.subcode === subcode) ?? { ...IG_ERRORS.serverError, subcode: Number(subcode) || 2207001 };
}

/** The human-readable `status` field of an IG container. */
function igStatusText(status: ContainerStatus, detail: number | string | undefined): string {
  if (status === "ERROR") return `Error: ${igErrorBySubcode(detail).message} (subcode ${detail})`;
  return {
    IN_PROGRESS: "In Progress: Media is still being processed.",
    FINISHED: "Finished: Media has been uploaded and it is ready to be published.",
    PUBLISHED: "Published: Media has been successfully published.",
    EXPIRED: "Expired: Media was not published within 24 hours and has expired.",
  }[status];
}

/** `attached_media` as an array/JSON of `{media_fbid}`, or `attached_media[i]` form fields. */
function attachedMediaIds(p: Params): string[] {
  const one = (v: unknown): string => {
    const o = typeof v === "string" && v.trim().startsWith("{") ? (JSON.parse(v) as unknown) : v;
    return typeof o === "object" && o !== null ? String((o as { media_fbid?: unknown }).media_fbid) : String(o);
  };
  const v = p.attached_media;
  if (Array.isArray(v)) return v.map(one);
  if (typeof v === "string" && v.trim().startsWith("[")) return (JSON.parse(v) as unknown[]).map(one);
  return Object.entries(p)
    .map(([k, val]) => [/^attached_media\[(\d+)\](?:\[media_fbid\])?$/.exec(k)?.[1], val] as const)
    .filter((e): e is readonly [string, unknown] => e[0] !== undefined)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, val]) => one(val));
}

// ---------------------------------------------------------------------------------------------------------
// graph.threads.net
// ---------------------------------------------------------------------------------------------------------

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Text length as Threads counts it: "Text posts are limited to 500 characters. Emojis are counted as the
 * number of UTF-8 bytes" ({@link https://developers.facebook.com/docs/threads/posts | Threads posts}).
 * Other user-perceived characters count 1; an emoji sequence counts all its bytes (ZWJ, selectors included).
 */
export function threadsTextLength(text: string): number {
  let n = 0;
  for (const { segment } of graphemes.segment(text)) n += EMOJI.test(segment) ? Buffer.byteLength(segment, "utf8") : 1;
  return n;
}

/** Distinct links: http(s) and www. URLs in the text plus a different `link_attachment`. */
function threadsLinks(text: string, attachment?: string): Set<string> {
  const found = text.match(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? [];
  const links = new Set(found.map((u) => u.replace(/[.,;:!?)\]]+$/, "")));
  if (attachment) links.add(attachment);
  return links;
}

export interface ThreadsFakeOptions {
  userId: string;
  username?: string;
  token: string;
  /** Posts per 24 h; default 250. */
  quotaTotal?: number;
  replyQuotaTotal?: number;
  deleteQuotaTotal?: number;
  tokenExpiresAt?: number;
  pollsBeforeFinished?: number;
  fetchTimeoutMs?: number;
  /** Scopes `debug_token` reports; default: all four publishing needs. */
  scopes?: string[];
  /**
   * false: the token's user is not a tester of the app, so `debug_token` refuses to answer (the docs require
   * a tester's token; the refusal's exact code is not documented: 10, "permission", is this fake's choice).
   */
  tester?: boolean;
}

export interface ThreadsContainer extends ContainerBase {
  mediaType: "TEXT" | "IMAGE" | "CAROUSEL";
  text?: string;
  replyToId?: string;
  linkAttachment?: string;
  /** `error_message` while in ERROR. */
  errorMessage?: string;
}

export interface ThreadsPost {
  id: string;
  mediaType: "TEXT_POST" | "IMAGE" | "CAROUSEL_ALBUM";
  text?: string;
  replyToId?: string;
  imageUrl?: string;
  altText?: string;
  imageBytes?: Buffer;
  linkAttachment?: string;
  /** Carousel items (not listed in {@link ThreadsFake.threadsPosts} themselves). */
  children: ThreadsPost[];
  shortcode: string;
  permalink: string;
  timestamp: Date;
  deleted: boolean;
  containerId: string;
}

/** Fake graph.threads.net for one Threads user. */
export class ThreadsFake extends MetaFake {
  readonly config: Required<ThreadsFakeOptions>;
  readonly threadsContainers: ThreadsContainer[] = [];
  readonly threadsPosts: ThreadsPost[] = [];
  quotaUsage = 0;
  replyQuotaUsage = 0;
  deleteQuotaUsage = 0;
  /**
   * Listings (`/threads`, `/replies`) leave out posts younger than this: Meta's listings are eventually
   * consistent, so a post that was just published may not be listed yet (0: listed at once).
   */
  listingDelayMs = 0;
  private readonly postById = new Map<string, ThreadsPost>();

  constructor(options: ThreadsFakeOptions) {
    const scopes = ["threads_basic", "threads_content_publish", "threads_manage_replies", "threads_delete"];
    const config = { username: "test_threads", quotaTotal: 250, replyQuotaTotal: 1000, deleteQuotaTotal: 100, tokenExpiresAt: 0, pollsBeforeFinished: 1, fetchTimeoutMs: 3000, scopes, tester: true, ...options };
    super(config, { objectErrorType: "THApiException", bucKey: config.userId, bucType: "threads" });
    this.config = config;
    this.registerRoutes();
  }

  /** The next container created gets this status; ERROR carries `error_message` (default "UNKNOWN"). */
  failNextContainer(status: "ERROR" | "EXPIRED", errorMessage = "UNKNOWN"): this {
    this.containerFaults.push({ status, detail: errorMessage });
    return this;
  }

  protected acceptedTokens(): string[] {
    return [this.config.token];
  }

  private user(c: Ctx, method: string): void {
    const id = c.params.id!;
    if (id !== this.config.userId && id !== "me") throw new GraphError(unsupported(method, id, "THApiException"));
  }

  private view(p: ThreadsPost): Record<string, unknown> {
    const { id, text, permalink, shortcode } = p;
    const children = p.children.length ? { data: p.children.map((ch) => ({ id: ch.id })) } : undefined;
    const reply = { is_reply: p.replyToId !== undefined, replied_to: p.replyToId ? { id: p.replyToId } : undefined };
    const more = { media_product_type: "THREADS", owner: { id: this.config.userId }, username: this.config.username, is_quote_post: false };
    return { id, text, permalink, shortcode, media_type: p.mediaType, media_url: p.imageUrl, timestamp: graphTime(p.timestamp), alt_text: p.altText, link_attachment_url: p.linkAttachment, children, ...reply, ...more };
  }

  private registerRoutes(): void {
    const { userId, username } = this.config;

    this.api("GET", "/me", (c) => pick({ id: userId, username, name: username }, c.fields, ["id"]));

    // Debug Access Token (Threads docs, troubleshooting/debug-access-token): access_token must be a tester's
    // token of the app that issued input_token.
    this.api("GET", "/debug_token", (c) => {
      if (!this.config.tester) throw new GraphError({ code: 10, type: "THApiException" });
      const input = str(c.p, "input_token") ?? "";
      const now = Math.floor(Date.now() / 1000);
      const { tokenExpiresAt } = this.config;
      if (input !== this.config.token) return { data: { type: "USER", application: "announce", is_valid: false, scopes: [] } };
      const { scopes } = this.config;
      const validity = { expires_at: tokenExpiresAt, is_valid: tokenExpiresAt === 0 || now < tokenExpiresAt, issued_at: now - DAY, data_access_expires_at: now + 90 * DAY };
      return { data: { type: "USER", application: "announce", ...validity, scopes, user_id: userId } };
    });

    this.api("POST", "/:id/threads", async (c) => {
      this.user(c, "POST");
      const mediaType = (str(c.p, "media_type") ?? "TEXT").toUpperCase();
      const text = str(c.p, "text");
      const linkAttachment = str(c.p, "link_attachment");
      const isCarouselItem = bool(c.p, "is_carousel_item") ?? false;
      if (mediaType !== "TEXT" && mediaType !== "IMAGE" && mediaType !== "CAROUSEL") throw invalidParam(`media_type ${mediaType} is not supported by this fake`);
      if (text !== undefined && threadsTextLength(text) > 500) throw invalidParam("Param text must be at most 500 characters long.");
      if (mediaType === "TEXT" && !text) throw invalidParam("Param text is required for TEXT posts.");
      if (linkAttachment && mediaType !== "TEXT") throw invalidParam("link_attachment is only supported for text posts.");
      if (threadsLinks(text ?? "", linkAttachment).size > 5) {
        throw new GraphError({ code: 100, message: "THREADS_API__LINK_LIMIT_EXCEEDED", userTitle: "Too many links", userMsg: "A post can have at most 5 unique links." });
      }
      const replyToId = str(c.p, "reply_to_id");
      if (replyToId !== undefined) {
        const parent = this.postById.get(replyToId);
        if (!parent || parent.deleted) throw invalidParam(`Param reply_to_id must be the id of a published post: ${replyToId}`);
      }
      const fields: Partial<ThreadsContainer> & Pick<ThreadsContainer, "mediaType"> = { mediaType, text, replyToId, linkAttachment, isCarouselItem };
      if (mediaType === "CAROUSEL") {
        const children = list(c.p.children);
        if (children.length < 2 || children.length > 20) throw new GraphError({ ...IG_ERRORS.carousel, message: "Carousels need at least 2 and at most 20 items." });
        for (const id of children) {
          if (!this.threadsContainers.find((k) => k.id === id)?.isCarouselItem) throw invalidParam(`Child ${id} is not a carousel item container of this user`);
        }
        fields.children = children;
      }
      if (mediaType === "IMAGE") {
        const imageUrl = str(c.p, "image_url");
        if (!imageUrl) throw invalidParam("Param image_url is required for IMAGE posts.");
        const got = await this.download(imageUrl);
        if (typeof got === "string" || !got.format) throw new GraphError({ code: 100, subcode: 2207052, message: "Media download has failed." });
        if (got.bytes.length > 8 * MiB) throw new GraphError({ code: 100, subcode: 2207004, message: "The image is too large. It should be at most 8 MB." });
        if (got.format !== "jpeg" && got.format !== "png") throw new GraphError({ code: 100, subcode: 2207005, message: "The image format is not supported. Supported formats are: JPEG, PNG." });
        const ratio = got.width! / got.height!;
        if (ratio > 10 || ratio < 1 / 10) throw new GraphError({ code: 100, subcode: 2207009, message: "The image aspect ratio is not supported (at most 10:1)." });
        Object.assign(fields, { imageUrl, altText: str(c.p, "alt_text"), imageBytes: got.bytes });
      }
      const container = this.newContainer<ThreadsContainer>(fields);
      this.threadsContainers.push(container);
      if (mediaType === "TEXT" && bool(c.p, "auto_publish_text")) return { id: this.publish(container, true).id };
      return { id: container.id };
    });

    this.api("POST", "/:id/threads_publish", (c) => {
      this.user(c, "POST");
      const container = this.threadsContainers.find((k) => k.id === str(c.p, "creation_id"));
      if (!container || container.isCarouselItem) throw new GraphError(IG_ERRORS.noBuilder);
      return { id: this.publish(container).id };
    });

    this.api("GET", "/:id/threads_publishing_limit", (c) => {
      this.user(c, "GET");
      const { quotaTotal, replyQuotaTotal, deleteQuotaTotal } = this.config;
      const cfg = (quota_total: number) => ({ quota_total, quota_duration: DAY });
      return limitRow(c, {
        ...{ quota_usage: this.quotaUsage, config: cfg(quotaTotal), reply_quota_usage: this.replyQuotaUsage, reply_config: cfg(replyQuotaTotal) },
        ...{ delete_quota_usage: this.deleteQuotaUsage, delete_config: cfg(deleteQuotaTotal) },
      });
    });

    // The user's posts (`/threads`) and replies (`/replies`), newest first, 25 per page.
    const listPosts = (replies: boolean) => (c: Ctx) => {
      this.user(c, "GET");
      const listed = Date.now() - this.listingDelayMs;
      const posts = this.threadsPosts.filter((p) => !p.deleted && (p.replyToId !== undefined) === replies && p.timestamp.getTime() <= listed).reverse();
      return this.paged(c, posts, (p) => pick(this.view(p), c.fields));
    };
    this.api("GET", "/:id/threads", listPosts(false));
    this.api("GET", "/:id/replies", listPosts(true));

    this.api("GET", "/:id", (c) => {
      const id = c.params.id!;
      if (id === userId) return pick({ id, username, name: username }, c.fields);
      const container = this.threadsContainers.find((k) => k.id === id);
      if (container) {
        const status = c.fields?.includes("status") ? this.observe(container) : container.status;
        const errorMessage = status === "ERROR" ? String(container.forced?.detail ?? "UNKNOWN") : undefined;
        container.errorMessage = errorMessage;
        return pick({ id, status, error_message: errorMessage }, c.fields);
      }
      const post = this.postById.get(id);
      if (post && !post.deleted) return pick(this.view(post), c.fields);
      throw new GraphError(unsupported("GET", id, "THApiException"));
    });

    this.api("DELETE", "/:id", (c) => {
      const post = this.postById.get(c.params.id!);
      if (!post || post.deleted) throw new GraphError(unsupported("DELETE", c.params.id!, "THApiException"));
      if (this.deleteQuotaUsage >= this.config.deleteQuotaTotal) throw new GraphError({ ...IG_ERRORS.quota, userMsg: "You reached the maximum number of deletes per day." });
      post.deleted = true;
      this.deleteQuotaUsage++;
      return { success: true, deleted_id: post.id };
    });

    this.catchAll();
  }

  /** Publishes a container; `auto` (auto_publish_text) skips the processing wait. */
  private publish(container: ThreadsContainer, auto = false): ThreadsPost {
    const isReply = container.replyToId !== undefined;
    if (isReply ? this.replyQuotaUsage >= this.config.replyQuotaTotal : this.quotaUsage >= this.config.quotaTotal) {
      throw new GraphError(IG_ERRORS.quota);
    }
    const status = auto ? "FINISHED" : this.observe(container);
    if (status === "PUBLISHED") throw new GraphError(IG_ERRORS.noBuilder);
    if (status === "EXPIRED") throw new GraphError(IG_ERRORS.expired);
    if (status === "ERROR") throw new GraphError({ code: 100, message: `(#100) The media container is in ERROR state: ${String(container.forced?.detail)}` });
    if (status === "IN_PROGRESS") throw new GraphError(IG_ERRORS.notReady);
    const post = this.toPost(container);
    for (const id of container.children) post.children.push(this.toPost(this.threadsContainers.find((k) => k.id === id)!));
    this.threadsPosts.push(post);
    if (isReply) this.replyQuotaUsage++;
    else this.quotaUsage++;
    return post;
  }

  private toPost(container: ThreadsContainer): ThreadsPost {
    container.status = "PUBLISHED";
    const code = shortcode();
    const mediaType = ({ TEXT: "TEXT_POST", IMAGE: "IMAGE", CAROUSEL: "CAROUSEL_ALBUM" } as const)[container.mediaType];
    const { text, replyToId, imageUrl, altText, imageBytes, linkAttachment } = container;
    const permalink = `https://www.threads.net/@${this.config.username}/post/${code}`;
    const post: ThreadsPost = { id: this.newId("1800"), mediaType, text, replyToId, imageUrl, altText, imageBytes, linkAttachment, children: [], shortcode: code, permalink, timestamp: new Date(), deleted: false, containerId: container.id };
    container.mediaId = post.id;
    this.postById.set(post.id, post);
    return post;
  }
}
