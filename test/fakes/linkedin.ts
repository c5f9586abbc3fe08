/**
 * A stateful fake of LinkedIn's versioned REST API for organization posts:
 * {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api | Posts API},
 * {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api | Images API},
 * {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format | little text format}
 * and {@link https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection | token introspection}.
 *
 * Every `/rest` request needs `Authorization: Bearer`, `LinkedIn-Version: YYYYMM` and
 * `X-Restli-Protocol-Version: 2.0.0`. Bodies are checked like Rest.li does (unknown fields, missing fields, unions:
 * 422 `{"message":"ERROR :: /path :: …","status":422}`). Where LinkedIn publishes no exact wording (commentary too
 * long, bad media), the status code and envelope follow LinkedIn's, the message is the fake's own. The 3000
 * character limit is checked on the commentary as sent (UTF-16 code units, escapes included).
 */
import { FakeServer, type FakeResponse, type RecordedRequest, type RouteHandler } from "./fake-server.js";

export interface LinkedInFakeOptions {
  /** The member access token the tool was given. */
  token: string;
  /** The organization URN posts are published as, e.g. "urn:li:organization:123". */
  organization: string;
  /** Versions older than this ("YYYYMM") answer 426 NONEXISTENT_VERSION. */
  sunsetBefore?: string;
  /** Token expiry in epoch seconds (default: start + 60 days). */
  tokenExpiresAt?: number;
  clientId?: string;
  clientSecret?: string;
  /** Scopes reported by introspection (default "w_organization_social"). */
  scope?: string;
}

/** A post as the fake stores it (deleted ones stay, with `deleted: true`). */
export interface StoredPost {
  urn: string;
  author: string;
  /** The commentary exactly as sent (little text). */
  body: string;
  /** What LinkedIn shows, see {@link renderLittleText}. */
  visibleText: string;
  /** The real (clickable) hashtags, without '#'; an escaped `\#` is plain text and not among them. */
  hashtags: string[];
  truncated: boolean;
  /** The whole create request body (the latest commentary after partial updates). */
  entity: Record<string, unknown>;
  createdAt: number;
  lastModifiedAt: number;
  edited: boolean;
  deleted: boolean;
}

/** An image registered with initializeUpload; `bytes` is set once the upload PUT arrived. */
export interface StoredImage {
  urn: string;
  owner: string;
  bytes?: Buffer;
  uploadUrlExpiresAt: number;
}

const COMMENTARY_LIMIT = 3000;
const ALT_TEXT_LIMIT = 4086;
const RESERVED = new Set("|{}@[]()<>#\\*_~");
const WORD = /^[\p{L}\p{M}\p{N}]+/u;

/**
 * What LinkedIn shows for a little-text commentary: `\X` shows as X; `#word` and `{hashtag|\#|word}` show as
 * hashtags; `@[Name](urn:li:organization:N)` (or `urn:li:person:N`) shows as Name. Any other unescaped reserved
 * character (`| { } @ [ ] ( ) < > # \ * _ ~`) cuts the text there, which LinkedIn does silently.
 */
