/**
 * Publishing to a LinkedIn organization page over the versioned REST API with plain `fetch` (platforms.md §5,
 * §7.4): {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api | Posts API},
 * {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api | Images API},
 * {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api | MultiImage API}
 * and {@link https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/article-post-api | Article API}.
 *
 * LinkedIn has no idempotency key, but answers a repeated commentary with 422 DUPLICATE_POST naming the
 * existing post: `publish` turns that answer into the receipt of that post, which is what makes a retry after an
 * unknown outcome safe. Failures become {@link PublishError}s; retries belong to the pipeline.
 */
import { explain } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { PublishError } from "../../problems.js";
import { prepareImageData } from "../../media/prepare.js";
import { httpFailure, networkFailure } from "../shared/failure.js";
import { pageBack, sameText } from "../shared/find.js";
import { fetchBounded, fetchLinkCard, MAX_IMAGE_BYTES } from "../shared/link-card.js";
import { linkedin, type LinkedInPost, type LinkedInSettings } from "./index.js";
import type { Connection, PostToSend, PublishContext, Publisher, Receipt } from "../platform.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, madeSince, requestSignal } from "../shared/request.js";

/** Versions are sunset after about a year; warn when the configured one is older than this (platforms.md §5). */
const VERSION_WARN_MONTHS = 10;
const DUPLICATE = /Content is a duplicate of (urn:li:[A-Za-z]+:\d+)/;
/** Posts per page a search by text reads, and pages at most (500 posts since the attempt). */
const FIND_LIMIT = 50;
const FIND_PAGES = 10;

type Content = { media: { id: string; altText: string } } | { multiImage: { images: { id: string; altText: string }[] } } | { article: Record<string, string> };
/** LinkedIn's error bodies: `{status, code, message}` or the BadRequest envelope with `errorDetails.inputErrors`. */
interface ErrorBody {
  message?: string;
  code?: string;
  errorDetails?: { inputErrors?: { code?: string; description?: string }[] };
}

/** The publishing side of the `linkedin` platform (./index.ts), loaded by its `publisher()`. */
export const linkedinPublisher: Publisher<LinkedInSettings, LinkedInPost> = {
  connect: (ctx) => connect(ctx.channel.name, ctx.channel.settings, ctx.secrets, ctx.signal, ctx.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, ctx.allowHosts),
  edits: true,
};

/** How many whole months `version` (YYYYMM) lies before `now`. */
export function versionAgeMonths(version: string, now = new Date()): number {
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 - (Number(version.slice(0, 4)) * 12 + Number(version.slice(4)));
}

