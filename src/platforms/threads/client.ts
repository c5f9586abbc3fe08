/**
 * Publishing to Threads over graph.threads.net with plain `fetch` (platforms.md §6, §7.5): a container
 * (`POST /{user}/threads`), polled until FINISHED, then `POST /{user}/threads_publish`
 * ({@link https://developers.facebook.com/docs/threads/posts | Threads posts},
 * {@link https://developers.facebook.com/docs/threads/troubleshooting | container status}). Replies name the
 * previous post with `reply_to_id`. Threads fetches images from a public URL: they are written to `media_dir`,
 * which must be served at `media_base_url`, and that URL is checked before any container is made.
 *
 * Errors use Meta's Graph envelope (type THApiException), so requests, error reading and `debug_token` are
 * the shared {@link GraphClient}'s, with Threads' version and token advice. The token goes in the
 * Authorization header, never into a URL or a message.
 */
import { explain } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { PublishError } from "../../problems.js";
import { hostImage } from "../shared/media-host.js";
import { sameText } from "../shared/find.js";
import { GraphClient, pageBackGraph, waitForContainer } from "../shared/graph-client.js";
import type { Connection, PostToSend, Publisher, PublishContext, Receipt, UploadImage } from "../platform.js";
import { allInOrder } from "../shared/request.js";
import type { ThreadsPost, ThreadsSettings } from "./index.js";


/** Posts per page `find` reads (Graph's default page size), and pages at most (500 posts since the attempt). */
const FIND_LIMIT = 25;
const FIND_PAGES = 20;

type Params = Record<string, string | undefined>;
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
  /** Hosts the media URL check may fetch although they are not public (from the connect context). */
  allowHosts?: readonly string[];
}

/** A Threads publisher; options are for tests that should not wait long. */
export function createThreadsPublisher(options: ThreadsPublisherOptions = {}): Publisher<ThreadsSettings, ThreadsPost> {
  return { connect: (ctx) => connect(ctx.channel.settings, ctx.secrets.access_token ?? "", ctx.configDir, ctx.signal, { ...options, allowHosts: ctx.allowHosts, timeoutMs: ctx.requestTimeoutMs }), replies: true };
}

/** The publisher the platform registry loads. */
export const threadsPublisher: Publisher<ThreadsSettings, ThreadsPost> = createThreadsPublisher();

