/**
 * The contract every platform module fulfils. A platform is code (mastodon, bluesky, …); a channel is one
 * configured account of a platform in channels.yaml.
 *
 * Rendering is pure: a notice and a channel's settings in, the posts out. Publishing (connect, publish,
 * remove) is I/O and is driven by the pipeline, which owns retries, the ledger, dry-run and the report.
 *
 * A platform types its own post (`Post`, e.g. a Mastodon post with its language and visibility): `render`
 * returns it and the platform's connection publishes it, so nothing is read back from an untyped bag. The
 * code above the platforms (plan, pipeline, report) sees every platform through {@link AnyPlatform}.
 */
import type { LoginFlow } from "./shared/login.js";
import type { z } from "zod";
import type { Problem } from "../problems.js";
import type { ImageSpec } from "../media/spec.js";
import type { Facet, Limits, PlannedPost, RenderInput } from "../render/post.js";
import type { PlatformId } from "./index.js";

export type { Facet, Limits, PlannedPost, PlatformId, RenderInput };

/** A channel's settings as the config holds them, before its platform reads them (secrets still `${VAR}`). */
export type ChannelSettings = Record<string, unknown>;

/** A configured channel: its name, its platform and its settings (secrets still as `${VAR}` references). */
export interface Channel<Settings = ChannelSettings> {
  name: string;
  platform: PlatformId;
  settings: Settings;
}

export type RenderResult<Post extends PlannedPost = PlannedPost> =
  | { kind: "posts"; posts: Post[]; warnings: Problem[] }
  | { kind: "skip"; reason: string }
  | { kind: "invalid"; problems: Problem[] };

/**
 * What preview and `--json` show of a post besides its text, length and images, in the documented JSON
 * shape of a plan (`facets`, `link_card`, `fields`).
 */
export interface PostDetails {
  /** Link and tag facets (Bluesky). */
  facets?: Facet[];
  /** The link preview card the post gets (Bluesky external embed, LinkedIn article, Facebook link). */
  linkCard?: string;
  /** Other values sent with the post (language, spoiler_text, visibility, …), under the API's names. */
  fields?: Record<string, unknown>;
  /**
   * The text as readers see it, when the platform shows it otherwise than it is sent (LinkedIn's escaped
   * little text): what the human preview shows.
   */
  shownText?: string;
}

/**
 * One platform. `Settings` is its part of a channel entry, `Post` what its renderer makes and its connection
 * publishes, `Id` its registry id.
 *
 * The functions are written as methods on purpose: TypeScript compares method parameters bivariantly, which
 * lets every platform be seen as {@link AnyPlatform} without `any`. That view is sound in use because the
 * pipeline only ever hands a platform the settings its own schema validated and the posts its own `render`
 * made (the plan keeps them per channel, and the channel names its platform).
 */
export interface Platform<Settings extends object = ChannelSettings, Post extends PlannedPost = PlannedPost, Id extends string = PlatformId> {
  id: Id;
  /** Human name: "Mastodon". */
  name: string;
  /**
   * The platform's own keys of a channel entry (besides `platform`), whose output is `Settings`. Secret keys
   * must be `${VAR}` references.
   */
  settings: z.ZodObject & z.ZodType<Settings>;
  /** Keys of `settings` that hold secrets. */
  secretKeys: readonly string[];
  /** Limits before any server was asked. */
  defaultLimits(settings: Settings): Limits;
  /** How images must be prepared for this platform. */
  imageSpec: ImageSpec;
  /** Pure: the posts for a notice on this channel. */
  render(input: RenderInput<Settings>): RenderResult<Post>;
  /** What preview and `--json` show of one of its posts (see {@link PostDetails}). */
  details(post: Post): PostDetails;
  /** Loads the publishing code (and its SDK) only when a channel of this platform connects. */
  publisher(): Promise<Publisher<Settings, Post>>;
  /**
   * A canonical outlet (the city's own website) says where a notice's copy will be, before publishing: a
   * notice without `link` links there on every other channel, the pipeline publishes this channel first,
   * and tells it the other channels' copies afterwards ({@link Connection.listCopies}).
   */
  canonicalUrl?(settings: Settings, noticeId: string): string;
  /** The folder and public URL of its media: the default `media:` host of Instagram and Threads. */
  mediaHost?(settings: Settings): MediaHostSettings;
  /**
   * The platform fetches images from a public URL (`media_dir` + `media_base_url`, or the config's `media:`):
   * for every post (`always`, Instagram) or for posts with images (`images`, Threads).
   */
  needsMediaHost?: "always" | "images";
  /** Loads `announce login` for this platform (getting a token), when it has one. */
  login?(): Promise<LoginFlow<Settings>>;
}

