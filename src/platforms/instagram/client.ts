/**
 * Publishing to an Instagram professional account with the Content Publishing API (platforms.md §4, §7.3;
 * {@link https://developers.facebook.com/docs/instagram-platform/content-publishing | content publishing}).
 *
 * Meta fetches every image itself from a public URL ("We cURL media used in publishing attempts"), so each
 * prepared JPEG is first written to the channel's `media_dir` under its content-hash name, and its URL under
 * `media_base_url` is checked before anything is created. Then: a container (`POST /{ig}/media`; for 2-10
 * images a CAROUSEL of item containers), its status polled until FINISHED, and `POST /{ig}/media_publish`.
 * Containers, publishing and the publishing limit go through facebook-nodejs-business-sdk (`IGUser`); status,
 * permalink and listing reads use plain `fetch`. Published media cannot be deleted through the API.
 *
 * The same requests serve a token from Instagram Login on graph.instagram.com ({@link tokenLogin}); that
 * host has no `debug_token`, so such a token is not inspected (its expiry is the channel's
 * `token_expires_at`), and its permissions are the instagram_business_* ones.
 */
import { explain, sentence, type Explained } from "../../messages.js";
import { PublishError } from "../../problems.js";
import { hostImage } from "../shared/media-host.js";
import { sameText } from "../shared/find.js";
import { GraphClient, pageBackGraph, waitForContainer, type TokenInfo } from "../shared/graph-client.js";
import { ui } from "../../ui-texts.js";
import { tokenLogin, type InstagramPost, type InstagramSettings } from "./index.js";
import type { ConnectContext, Connection, PostToSend, PublishContext, Publisher, Receipt, UploadImage } from "../platform.js";
import { allInOrder } from "../shared/request.js";

const REQUIRED_SCOPES = ["instagram_content_publish"];
const PERMISSIONS = ["instagram_basic", "instagram_content_publish", "pages_read_engagement"];
/** Instagram Login's permissions (graph.instagram.com): no Page is involved. */
const INSTAGRAM_LOGIN_PERMISSIONS = ["instagram_business_basic", "instagram_business_content_publish"];
/** Container polling: from 250 ms, doubling up to 5 s, 2 minutes in all (images usually take seconds). */
const POLLING = { firstMs: 250, maxMs: 5_000, totalMs: 120_000 };
/** Media per page `find` reads (Graph's default page size), and pages at most (500 media since the attempt). */
const FIND_LIMIT = 25;
const FIND_PAGES = 20;

/** What `delete` tells people, and what `remove` throws. */
export const INSTAGRAM_MANUAL_DELETE = sentence("MANUAL_DELETE", {});

/** The publishing side of the `instagram` platform (./index.ts), loaded by its `publisher()`. */
export const instagramPublisher: Publisher<InstagramSettings, InstagramPost> = { manualDelete: INSTAGRAM_MANUAL_DELETE, connect };

/** What is known of an Instagram-login token without an API to ask: a note when nothing tells its expiry. */
function instagramLoginToken(settings: InstagramSettings, channel: string): TokenInfo {
  return { warnings: settings.token_expires_at ? [] : [ui().notes.instagramExpiryUnknown(channel)] };
}

