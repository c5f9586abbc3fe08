/**
 * Publishing to a Facebook Page through the Graph API (platforms.md §3, §7.3;
 * {@link https://developers.facebook.com/docs/pages-api/posts | Pages API: posts}).
 *
 * - No image: `POST /{page}/feed` with `message` and, when rendering chose one, `link` (Meta builds the preview).
 * - One image: `POST /{page}/photos` with the file as `source`, `caption` and `alt_text_custom`.
 * - Several: each photo with `published=false`, then `/{page}/feed` with `attached_media=[{media_fbid}]`.
 *
 * Feed posts go through facebook-nodejs-business-sdk (`Page.createFeed`). Photos are uploaded with our own
 * multipart `fetch`, because the SDK's multipart branch sends an empty body (platforms.md §7.3, bug 1); reads and
 * deletes use plain `fetch` too, which keeps the token out of URLs. Failures are read by {@link GraphClient}.
 */
import { PublishError } from "../../problems.js";
import type { FacebookPost, FacebookSettings } from "./index.js";
import { sameText } from "../shared/find.js";
import { GraphClient, pageBackGraph } from "../shared/graph-client.js";
import type { ConnectContext, Connection, Publisher, Receipt, UploadImage } from "../platform.js";
import { allInOrder } from "../shared/request.js";

/** Publishing needs it (Graph answers 200 without it); connecting stops when the token lacks it. */
const REQUIRED_SCOPES = ["pages_manage_posts"];
/** Named when Graph refuses for a missing permission. */
const PERMISSIONS = ["pages_manage_posts", "pages_read_engagement"];
/** Posts per page `find` reads (Graph's default page size), and pages at most (500 posts since the attempt). */
const FIND_LIMIT = 25;
const FIND_PAGES = 20;

/** The publishing side of the `facebook` platform (./index.ts), loaded by its `publisher()`. */
export const facebookPublisher: Publisher<FacebookSettings, FacebookPost> = { connect, edits: true };

async function connect(ctx: ConnectContext<FacebookSettings>): Promise<Connection<FacebookPost>> {
  const { page_id: pageId, api_url: apiUrl } = ctx.channel.settings;
  const graph = new GraphClient("Facebook", apiUrl, ctx.secrets.access_token ?? "", PERMISSIONS, { timeoutMs: ctx.requestTimeoutMs });
  const [page, token] = await allInOrder([
    graph.get<{ id: string; name?: string }>(pageId, { fields: "id,name" }, ctx.signal),
    graph.inspectToken(REQUIRED_SCOPES, ctx.signal),
    graph.loadSdk(),
  ] as const);

  const postUrl = (id: string) => `https://www.facebook.com/${id}`;
  /** The receipt of a new post; its permalink when Graph says it, else the URL Facebook redirects from the id. */
  const receipt = async (id: string, signal: AbortSignal): Promise<Receipt> => {
    const read = await graph.get<{ permalink_url?: string }>(id, { fields: "permalink_url" }, signal).catch(() => undefined);
    return { id, url: read?.permalink_url ?? postUrl(id) };
  };
  /** `POST /{page}/feed` through the SDK; resolves to the post id. */
  const createFeed = async (params: Record<string, unknown>, signal: AbortSignal): Promise<string> => {
    const post = await graph.sdk(({ Page }, api) => new Page(pageId, {}, null, api).createFeed([], params), { signal, create: true });
    return post.id;
  };
  /**
   * `POST /{page}/photos` as multipart with the file as `source`
   * ({@link https://developers.facebook.com/docs/graph-api/reference/page/photos/#Creating}).
   * A published photo is a post (`post_id`); an unpublished one waits to be attached.
   */
  const uploadPhoto = (image: UploadImage, fields: Record<string, string>, signal: AbortSignal) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (image.alt) form.set("alt_text_custom", image.alt);
    form.set("source", new Blob([new Uint8Array(image.data)], { type: `image/${image.format}` }), image.name);
    return graph.post<{ id: string; post_id?: string }>(`${pageId}/photos`, form, { signal, create: fields.published === "true" });
  };

  return {
    limits: {},
    account: page.name ?? page.id,
    warnings: token.warnings,
    tokenExpiresAt: token.tokenExpiresAt,
    scopes: token.scopes,
    async publish(item, ctx) {
      const message = item.post.text;
      const [first, ...more] = item.images;
      let id: string;
      if (!first) {
        id = await createFeed({ message, ...(item.post.linkCard ? { link: item.post.linkCard } : {}) }, ctx.signal);
      } else if (more.length === 0) {
        ctx.uploading?.(0, 1);
        const photo = await uploadPhoto(first, { caption: message, published: "true" }, ctx.signal);
        id = photo.post_id ?? photo.id;
      } else {
        // Unpublished photos of an attempt that fails later stay invisible on the Page.
        const photos = await Promise.all(item.images.map((image, i) => (ctx.uploading?.(i, item.images.length), uploadPhoto(image, { published: "false" }, ctx.signal))));
        id = await createFeed({ message, attached_media: photos.map((photo) => ({ media_fbid: photo.id })) }, ctx.signal);
      }
      return receipt(id, ctx.signal);
    },
    async find(item, ctx) {
      // https://developers.facebook.com/docs/graph-api/reference/page/published_posts/ (newest first, cursor
      // paging). A photo's caption went out as multipart form data, so Graph holds it with \r\n line breaks.
      type Listed = { id: string; message?: string; created_time?: string; permalink_url?: string };
      const fields = "id,message,created_time,permalink_url";
      const post = await pageBackGraph<Listed>(graph, `${pageId}/published_posts`, { fields, limit: FIND_LIMIT }, {
        since: ctx.since,
        signal: ctx.signal,
        maxPages: FIND_PAGES,
        created: (p) => p.created_time,
        matches: (p) => sameText(p.message, item.post.text),
      });
      return post && { id: post.id, url: post.permalink_url ?? postUrl(post.id) };
    },
    async edit(published, item, signal) {
      // https://developers.facebook.com/docs/graph-api/reference/post/#updating: `POST /{post-id}` with the
      // new `message` (answers `{success: true}`); photos and the link preview stay as they are.
      await graph.post<{ success?: boolean }>(published.id, { message: item.post.text }, { signal });
    },
    async remove(published, signal) {
      try {
        await graph.delete(published.id, signal);
      } catch (error) {
        // 100/33 "does not exist": already deleted (by hand, or by an earlier run).
        if (!(error instanceof PublishError && error.code === "NOT_FOUND")) throw error;
      }
    },
  };
}