export function renderLittleText(commentary: string): { visibleText: string; hashtags: string[]; truncated: boolean } {
  let out = "";
  const hashtags: string[] = [];
  let i = 0;
  while (i < commentary.length) {
    const c = commentary[i]!;
    const rest = commentary.slice(i);
    if (!RESERVED.has(c)) {
      out += c;
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    if (c === "\\" && i + 1 < commentary.length) {
      const next = String.fromCodePoint(commentary.codePointAt(i + 1)!);
      out += next;
      i += 1 + next.length;
    } else if (c === "#" && (m = WORD.exec(rest.slice(1)))) {
      out += `#${m[0]}`;
      hashtags.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === "{" && (m = /^\{hashtag\|\\?[#＃]\|([\p{L}\p{M}\p{N}_]+)\}/u.exec(rest))) {
      out += `#${m[1]}`;
      hashtags.push(m[1]!);
      i += m[0].length;
    } else if (c === "@" && (m = /^@\[((?:\\.|[^\]\\])*)\]\(urn:li:(?:organization|person):\d+\)/u.exec(rest))) {
      out += m[1]!.replace(/\\(.)/gu, "$1");
      i += m[0].length;
    } else {
      return { visibleText: out, hashtags, truncated: true };
    }
  }
  return { visibleText: out, hashtags, truncated: false };
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Rest.li schema validation failure. */
function schemaError(path: string, problem: string): FakeResponse {
  return { status: 422, body: { message: `ERROR :: ${path} :: ${problem}\n`, status: 422 } };
}

/** The Posts API's BadRequest envelope (as in the DUPLICATE_POST answer). */
function badRequest(status: number, message: string, description: string, code: string, fieldPath?: string): FakeResponse {
  const input = fieldPath ? { inputPath: { fieldPath } } : {};
  return {
    status,
    body: { errorDetailType: "com.linkedin.common.error.BadRequest", message: `com.linkedin.content.common.exception.BadRequestResponseException: ${message}`, errorDetails: { inputErrors: [{ description, input, code }] }, status },
  };
}

function plain(status: number, message: string, code?: string, serviceErrorCode?: number): FakeResponse {
  return { status, body: { status, ...(serviceErrorCode !== undefined ? { serviceErrorCode } : {}), ...(code ? { code } : {}), message } };
}

/**
 * Checks `value` against a record schema: `fields` maps each allowed field to its type ("string", "boolean",
 * "array", "object", or a list of enum symbols); names ending in "?" are optional. Returns the first error.
 */
function checkRecord(value: unknown, path: string, fields: Record<string, string | string[]>): FakeResponse | undefined {
  if (!isRecord(value)) return schemaError(path || "/", `${JSON.stringify(value)} is not a record`);
  const spec = new Map(Object.entries(fields).map(([k, t]) => [k.replace(/\?$/, ""), { type: t, optional: k.endsWith("?") }]));
  for (const key of Object.keys(value)) if (!spec.has(key)) return schemaError(`${path}/${key}`, "unrecognized field found but not allowed");
  for (const [key, { type, optional }] of spec) {
    const v = value[key];
    if (v === undefined) {
      if (!optional) return schemaError(`${path}/${key}`, "field is required but not found and has no default value");
      continue;
    }
    const ok = Array.isArray(type) ? typeof v === "string" && type.includes(v) : type === "array" ? Array.isArray(v) : type === "object" ? isRecord(v) : typeof v === type;
    if (!ok) return schemaError(`${path}/${key}`, Array.isArray(type) ? `${JSON.stringify(v)} is not an enum symbol` : `${JSON.stringify(v)} is not a ${type}`);
  }
  return undefined;
}

/** Fake LinkedIn API server; see the file comment. */
export class LinkedInFake extends FakeServer {
  readonly posts: StoredPost[] = [];
  readonly images: StoredImage[] = [];
  /** Token expiry in epoch seconds; tests may move it. */
  tokenExpiresAt: number;
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private nextShare = 0n;

  constructor(private readonly options: LinkedInFakeOptions) {
    super();
    this.tokenExpiresAt = options.tokenExpiresAt ?? this.createdAt + 60 * 24 * 3600;
    this.route("POST", "/rest/posts", this.rest((req, version) => this.createPost(req, version)));
    this.route("GET", "/rest/posts", this.rest((req) => this.findByAuthor(req)));
    this.route("GET", "/rest/posts/:urn", this.rest((req) => {
      const post = this.livePost(req);
      return post ? { status: 200, body: this.postJson(post) } : plain(404, "Not Found");
    }));
    this.route("DELETE", "/rest/posts/:urn", this.rest((req) => {
      const post = this.posts.find((p) => p.urn === this.pathUrn(req));
      if (!post) return plain(404, "Not Found");
      post.deleted = true;
      return { status: 204 };
    }));
    this.route("POST", "/rest/posts/:urn", this.rest((req) => this.updatePost(req)));
    this.route("POST", "/rest/images", this.rest((req) => this.initializeUpload(req)));
    this.route("GET", "/rest/images/:urn", this.rest((req) => {
      const image = this.images.find((i) => i.urn === this.pathUrn(req));
      return image ? { status: 200, body: this.imageJson(image) } : plain(404, "Not Found");
    }));
    this.route("PUT", "/upload/:id", (req, p) => this.upload(req, p.id!));
    this.route("POST", "/oauth/v2/introspectToken", (req) => this.introspect(req));
  }

  /** Posts that were not deleted. */
  get livePosts(): StoredPost[] {
    return this.posts.filter((p) => !p.deleted);
  }

  /** The next `times` requests answer 429 TOO_MANY_REQUESTS (with Retry-After only when `retryAfterSeconds` is given). */
  fail429(path: string, retryAfterSeconds?: number, method = "POST", times = 1): this {
    const response = plain(429, "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", "TOO_MANY_REQUESTS", 101);
    if (retryAfterSeconds !== undefined) response.headers = { "retry-after": String(retryAfterSeconds) };
    return this.failNext(method, path, { kind: "respond", response }, times);
  }

  /** The next `times` requests answer 500. */
  fail500(path: string, method = "POST", times = 1): this {
    return this.failNext(method, path, { kind: "respond", response: plain(500, "Internal Server Error") }, times);
  }

  /** The next request runs (so a post is stored) but the connection closes before the answer. */
  dropAfterStore(path: string, method = "POST"): this {
    return this.failNext(method, path, { kind: "drop-after" });
  }

  private tokenError(req: RecordedRequest): FakeResponse | undefined {
    if (req.headers.authorization !== `Bearer ${this.options.token}`) return plain(401, "Invalid access token", "INVALID_ACCESS_TOKEN", 65600);
    if (Date.now() / 1000 >= this.tokenExpiresAt) return plain(401, "The token used in the request has expired", "EXPIRED_ACCESS_TOKEN", 65601);
    return undefined;
  }

  /** A `/rest` route: token, LinkedIn-Version and X-Restli-Protocol-Version are checked first. */
  private rest(handler: (req: RecordedRequest, version: string) => FakeResponse): RouteHandler {
    return (req) => {
      const tokenError = this.tokenError(req);
      if (tokenError) return tokenError;
      const version = req.headers["linkedin-version"];
      if (typeof version !== "string" || version === "") {
        return plain(400, "A version must be present. Please specify a version by adding the LinkedIn-Version header.", "VERSION_MISSING");
      }
      if (!/^\d{6}$/.test(version) || Number(version.slice(4)) < 1 || Number(version.slice(4)) > 12) return plain(400, `Invalid version ${version}`, "INVALID_VERSION");
      if (this.options.sunsetBefore && version < this.options.sunsetBefore) return plain(426, `Requested version ${version}01 is not active`, "NONEXISTENT_VERSION");
      if (req.headers["x-restli-protocol-version"] !== "2.0.0") return plain(400, "X-Restli-Protocol-Version: 2.0.0 is required", "INVALID_PROTOCOL_VERSION");
      if (/\/urn:li:/.test(req.rawPath)) return plain(400, "Syntax exception in path variables");
      return handler(req, version);
    };
  }

  private pathUrn(req: RecordedRequest): string {
    return req.path.split("/").at(-1)!;
  }

  private livePost(req: RecordedRequest): StoredPost | undefined {
    return this.posts.find((p) => p.urn === this.pathUrn(req) && !p.deleted);
  }

  private readBody(req: RecordedRequest): unknown {
    try {
      return JSON.parse(req.body.toString("utf8"));
    } catch {
      return undefined;
    }
  }

  /** The image behind a media URN, if it was uploaded for the organization. */
  private checkImage(id: unknown, fieldPath: string): FakeResponse | undefined {
    const image = this.images.find((i) => i.urn === id && i.owner === this.options.organization);
    if (image?.bytes) return undefined;
    return badRequest(422, `Invalid media ${String(id)}`, image ? "The image upload is not complete" : "The image does not exist", "INVALID_MEDIA", fieldPath);
  }

  private checkContent(content: unknown): FakeResponse | undefined {
    const shape = checkRecord(content, "/content", { "media?": "object", "multiImage?": "object", "article?": "object" });
    if (shape) return shape;
    const c = content as Json;
    if (Object.keys(c).length !== 1) return schemaError("/content", "DataMap should have exactly one entry for a union type");
    const altText = (alt: unknown, path: string): FakeResponse | undefined =>
      typeof alt === "string" && alt.length > ALT_TEXT_LIMIT ? badRequest(422, `altText is longer than ${ALT_TEXT_LIMIT} characters`, "Alt text too long", "INVALID_FIELD_LENGTH", path) : undefined;
    if (c.media) {
      const e = checkRecord(c.media, "/content/media", { id: "string", "altText?": "string", "title?": "string" });
      return e ?? altText((c.media as Json).altText, "/content/media/altText") ?? this.checkImage((c.media as Json).id, "/content/media/id");
    }
    if (c.multiImage) {
      const e = checkRecord(c.multiImage, "/content/multiImage", { images: "array", "altText?": "string" });
      if (e) return e;
      const images = (c.multiImage as Json).images as unknown[];
      if (images.length < 2 || images.length > 20) return badRequest(422, `multiImage needs 2 to 20 images, got ${images.length}`, "Invalid number of images", "INVALID_IMAGE_COUNT", "/content/multiImage/images");
      for (const [n, image] of images.entries()) {
        const path = `/content/multiImage/images/${n}`;
        const err = checkRecord(image, path, { id: "string", "altText?": "string" }) ?? altText((image as Json).altText, `${path}/altText`) ?? this.checkImage((image as Json).id, `${path}/id`);
        if (err) return err;
      }
      return undefined;
    }
    const e = checkRecord(c.article, "/content/article", { source: "string", title: "string", "description?": "string", "thumbnail?": "string", "thumbnailAltText?": "string" });
    const thumbnail = (c.article as Json).thumbnail;
    return e ?? (thumbnail === undefined ? undefined : this.checkImage(thumbnail, "/content/article/thumbnail"));
  }

  private createPost(req: RecordedRequest, version: string): FakeResponse {
    const body = this.readBody(req);
    const shape = checkRecord(body, "", {
      author: "string", commentary: "string", visibility: ["PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER_ONLY"], distribution: "object",
      lifecycleState: ["PUBLISHED", "DRAFT", "PUBLISH_REQUESTED", "PUBLISH_FAILED"], "isReshareDisabledByAuthor?": "boolean",
      "content?": "object", "contentLandingPage?": "string", "contentCallToActionLabel?": "string", "container?": "string", "reshareContext?": "object", "adContext?": "object",
    });
    if (shape) return shape;
    const post = body as Json;
    const distribution = checkRecord(post.distribution, "/distribution", { feedDistribution: ["MAIN_FEED", "NONE"], "targetEntities?": "array", "thirdPartyDistributionChannels?": "array" });
    if (distribution) return distribution;
    if (post.author !== this.options.organization) return plain(403, `Not enough permissions to access: partnerApiPostsExternal.CREATE.${version}01`, "ACCESS_DENIED", 100);
    if (post.lifecycleState !== "PUBLISHED") return badRequest(422, "lifecycleState must be PUBLISHED on create", "Invalid lifecycleState", "INVALID_VALUE", "/lifecycleState");
    if (post.content !== undefined) {
      const content = this.checkContent(post.content);
      if (content) return content;
    }
    const commentary = post.commentary as string;
    if (commentary.length > COMMENTARY_LIMIT) {
      return badRequest(422, `Commentary is ${commentary.length} characters, more than ${COMMENTARY_LIMIT}`, "Commentary too long", "INVALID_FIELD_LENGTH", "/commentary");
    }
    const duplicate = this.livePosts.find((p) => p.author === post.author && p.body === commentary);
    if (duplicate) return badRequest(422, `Content is a duplicate of ${duplicate.urn}`, "Duplicate post is detected", "DUPLICATE_POST");
    this.nextShare += 1n;
    const now = Date.now();
    const urn = `urn:li:share:${7_300_000_000_000_000_000n + this.nextShare}`;
    this.posts.push({ urn, author: post.author as string, body: commentary, ...renderLittleText(commentary), entity: post, createdAt: now, lastModifiedAt: now, edited: false, deleted: false });
    return { status: 201, headers: { "x-restli-id": urn } };
  }

  private updatePost(req: RecordedRequest): FakeResponse {
    if (String(req.headers["x-restli-method"]).toUpperCase() !== "PARTIAL_UPDATE") return plain(400, "POST on an entity requires X-RestLi-Method: PARTIAL_UPDATE");
    const post = this.livePost(req);
    if (!post) return plain(404, "Not Found");
    const body = this.readBody(req);
    const err = checkRecord(body, "", { patch: "object" }) ?? checkRecord((body as Json).patch, "/patch", { $set: "object" });
    if (err) return err;
    const set = ((body as Json).patch as Json).$set as Json;
    const fields = checkRecord(set, "/patch/$set", { "commentary?": "string", "contentCallToActionLabel?": "string", "contentLandingPage?": "string", "lifecycleState?": ["PUBLISHED"] });
    if (fields) return fields;
    if (typeof set.commentary === "string") {
      if (set.commentary.length > COMMENTARY_LIMIT) return badRequest(422, `Commentary is ${set.commentary.length} characters, more than ${COMMENTARY_LIMIT}`, "Commentary too long", "INVALID_FIELD_LENGTH", "/commentary");
      Object.assign(post, { body: set.commentary, ...renderLittleText(set.commentary) });
    }
    Object.assign(post, { entity: { ...post.entity, ...set }, lastModifiedAt: Date.now(), edited: true });
    return { status: 204 };
  }

  /**
   * The Posts API's "find posts by authors" finder: `GET /rest/posts?author={urn}&q=author&count=&start=&sortBy=`
   * (sortBy LAST_MODIFIED, the default, or CREATED; newest first), `{ paging: { start, count, links }, elements }`
   * with a `next` link while more follow. Deleted posts are not listed.
   */
  private findByAuthor(req: RecordedRequest): FakeResponse {
    if (req.query.get("q") !== "author") return plain(400, `Unsupported finder ${req.query.get("q") ?? "(none)"}`);
    const author = req.query.get("author");
    if (!author) return plain(400, "Required parameter author is missing");
    if (author !== this.options.organization) return plain(403, "Not enough permissions to access: partnerApiPostsExternal.FINDER-author", "ACCESS_DENIED", 100);
    const sortBy = req.query.get("sortBy") ?? "LAST_MODIFIED";
    if (sortBy !== "LAST_MODIFIED" && sortBy !== "CREATED") return plain(400, `Invalid sortBy ${sortBy}`);
    const count = Math.min(Math.max(Number(req.query.get("count") ?? 10) || 10, 1), 100);
    const start = Math.max(Number(req.query.get("start") ?? 0) || 0, 0);
    const at = (p: StoredPost) => (sortBy === "CREATED" ? p.createdAt : p.lastModifiedAt);
    const all = this.livePosts.filter((p) => p.author === author).sort((a, b) => at(b) - at(a));
    const elements = all.slice(start, start + count).map((p) => this.postJson(p));
    const next = start + count < all.length ? [{ rel: "next", type: "application/json", href: `/rest/posts?author=${encodeURIComponent(author)}&q=author&count=${count}&start=${start + count}&sortBy=${sortBy}` }] : [];
    return { status: 200, body: { paging: { start, count, links: next }, elements } };
  }

  private postJson(post: StoredPost): Json {
    return {
      ...post.entity, id: post.urn, commentary: post.body, createdAt: post.createdAt, publishedAt: post.createdAt,
      lastModifiedAt: post.lastModifiedAt, lifecycleStateInfo: { isEditedByAuthor: post.edited },
    };
  }

  private initializeUpload(req: RecordedRequest): FakeResponse {
    if (req.query.get("action") !== "initializeUpload") return plain(400, `Unsupported action ${req.query.get("action") ?? "(none)"}`);
    const body = this.readBody(req);
    const err = checkRecord(body, "", { initializeUploadRequest: "object" }) ?? checkRecord((body as Json).initializeUploadRequest, "/initializeUploadRequest", { owner: "string", "mediaLibraryMetadata?": "object" });
    if (err) return err;
    const owner = ((body as Json).initializeUploadRequest as Json).owner as string;
    if (owner !== this.options.organization) return plain(403, "Not enough permissions to access: images.ACTION", "ACCESS_DENIED", 100);
    const id = `D4E10AQ${(this.images.length + 1).toString(36).padStart(9, "0")}`;
    const image: StoredImage = { urn: `urn:li:image:${id}`, owner, uploadUrlExpiresAt: Date.now() + 24 * 3600 * 1000 };
    this.images.push(image);
    return { status: 200, body: { value: { uploadUrlExpiresAt: image.uploadUrlExpiresAt, uploadUrl: `${this.url}/upload/${id}`, image: image.urn } } };
  }

  private imageJson(image: StoredImage): Json {
    const id = image.urn.split(":").at(-1)!;
    const mediaType = !image.bytes ? undefined : image.bytes[0] === 0xff ? "image/jpeg" : image.bytes[0] === 0x89 ? "image/png" : "image/gif";
    return {
      owner: image.owner, id: image.urn, status: image.bytes ? "AVAILABLE" : "WAITING_UPLOAD",
      ...(image.bytes ? { mediaType, downloadUrl: `${this.url}/upload/${id}`, downloadUrlExpiresAt: Date.now() + 3600 * 1000 } : {}),
    };
  }

  private upload(req: RecordedRequest, id: string): FakeResponse {
    const tokenError = this.tokenError(req);
    if (tokenError) return tokenError;
    const image = this.images.find((i) => i.urn === `urn:li:image:${id}`);
    if (!image || Date.now() > image.uploadUrlExpiresAt) return plain(404, "Not Found");
    const b = req.body;
    const signature = (bytes: number[]): boolean => b.length >= bytes.length && bytes.every((x, n) => b[n] === x);
    const known = signature([0xff, 0xd8, 0xff]) || signature([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || /^GIF8[79]a/.test(b.subarray(0, 6).toString("latin1"));
    if (!known) return plain(400, b.length === 0 ? "Empty upload" : "Unsupported media type: JPG, PNG or GIF expected");
    image.bytes = Buffer.from(b);
    return { status: 201 };
  }

  private introspect(req: RecordedRequest): FakeResponse {
    const form = new URLSearchParams(req.body.toString("utf8"));
    const { clientId = "fake-client-id", clientSecret = "fake-client-secret", scope = "w_organization_social" } = this.options;
    if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
      return { status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } };
    }
    if (form.get("token") !== this.options.token) return { status: 200, body: { active: false } };
    const expired = Date.now() / 1000 >= this.tokenExpiresAt;
    return {
      status: 200,
      body: { active: !expired, client_id: clientId, authorized_at: this.createdAt, created_at: this.createdAt, status: expired ? "expired" : "active", expires_at: this.tokenExpiresAt, scope, auth_type: "3L" },
    };
  }
}