async function connect(ctx: ConnectContext<InstagramSettings>): Promise<Connection<InstagramPost>> {
  const settings = ctx.channel.settings;
  const igId = settings.ig_user_id;
  const viaInstagram = tokenLogin(settings) === "instagram";
  const graph = viaInstagram
    ? new GraphClient("Instagram", settings.api_url, ctx.secrets.access_token ?? "", INSTAGRAM_LOGIN_PERMISSIONS, { timeoutMs: ctx.requestTimeoutMs, tokenOf: "instagram", pageRole: false })
    : new GraphClient("Instagram", settings.api_url, ctx.secrets.access_token ?? "", PERMISSIONS, { timeoutMs: ctx.requestTimeoutMs });
  const [user, token, rows] = await allInOrder([
    graph.get<{ id: string; username?: string }>(igId, { fields: "id,username" }, ctx.signal),
    // graph.instagram.com has no debug_token: an Instagram-login token's expiry is the config's
    // token_expires_at (announce login writes it), its permissions show when publishing.
    viaInstagram ? Promise.resolve(instagramLoginToken(settings, ctx.channel.name)) : graph.inspectToken(REQUIRED_SCOPES, ctx.signal),
    // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
    graph.loadSdk().then(() => graph.sdk(({ IGUser }, api) => Promise.resolve(new IGUser(igId, {}, null, api).getContentPublishingLimit(["config", "quota_usage"])), { signal: ctx.signal })),
  ] as const);
  const limit = (rows[0] as { exportAllData?: () => { quota_usage?: number; config?: { quota_total?: number } } } | undefined)?.exportAllData?.();
  const total = limit?.config?.quota_total;
  const quota = total === undefined ? undefined : { used: limit?.quota_usage ?? 0, total, window: "24 h" };

  const fail = (text: Explained, kind: PublishError["kind"] = "permanent") => new PublishError({ kind, ...text });

  // The config fills both from `media:` or refuses the channel (MEDIA_HOST_MISSING).
  if (settings.media_dir === undefined || settings.media_base_url === undefined) throw fail(explain("MEDIA_HOST_MISSING", { channel: ctx.channel.name, platform: "Instagram" }));
  const host = { platform: "Instagram", mediaDir: settings.media_dir, baseUrl: settings.media_base_url, configDir: ctx.configDir, allowHosts: ctx.allowHosts };
  const stage = (image: UploadImage, signal: AbortSignal): Promise<string> => hostImage(image, host, signal);

  const createMedia = async (params: Record<string, unknown>, signal: AbortSignal): Promise<string> =>
    (await graph.sdk(({ IGUser }, api) => new IGUser(igId, {}, null, api).createMedia([], params), { signal })).id;

  /** Polls `GET /{container}?fields=status_code,status` until FINISHED (IN_PROGRESS → FINISHED | ERROR | EXPIRED). */
  const waitFinished = (container: string, signal: AbortSignal): Promise<void> =>
    waitForContainer(
      "Instagram",
      container,
      async () => {
        const read = await graph.get<{ status_code?: string; status?: string }>(container, { fields: "status_code,status" }, signal);
        return { status: read.status_code, reason: read.status };
      },
      { ...POLLING, signal },
    );

  /**
   * The container for a post: one image, or a carousel of 2-10 item containers (each finished first). Each
   * image is staged on the media host first (Meta fetches it from there): that is its upload.
   */
  const createContainer = async (item: PostToSend<InstagramPost>, ctx: PublishContext): Promise<string> => {
    const signal = ctx.signal;
    const urls = await Promise.all(item.images.map((image, i) => (ctx.uploading?.(i, item.images.length), stage(image, signal))));
    const alt = (i: number) => (item.images[i]!.alt ? { alt_text: item.images[i]!.alt } : {});
    const caption = item.post.text;
    if (urls.length === 1) return createMedia({ image_url: urls[0], caption, ...alt(0) }, signal);
    const children = await Promise.all(urls.map((image_url, i) => createMedia({ image_url, is_carousel_item: true, ...alt(i) }, signal)));
    await Promise.all(children.map((child) => waitFinished(child, signal)));
    return createMedia({ media_type: "CAROUSEL", children: children.join(","), caption }, signal);
  };

  /**
   * Waits for the container and publishes it. "Not ready" (9007/2207027) is a transient failure: the
   * pipeline retries, and the retry finds this container in the attempt's progress and waits for it again.
   */
  const publishContainer = async (container: string, signal: AbortSignal): Promise<string> => {
    await waitFinished(container, signal);
    const media = await graph.sdk(({ IGUser }, api) => new IGUser(igId, {}, null, api).createMediaPublish([], { creation_id: container }), { signal, create: true });
    return media.id;
  };

  const receipt = async (id: string, container: string | undefined, signal: AbortSignal): Promise<Receipt> => {
    const read = await graph.get<{ permalink?: string }>(id, { fields: "permalink" }, signal).catch(() => undefined);
    return { id, ...(read?.permalink ? { url: read.permalink } : {}), ...(container ? { extra: { container } } : {}) };
  };

  return {
    limits: {},
    account: user.username ? `@${user.username}` : user.id,
    warnings: token.warnings,
    tokenExpiresAt: token.tokenExpiresAt,
    scopes: token.scopes,
    quota,
    async publish(item, ctx) {
      if (item.images.length === 0) throw fail(explain("INSTAGRAM_NEEDS_IMAGE", { of: "post" }));
      // The container an earlier attempt saved (this run's, or a killed run's through the ledger).
      let container = ctx.progress?.container;
      if (container) {
        // Reuse it when it is still unpublished and usable; published means the post is out.
        const read = await graph.get<{ status_code?: string }>(container, { fields: "status_code" }, ctx.signal);
        if (read.status_code === "PUBLISHED") {
          throw fail(explain("ALREADY_PUBLISHED", { platform: "Instagram", container }), "unknown");
        }
        if (read.status_code !== "FINISHED" && read.status_code !== "IN_PROGRESS") container = undefined;
      }
      if (!container) {
        container = await createContainer(item, ctx);
        await ctx.checkpoint({ container });
      }
      return receipt(await publishContainer(container, ctx.signal), container, ctx.signal);
    },
    async find(item, ctx) {
      // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media (newest first, cursor paging)
      type Listed = { id: string; caption?: string; timestamp?: string; permalink?: string };
      const media = await pageBackGraph<Listed>(graph, `${igId}/media`, { fields: "id,caption,timestamp,permalink", limit: FIND_LIMIT }, {
        since: ctx.since,
        signal: ctx.signal,
        maxPages: FIND_PAGES,
        created: (m) => m.timestamp,
        matches: (m) => sameText(m.caption, item.post.text),
      });
      if (!media) return undefined;
      const container = ctx.progress?.container;
      return { id: media.id, ...(media.permalink ? { url: media.permalink } : {}), ...(container ? { extra: { container } } : {}) };
    },
    remove(published) {
      return Promise.reject(fail(explain("MANUAL_DELETE", { url: published.url })));
    },
  };
}