async function connect(settings: ThreadsSettings, token: string, configDir: string, signal: AbortSignal, options: ThreadsPublisherOptions & { timeoutMs?: number }): Promise<Connection<ThreadsPost>> {
  const user = settings.user_id;
  const { pollMs = 500, maxWaitMs = 300_000 } = options;
  const graph = new GraphClient("Threads", settings.api_url, token, PERMISSIONS, { version: "v1.0", tokenOf: "threads", pageRole: false, timeoutMs: options.timeoutMs });

  type Limits = { data?: { quota_usage?: number; config?: { quota_total: number; quota_duration: number }; reply_quota_usage?: number; reply_config?: { quota_total: number } }[] };
  /** The token's account, which must be the configured user (checked first: it explains the other failures). */
  const whoAmI = async (): Promise<string> => {
    const me = await graph.get<{ id: string; username?: string }>("me", { fields: "id,username" }, signal);
    const name = me.username ? `@${me.username}` : me.id;
    if (me.id !== user) {
      throw new PublishError({ kind: "permanent", ...explain("ACCOUNT_MISMATCH", { name, id: me.id, user }) });
    }
    return name;
  };
  const [account, limits, tokenState] = await allInOrder([
    whoAmI(),
    graph.get<Limits>(`${user}/threads_publishing_limit`, { fields: "quota_usage,config,reply_quota_usage,reply_config" }, signal),
    graph.inspectToken(REQUIRED_SCOPES, signal),
  ] as const);
  const row = limits.data?.[0];
  const warnings: string[] = [...tokenState.warnings];
  const quota = row?.config ? { used: row.quota_usage ?? 0, total: row.config.quota_total, window: `${Math.round(row.config.quota_duration / 3600)} h` } : undefined;
  if (row?.reply_config && (row.reply_quota_usage ?? 0) >= row.reply_config.quota_total) warnings.push(ui().notes.threadsRepliesUsed(account, row.reply_config.quota_total));

  /**
   * Writes the images to media_dir and checks that media_base_url serves them (Threads downloads them from
   * there): that is each image's upload, told to `ctx.uploading`.
   */
  const stage = async (images: UploadImage[], ctx: PublishContext): Promise<{ url: string; alt: string }[]> => {
    if (images.length === 0) return [];
    const { media_base_url: mediaBase, media_dir: mediaDir } = settings;
    if (!mediaBase || !mediaDir) throw new PublishError({ kind: "permanent", ...explain("THREADS_MEDIA_URL_MISSING", {}) });
    const staged = [];
    for (const [i, image] of images.entries()) {
      ctx.uploading?.(i, images.length);
      staged.push({ url: await hostImage(image, { platform: "Threads", mediaDir, baseUrl: mediaBase, configDir, allowHosts: options.allowHosts }, ctx.signal), alt: image.alt });
    }
    return staged;
  };

  /** Polls a container until FINISHED, with backoff (platforms.md §6 "Hosts and flow"). */
  const finished = (container: string, requestSignal: AbortSignal): Promise<void> =>
    waitForContainer(
      "Threads",
      container,
      async () => {
        const read = await graph.get<{ status?: string; error_message?: string }>(container, { fields: "status,error_message" }, requestSignal);
        return { status: read.status, reason: read.error_message };
      },
      { firstMs: pollMs, maxMs: 30_000, totalMs: maxWaitMs, signal: requestSignal },
    );

  /** The container of a post: text, one image, or a carousel of finished item containers. */
  const createContainer = async (item: PostToSend<ThreadsPost>, ctx: PublishContext): Promise<string> => {
    const images = await stage(item.images, ctx);
    const common = { text: item.post.text || undefined, reply_to_id: ctx.replyTo?.id };
    const create = (params: Params) => graph.post<{ id: string }>(`${user}/threads`, params, { signal: ctx.signal }).then((c) => c.id);
    if (images.length === 0) return create({ media_type: "TEXT", ...common });
    if (images.length === 1) return create({ media_type: "IMAGE", image_url: images[0]!.url, alt_text: images[0]!.alt || undefined, ...common });
    const children = await Promise.all(images.map((image) => create({ media_type: "IMAGE", image_url: image.url, alt_text: image.alt || undefined, is_carousel_item: "true" })));
    await Promise.all(children.map((child) => finished(child, ctx.signal)));
    return create({ media_type: "CAROUSEL", children: children.join(","), ...common });
  };

  const permalink = (id: string, requestSignal: AbortSignal): Promise<string | undefined> =>
    graph.get<{ permalink?: string }>(id, { fields: "permalink" }, requestSignal).then(
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
      // A container an earlier attempt made (platforms.md §6 "Idempotency"): published means the post is out
      // even when the listing does not show it yet (reconcile, never post again); finished or in progress
      // means it can still be published; anything else needs a new one.
      let container = ctx.progress?.container;
      if (container) {
        const { status } = await graph.get<{ status?: string }>(container, { fields: "status" }, ctx.signal);
        if (status === "PUBLISHED") {
          throw new PublishError({ kind: "unknown", ...explain("ALREADY_PUBLISHED", { platform: "Threads", container }) });
        }
        if (status !== "FINISHED" && status !== "IN_PROGRESS") container = undefined;
      }
      if (!container) {
        container = await createContainer(item, ctx);
        await ctx.checkpoint({ container });
      }
      await finished(container, ctx.signal);
      const { id } = await graph.post<{ id: string }>(`${user}/threads_publish`, { creation_id: container }, { signal: ctx.signal, create: true });
      return receipt(id, await permalink(id, ctx.signal), { container });
    },
    async find(item, ctx) {
      // Replies are not listed under /threads but under /replies, with the post they answer (newest first,
      // cursor paging).
      const parent = ctx.replyTo?.id;
      const fields = `id,text,timestamp,permalink${parent ? ",replied_to" : ""}`;
      const found = await pageBackGraph<Listed>(graph, `${user}/${parent ? "replies" : "threads"}`, { fields, limit: FIND_LIMIT }, {
        since: ctx.since,
        signal: ctx.signal,
        maxPages: FIND_PAGES,
        created: (post) => post.timestamp,
        matches: (post) => sameText(post.text, item.post.text) && (!parent || post.replied_to?.id === parent),
      });
      return found && receipt(found.id, found.permalink);
    },
    async remove(published, signal) {
      try {
        await graph.delete(encodeURIComponent(published.id), signal);
      } catch (error) {
        // 100/33 or 404: already deleted (by hand, or by an earlier run).
        if (!(error instanceof PublishError && (error.code === "NOT_FOUND" || error.status === 404))) throw error;
      }
    },
  };
}

/** Scopes publishing needs; replies and deletes are checked where they happen. */
const REQUIRED_SCOPES = ["threads_basic", "threads_content_publish"];
/** Named when Threads refuses for a missing permission without saying which. */
const PERMISSIONS = ["threads_basic", "threads_content_publish", "threads_manage_replies", "threads_delete"];