async function connect(channel: string, settings: LinkedInSettings, secrets: Record<string, string>, signal: AbortSignal, timeoutMs: number, allowHosts?: readonly string[]): Promise<Connection<LinkedInPost>> {
  const token = secrets.access_token ?? "";
  const { organization, version } = settings;
  const rest = `${settings.api_url.replace(/\/+$/, "")}/rest`;
  const headers = { authorization: `Bearer ${token}`, "linkedin-version": version, "x-restli-protocol-version": "2.0.0" };

  /** One request; network failures are classified here, HTTP answers are returned as they are. */
  const send = async (method: string, url: string, init: { json?: unknown; body?: Buffer; extra?: Record<string, string>; signal: AbortSignal; create?: boolean }) => {
    const json = init.json === undefined ? {} : { "content-type": "application/json" };
    try {
      return await fetch(url, {
        method,
        headers: { ...headers, ...json, ...init.extra },
        body: init.json === undefined ? init.body : JSON.stringify(init.json),
        signal: requestSignal(init.signal, timeoutMs),
      });
    } catch (error) {
      throw networkFailure("LinkedIn", error, { create: init.create });
    }
  };

  /** Reads a failed answer (platforms.md §5 "Rate limits", "Auth", "Endpoint and headers"). */
  const classify = (response: Response, body: ErrorBody, create = false): PublishError => {
    const platformMessage = body.message?.replace(/^[\w.]+Exception: /, "") || undefined;
    const { status } = response;
    if (status === 401) {
      return new PublishError({ kind: "permanent", ...explain("AUTH_INVALID", { via: "organization", channel, organization, platformMessage }), status, platformMessage });
    }
    if (status === 403) {
      return new PublishError({ kind: "permanent", ...explain("PERMISSION_DENIED", { via: "organization", channel, organization, platformMessage }), status, platformMessage });
    }
    if (status === 426 || body.code === "NONEXISTENT_VERSION" || body.code === "INVALID_VERSION") {
      return new PublishError({ kind: "permanent", ...explain("API_VERSION_INACTIVE", { version, status, platformMessage, channel }), status, platformMessage });
    }
    return httpFailure("LinkedIn", status, platformMessage, response.headers, { create });
  };
  const failure = async (response: Response, create = false) => classify(response, await readError(response), create);

  const warnings: string[] = [];
  const age = versionAgeMonths(version);
  if (age > VERSION_WARN_MONTHS) warnings.push(ui().notes.linkedinVersionOld(version, age, channel));

  // A read of an image that does not exist checks token and version: LinkedIn checks both before it looks for
  // the image (a 404 is success). Expiry and scopes need token introspection, which needs the app's secret.
  const check = await send("GET", `${rest}/images/${encodeURIComponent("urn:li:image:0")}`, { signal });
  const checked = check.ok ? {} : await readError(check);
  const versionError = checked.code === "NONEXISTENT_VERSION" || checked.code === "INVALID_VERSION";
  if ([401, 426, 429].includes(check.status) || check.status >= 500 || versionError) throw classify(check, checked);
  await check.body?.cancel().catch(() => undefined);
  const introspected = settings.client_id && secrets.client_secret ? await introspect(settings, settings.client_id, secrets.client_secret, token, channel, requestSignal(signal, timeoutMs)) : undefined;
  if (introspected?.warning) warnings.push(introspected.warning);

  /** Images API: initializeUpload, then PUT the bytes to the upload URL; returns the image URN. */
  const uploadImage = async (data: Buffer, signal: AbortSignal): Promise<string> => {
    const init = await send("POST", `${rest}/images?action=initializeUpload`, { json: { initializeUploadRequest: { owner: organization } }, signal });
    if (!init.ok) throw await failure(init);
    const { value } = (await init.json()) as { value: { uploadUrl: string; image: string } };
    const put = await send("PUT", value.uploadUrl, { body: data, extra: { "content-type": "application/octet-stream" }, signal });
    if (!put.ok) throw await failure(put);
    await put.body?.cancel();
    return value.image;
  };

  /** An article card from the page's Open Graph data, within the optional-work budget; the title at least. */
  const article = async ({ source, title }: NonNullable<LinkedInPost["article"]>, ctx: PublishContext): Promise<Content> => {
    const deadline = Date.now() + ctx.optionalWorkMs;
    const card = await fetchLinkCard(source, { timeoutMs: ctx.optionalWorkMs, signal: ctx.signal, allowHosts });
    const thumbnail = card?.imageUrl ? await thumbnailUrn(card.imageUrl, deadline - Date.now(), ctx.signal) : undefined;
    const fields = { source, title: card?.title || title, description: card?.description, thumbnail };
    return { article: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => Boolean(e[1]))) };
  };
  const thumbnailUrn = async (url: string, timeoutMs: number, signal: AbortSignal): Promise<string | undefined> => {
    if (timeoutMs <= 0) return undefined;
    try {
      const image = await fetchBounded(url, { timeoutMs, maxBytes: MAX_IMAGE_BYTES, signal, allowHosts, accept: "image/png,image/jpeg,image/gif" });
      if (image.truncated) return undefined;
      // Within the Images API's formats and sizes, like the notice's own images.
      return await uploadImage((await prepareImageData(image.body, linkedin.imageSpec)).data, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return undefined; // a card without a picture
    }
  };

  const content = async (item: PostToSend<LinkedInPost>, ctx: PublishContext): Promise<Content | undefined> => {
    if (item.images.length === 0) return item.post.article ? article(item.post.article, ctx) : undefined;
    const images = [];
    for (const [i, image] of item.images.entries()) {
      ctx.uploading?.(i, item.images.length);
      images.push({ id: await uploadImage(image.data, ctx.signal), altText: image.alt });
    }
    return images.length === 1 ? { media: images[0]! } : { multiImage: { images } };
  };

  /**
   * The content of an earlier attempt when there is one (its image URNs and card), so that the post sent
   * again is the same post, which LinkedIn answers with DUPLICATE_POST if the first one arrived; otherwise
   * new content, saved before the post is sent.
   */
  const savedContent = async (item: PostToSend<LinkedInPost>, ctx: PublishContext): Promise<Content | undefined> => {
    if (ctx.progress?.content) return JSON.parse(ctx.progress.content) as Content;
    const made = await content(item, ctx);
    if (made) await ctx.checkpoint({ content: JSON.stringify(made) });
    return made;
  };

  const receipt = (urn: string): Receipt => ({ id: urn, url: `https://www.linkedin.com/feed/update/${urn}` });
  /**
   * The post a DUPLICATE_POST names, when it is this attempt's: not a deleted one ("ghost" URNs, Composio
   * #2710), and not an older post with the same text (last week's identical reminder), which would
   * otherwise be recorded, and later deleted, as this notice's.
   */
  const existing = async (urn: string, since: Date, requestSignal: AbortSignal): Promise<Receipt> => {
    const found = await send("GET", `${rest}/posts/${encodeURIComponent(urn)}`, { signal: requestSignal });
    if (found.status === 404) {
      await found.body?.cancel().catch(() => undefined);
      throw new PublishError({ kind: "permanent", ...explain("DUPLICATE_OF_DELETED", { urn }), status: 422 });
    }
    let post: { createdAt?: number } | undefined;
    if (found.ok) post = (await found.json().catch(() => undefined)) as typeof post;
    else await found.body?.cancel().catch(() => undefined);
    // Not readable with this token's scopes, or without a creation time: it may be this attempt's.
    if (post?.createdAt === undefined || madeSince(new Date(post.createdAt), since)) return receipt(urn);
    throw new PublishError({ kind: "permanent", ...explain("DUPLICATE_OF_OLDER", { urn, at: new Date(post.createdAt).toISOString() }), status: 422 });
  };

  return {
    limits: {},
    account: organization,
    warnings,
    tokenExpiresAt: introspected?.expiresAt,
    scopes: introspected?.scopes,
    async publish(item, ctx) {
      const body = {
        author: organization,
        commentary: item.post.text, // already in little text format (./index.ts)
        visibility: "PUBLIC",
        distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: "PUBLISHED",
        isReshareDisabledByAuthor: false,
        ...(await savedContent(item, ctx).then((c) => (c ? { content: c } : {}))),
      };
      const response = await send("POST", `${rest}/posts`, { json: body, signal: ctx.signal, create: true });
      if (!response.ok) {
        const error = await readError(response);
        const duplicateOf = response.status === 422 ? duplicateUrn(error) : undefined;
        if (duplicateOf) return existing(duplicateOf, ctx.since, ctx.signal); // published by an earlier attempt (platforms.md §5 "Idempotency")
        throw classify(response, error, true);
      }
      await response.body?.cancel();
      const urn = response.headers.get("x-restli-id") ?? response.headers.get("x-linkedin-id");
      if (!urn) throw new PublishError({ kind: "unknown", ...explain("INVALID_RESPONSE", { via: "linkedin" }), status: response.status });
      return receipt(urn);
    },
    /**
     * With the attempt's content known (its saved image URNs), nothing is looked up: publishing again is the
     * reconciliation, since LinkedIn answers the same commentary with DUPLICATE_POST and the URN. Without a
     * key (a lost ledger), the organization's posts are read back, newest first, by commentary and time
     * ("find posts by authors", which needs r_organization_social).
     */
    async find(item, ctx) {
      if (!ctx.unkeyed) return undefined;
      type Listed = { id: string; commentary?: string; createdAt?: number };
      const found = await pageBack<Listed, number>({
        label: "LinkedIn",
        since: ctx.since,
        maxPages: FIND_PAGES,
        page: async (start = 0) => {
          const query = new URLSearchParams({ author: organization, q: "author", count: String(FIND_LIMIT), start: String(start), sortBy: "CREATED" });
          const response = await send("GET", `${rest}/posts?${query}`, { extra: { "x-restli-method": "FINDER" }, signal: ctx.signal });
          if (!response.ok) throw await failure(response);
          const body = (await response.json().catch(() => ({}))) as { elements?: Listed[]; paging?: { links?: { rel?: string }[] } };
          const items = body.elements ?? [];
          const more = items.length > 0 && (body.paging?.links ?? []).some((link) => link.rel === "next");
          return { items, next: more ? start + items.length : undefined };
        },
        created: (post) => (post.createdAt === undefined ? undefined : new Date(post.createdAt)),
        matches: (post) => sameText(post.commentary, item.post.text),
      });
      return found && receipt(found.id);
    },
    async edit(published, item, signal) {
      // Posts API, "Update Posts": a partial update of the commentary (author, media and article cannot
      // change), in little text format like the commentary of a new post (./index.ts); answers 204.
      const response = await send("POST", `${rest}/posts/${encodeURIComponent(published.id)}`, {
        json: { patch: { $set: { commentary: item.post.text } } },
        extra: { "x-restli-method": "PARTIAL_UPDATE" },
        signal,
      });
      if (!response.ok) throw await failure(response);
      await response.body?.cancel();
    },
    async remove(published, signal) {
      const response = await send("DELETE", `${rest}/posts/${encodeURIComponent(published.id)}`, { extra: { "x-restli-method": "DELETE" }, signal });
      if (response.ok || response.status === 404 || response.status === 410) return void (await response.body?.cancel());
      throw await failure(response);
    },
  };
}