/** A folder served at a public URL, from which platforms fetch images (config `media:`, `media_*` keys). */
export interface MediaHostSettings {
  /** Relative to the config file. */
  dir: string;
  base_url: string;
}

/** Any platform of the registry, as the code above the platforms (plan, pipeline, report) uses it. */
export type AnyPlatform = Platform<ChannelSettings, PlannedPost, PlatformId>;

// ---------------------------------------------------------------------------------------------------
// Publishing. The pipeline (src/publish/) drives these; a platform only says how to talk to its API and
// how its failures are to be read (by throwing PublishError, src/problems.ts; shared/failure.ts helps).

/** A prepared image with its bytes, ready to upload. */
export interface UploadImage {
  data: Buffer;
  format: "jpeg" | "png" | "webp" | "gif";
  width: number;
  height: number;
  alt: string;
  /** File name for multipart uploads and media URLs. */
  name: string;
}

/** One post of a channel's plan, with everything needed to send it. */
export interface PostToSend<Post extends PlannedPost = PlannedPost> {
  /** Position in the thread, from 0. */
  index: number;
  /** The post as the platform rendered it; its own fields (language, facets, link card, …) are typed there. */
  post: Post;
  images: UploadImage[];
}

/** What the platform returned for a published post. */
export interface Receipt {
  /** The platform's id of the post (status id, at:// URI, post URN, media id). */
  id: string;
  /** Public URL of the post, when there is one. */
  url?: string;
  /** Platform-specific details needed later (Bluesky cid for replies, …). Never secrets. */
  extra?: Record<string, string>;
}

export interface PublishContext {
  /** Stable key of this post, recorded in the ledger before the first attempt (idempotency key / rkey). */
  key: string;
  /** The previous post of the thread, and the first one. */
  replyTo?: Receipt;
  root?: Receipt;
  signal: AbortSignal;
  /** Time budget for optional work such as fetching a link card (urgent notices get less). */
  optionalWorkMs: number;
  /**
   * When the first attempt at this post began (the ledger's intent). `find` ignores posts made before it,
   * so an identical older post (a weekly reminder with the same text) is never taken for this one.
   */
  since: Date;
  /**
   * No key of an earlier attempt is known for this post: its ledger was lost (`announce adopt`, a `due --git`
   * claim taken over from a run that died). `find` then looks by what the post says, not by its key
   * (Bluesky lists the account's records instead of reading one by record key; LinkedIn lists the
   * organization's posts instead of relying on its duplicate answer).
   */
  unkeyed?: boolean;
  /** What earlier attempts with this key saved with {@link PublishContext.checkpoint} (e.g. `container`). */
  progress?: Record<string, string>;
  /**
   * Records a step of this attempt in the ledger before the next request is made, e.g. the id of a media
   * container before it is published: a later attempt then publishes or reads that container instead of
   * making a second post when the platform's listing does not show the first one yet.
   */
  checkpoint(step: Record<string, string>): Promise<void>;
  /**
   * Notes something the report should say about this post (a link card left out). The pipeline turns it
   * into a `warning` event and adds it to the channel's report; the post still goes out.
   */
  warn(message: string): void;
  /** Tells that image `image` (from 0) of the post's `images` is being uploaded, for the progress display. */
  uploading?(image: number, images: number): void;
}

/** A platform's image spec within a channel's limits (a server may accept less than the platform's default). */
export function imageSpecWithin(spec: ImageSpec, limits: Partial<Limits>): ImageSpec {
  return {
    ...spec,
    maxBytes: Math.min(spec.maxBytes, limits.maxImageBytes ?? Infinity),
    ...(spec.maxPixels !== undefined || limits.maxImagePixels !== undefined ? { maxPixels: Math.min(spec.maxPixels ?? Infinity, limits.maxImagePixels ?? Infinity) } : {}),
  };
}