/**
 * Token introspection ({@link https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection}):
 * `POST {oauth_url}/introspectToken` with the app's client id and secret. An inactive token is a permanent
 * AUTH_INVALID and a token without w_organization_social a PERMISSION_DENIED; client credentials LinkedIn
 * does not accept only leave the expiry unknown (a warning): they are not needed to publish.
 */
async function introspect(settings: LinkedInSettings, clientId: string, clientSecret: string, token: string, channel: string, signal: AbortSignal): Promise<{ expiresAt?: Date; scopes?: string[]; warning?: string }> {
  let response: Response;
  try {
    response = await fetch(`${settings.oauth_url.replace(/\/+$/, "")}/introspectToken`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, token }),
      signal,
    });
  } catch (error) {
    throw networkFailure("LinkedIn", error);
  }
  const body = (await response.json().catch(() => ({}))) as { active?: boolean; status?: string; expires_at?: number; scope?: string; error?: string; error_description?: string };
  if (response.status === 429 || response.status >= 500) throw httpFailure("LinkedIn", response.status, body.error_description, response.headers);
  if (!response.ok) {
    const why = body.error_description ?? body.error ?? `HTTP ${response.status}`;
    return { warning: ui().notes.linkedinIntrospectionRefused(channel, why) };
  }
  if (body.active !== true) {
    throw new PublishError({ kind: "permanent", ...explain("AUTH_INVALID", { via: "introspection", channel, status: body.status }) });
  }
  const scopes = body.scope?.split(/[ ,]+/).filter(Boolean);
  if (scopes && !scopes.includes("w_organization_social")) {
    throw new PublishError({ kind: "permanent", ...explain("PERMISSION_DENIED", { via: "introspection", channel, scopes }) });
  }
  return { expiresAt: body.expires_at ? new Date(body.expires_at * 1000) : undefined, scopes };
}

async function readError(response: Response): Promise<ErrorBody> {
  const body: unknown = await response.json().catch(() => undefined);
  return typeof body === "object" && body !== null ? (body as ErrorBody) : {};
}

/** The existing post of a 422 DUPLICATE_POST: "… Content is a duplicate of urn:li:share:N". */
function duplicateUrn(body: ErrorBody): string | undefined {
  const codes = [body.code, ...(body.errorDetails?.inputErrors ?? []).map((e) => e.code)];
  return codes.includes("DUPLICATE_POST") ? DUPLICATE.exec(body.message ?? "")?.[1] : undefined;
}