/** A live, authenticated connection to one channel, publishing the platform's `Post`s. */
export interface Connection<Post extends PlannedPost = PlannedPost> {
  /** Limits read from the server (Mastodon instance configuration, …). */
  limits: Partial<Limits>;
  /** Who we are posting as, for the report. */
  account: string;
  /**
   * Notes from connecting (token expiry, old API version, …), as data. What comes up later, while the
   * connection is used, goes through {@link ConnectContext.warn} and {@link PublishContext.warn}.
   */
  warnings: readonly string[];
  /** When the access token expires, when the platform says (Graph debug_token, LinkedIn introspection). */
  tokenExpiresAt?: Date;
  /** Publishing quota, when the platform has one (Instagram content_publishing_limit, Threads). */
  quota?: { used: number; total: number; window: string };
  /** Permissions/scopes the token has, when the platform says. */
  scopes?: string[];
  publish(item: PostToSend<Post>, ctx: PublishContext): Promise<Receipt>;
  /**
   * Looks for a post that an earlier, interrupted attempt with the same key may have created.
   * Returns undefined when there is certainly none.
   */
  find(item: PostToSend<Post>, ctx: PublishContext): Promise<Receipt | undefined>;
  /**
   * Deletes a published post. Already gone is success. A canonical outlet replaces it with a retraction
   * that gives the `reason`.
   */
  remove(receipt: Receipt, signal: AbortSignal, options?: { reason?: string }): Promise<void>;
  /**
   * A canonical outlet ({@link Platform.canonicalUrl}): lists the notice's copies on the other channels
   * (called after they published, with every copy that is out).
   */
  listCopies?(noticeId: string, copies: { name: string; url: string }[], signal: AbortSignal): Promise<void>;
  /**
   * Edits a published post in place so that it says what `item` says (its text; where the API allows,
   * content warning, language and image descriptions), keeping its id, replies and reactions. Repeating
   * it is harmless. Only on platforms whose API can edit a post (`announce correct`); the others follow
   * the channel's `corrections` policy (a reply in the thread, or delete and post again).
   */
  edit?(receipt: Receipt, item: PostToSend<Post>, signal: AbortSignal): Promise<void>;
}

export interface ConnectContext<Settings extends object = ChannelSettings> {
  channel: Channel<Settings>;
  secrets: Record<string, string>;
  /** Folder for this tool's state (sessions live here, mode 0600). */
  stateDir: string;
  /** Folder of the config file (relative media_dir etc. resolve against it). */
  configDir: string;
  /** Hosts that link cards and media URL checks may fetch although they are not public (config `allow_hosts`). */
  allowHosts?: readonly string[];
  /**
   * Aborted when the run stops or the channel's connect deadline passes: every request made while
   * connecting watches it. Requests made later through the connection watch the signal they are given.
   */
  signal: AbortSignal;
  /**
   * How long each single request (connecting and later: upload, post, poll, find, delete, link card) may
   * take before it counts as a timeout; default {@link DEFAULT_REQUEST_TIMEOUT_MS}.
   */
  requestTimeoutMs?: number;
  /**
   * Notes something the report should say about this channel, at any time while the connection lives (a
   * session that could not be saved, also when a refresh saves it during publishing). The pipeline turns
   * it into a `warning` event and adds it to the channel's report.
   */
  warn(message: string): void;
}

/** The publishing side of a platform. */
export interface Publisher<Settings extends object = ChannelSettings, Post extends PlannedPost = PlannedPost> {
  connect(ctx: ConnectContext<Settings>): Promise<Connection<Post>>;
  /** A new key for a post (Bluesky: a TID record key). Default: a random id. */
  newKey?(): string;
  /** Deleting is not possible through the API (Instagram): `delete` reports a manual step. */
  manualDelete?: string;
  /** Posts can be edited in place (`Connection.edit`): `announce correct` edits instead of following the policy. */
  edits?: boolean;
  /** Posts can continue a thread as replies (`PublishContext.replyTo` is used). */
  replies?: boolean;
}
