/**
 * Self-tests of the Meta fakes in ./graph.ts and the static server in ./static-server.ts: with plain fetch
 * (as the publishers call Graph) and with facebook-nodejs-business-sdk (platforms.md §7.3), so the fakes
 * demonstrably accept what the official SDK sends and answer what it can parse.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import bizSdk from "facebook-nodejs-business-sdk";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { GraphFake, IG_ERRORS, ThreadsFake, threadsTextLength } from "./graph.js";
import { startStaticServer, type StaticServer } from "./static-server.js";

const { FacebookAdsApi, IGUser, Page, ShadowIGMediaBuilder } = bizSdk;

const PAGE = "111222333";
const IG = "17841400000000001";
const TOKEN = "page-token";
const THREADS_USER = "25000000000000001";
const THREADS_TOKEN = "threads-token";

interface GraphErrorBody {
  error: { message: string; type: string; code: number; error_subcode?: number; error_user_title?: string; fbtrace_id: string };
}

async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#3366aa" } }).jpeg().toBuffer();
}

let media: StaticServer;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = tempDir("graph-fake-media-");
  await writeFile(path.join(mediaDir, "square.jpg"), await jpeg(1080, 1080));
  await writeFile(path.join(mediaDir, "portrait.jpg"), await jpeg(1080, 1350));
  await writeFile(path.join(mediaDir, "wide.jpg"), await jpeg(2000, 500));
  await writeFile(path.join(mediaDir, "square.png"), await sharp({ create: { width: 400, height: 400, channels: 3, background: "#fff" } }).png().toBuffer());
  await writeFile(path.join(mediaDir, "huge.jpg"), Buffer.concat([await jpeg(100, 100), Buffer.alloc(9 * 1024 * 1024)]));
  await writeFile(path.join(mediaDir, "page.html"), "<html>not an image</html>");
  media = await startStaticServer(mediaDir);
});
afterAll(async () => media.stop());

/** A started GraphFake, stopped after the test. */
const started: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  media.failWith(null);
  media.delay(0);
});
async function graph(options: Partial<ConstructorParameters<typeof GraphFake>[0]> = {}): Promise<GraphFake> {
  const fake = new GraphFake({ pageId: PAGE, pageToken: TOKEN, igUserId: IG, igUsername: "ig_user", ...options });
  await fake.start();
  started.push(fake);
  return fake;
}
async function threads(options: Partial<ConstructorParameters<typeof ThreadsFake>[0]> = {}): Promise<ThreadsFake> {
  const fake = new ThreadsFake({ userId: THREADS_USER, username: "th_user", token: THREADS_TOKEN, ...options });
  await fake.start();
  started.push(fake);
  return fake;
}

/** Calls the fake with fetch: JSON body for POST, access_token in the query (as the SDK does). */
async function call(base: string, method: string, p: string, params: Record<string, unknown> = {}, token: string | null = TOKEN) {
  const url = new URL(`${base}/v24.0${p}`);
  if (token !== null) url.searchParams.set("access_token", token);
  let body: string | undefined;
  if (method === "GET" || method === "DELETE") for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  else body = JSON.stringify(params);
  const res = await fetch(url, { method, body, headers: body ? { "content-type": "application/json" } : {} });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> & Partial<GraphErrorBody> };
}

describe("static server", () => {
  it("serves files with their content type, 404s the rest, and fails on request", async () => {
    const ok = await fetch(`${media.url}/square.png`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect((await fetch(`${media.url}/missing.jpg`)).status).toBe(404);
    expect((await fetch(`${media.url}/../etc/passwd`)).status).toBe(404);
    media.failWith(503, "/square.png");
    expect((await fetch(`${media.url}/square.png`)).status).toBe(503);
    expect((await fetch(`${media.url}/square.jpg`)).status).toBe(200);
    expect(media.requests.some((r) => r.path === "/missing.jpg" && r.status === 404)).toBe(true);
  });
});

describe("GraphFake: listings and multipart", () => {
  it("pages a Page's posts as Graph does: 25 by default, `after`/`before` cursors, `next` only while more follow", async () => {
    const fake = await graph();
    for (let i = 0; i < 30; i++) expect((await call(fake.url, "POST", `/${PAGE}/feed`, { message: `Beitrag ${i}` })).status).toBe(200);
    const first = await call(fake.url, "GET", `/${PAGE}/published_posts`, { fields: "id,message" });
    const data = first.json.data as { id: string; message: string }[];
    const paging = first.json.paging as { cursors: { before: string; after: string }; next?: string; previous?: string };
    expect(data.map((p) => p.message)).toEqual(Array.from({ length: 25 }, (_, i) => `Beitrag ${29 - i}`));
    expect(paging.next).toContain(`after=${paging.cursors.after}`);
    expect(paging.previous).toBeUndefined();
    const second = await call(fake.url, "GET", `/${PAGE}/published_posts`, { fields: "id,message", after: paging.cursors.after });
    expect((second.json.data as { message: string }[]).map((p) => p.message)).toEqual(["Beitrag 4", "Beitrag 3", "Beitrag 2", "Beitrag 1", "Beitrag 0"]);
    const last = second.json.paging as { cursors: { before: string }; next?: string; previous?: string };
    expect(last.next).toBeUndefined();
    const back = await call(fake.url, "GET", `/${PAGE}/published_posts`, { fields: "id,message", limit: 2, before: last.cursors.before });
    expect((back.json.data as { message: string }[]).map((p) => p.message)).toEqual(["Beitrag 6", "Beitrag 5"]);
    const small = await call(fake.url, "GET", `/${PAGE}/feed`, { limit: 10 });
    expect(small.json.data as unknown[]).toHaveLength(10);
    expect(await call(fake.url, "GET", `/${PAGE}/feed`, { after: "bm9uZQ" })).toMatchObject({ status: 400, json: { error: { code: 100 } } });
  });

  it("keeps a multipart caption as it arrived: the form encoding's CRLF line breaks", async () => {
    const fake = await graph();
    const form = new FormData();
    form.set("caption", "Zeile eins\nZeile zwei\n\nAbsatz");
    form.set("source", new Blob([new Uint8Array(await jpeg(64, 48))], { type: "image/jpeg" }), "bild.jpg");
    const response = await fetch(`${fake.url}/v24.0/${PAGE}/photos`, { method: "POST", body: form, headers: { authorization: `Bearer ${TOKEN}` } });
    const { post_id: postId } = (await response.json()) as { post_id: string };
    expect(fake.pagePosts.find((p) => p.id === postId)!.message).toBe("Zeile eins\r\nZeile zwei\r\n\r\nAbsatz");
  });

  it("proxyErrorAfterStore: the request is carried out, and the answer is a proxy's HTML 502", async () => {
    const fake = await graph();
    fake.proxyErrorAfterStore("/:id/feed");
    const response = await fetch(`${fake.url}/v24.0/${PAGE}/feed?access_token=${TOKEN}`, { method: "POST", body: new URLSearchParams({ message: "Durchgereicht" }) });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("Bad Gateway");
    expect(fake.livePosts().map((p) => p.message)).toEqual(["Durchgereicht"]);
  });
});

describe("GraphFake: error envelopes", () => {
  it("answers token errors like Graph", async () => {
    const fake = await graph();
    const missing = await call(fake.url, "GET", "/me", {}, null);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 104, type: "OAuthException" });
    const bad = await call(fake.url, "GET", "/me", {}, "nope");
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 190, type: "OAuthException" });
    expect(bad.json.error!.fbtrace_id).toMatch(/\S{8,}/);
    expect(bad.headers.get("www-authenticate")).toContain("invalid_token");
    fake.config.tokenExpiresAt = Math.floor(Date.now() / 1000) - 10;
    const expired = await call(fake.url, "GET", "/me");
    expect(expired.json.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(expired.json.error!.message).toMatch(/Session has expired/);
  });

  it("accepts a Bearer token and reports it in debug_token", async () => {
    const fake = await graph({ scopes: ["pages_manage_posts"], tokenExpiresAt: 4_000_000_000 });
    const me = await fetch(`${fake.url}/v24.0/me?fields=id,name`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await me.json()).toEqual({ id: PAGE, name: "Test Page" });
    const debug = await call(fake.url, "GET", "/debug_token", { input_token: TOKEN });
    expect(debug.json.data).toMatchObject({ type: "PAGE", is_valid: true, expires_at: 4_000_000_000, scopes: ["pages_manage_posts"] });
    const page = await call(fake.url, "GET", `/${PAGE}`, { fields: "id,name,instagram_business_account" });
    expect(page.json).toEqual({ id: PAGE, name: "Test Page", instagram_business_account: { id: IG } });
  });

  it("answers unknown objects, duplicates, missing scopes and queued faults with the documented codes", async () => {
    const fake = await graph({ scopes: ["pages_show_list"] });
    const unknown = await call(fake.url, "GET", "/999", { fields: "id" });
    expect(unknown.json.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });
    const noScope = await call(fake.url, "POST", `/${PAGE}/feed`, { message: "x" });
    expect(noScope.status).toBe(403);
    expect(noScope.json.error!.code).toBe(200);
    const noIgScope = await call(fake.url, "POST", `/${IG}/media`, { image_url: `${media.url}/square.jpg` });
    expect(noIgScope.json.error!.code).toBe(10);

    fake.config.scopes = undefined;
    expect((await call(fake.url, "POST", `/${PAGE}/feed`, { message: "same" })).status).toBe(200);
    const dup = await call(fake.url, "POST", `/${PAGE}/feed`, { message: "same" });
    expect(dup.json.error).toMatchObject({ code: 506, message: "(#506) Duplicate status message" });

    fake.failGraph("POST", "/:id/feed", { code: 2 });
    const transient = await call(fake.url, "POST", `/${PAGE}/feed`, { message: "a" });
    expect(transient.status).toBe(500);
    expect(transient.json.error).toMatchObject({ code: 2, is_transient: true });

    fake.failGraph("POST", "/:id/feed", { code: 32, regainMinutes: 7 });
    const throttled = await call(fake.url, "POST", `/${PAGE}/feed`, { message: "a" });
    expect(throttled.status).toBe(400);
    const buc = JSON.parse(throttled.headers.get("x-business-use-case-usage")!) as Record<string, { estimated_time_to_regain_access: number }[]>;
    expect(buc[PAGE]![0]!.estimated_time_to_regain_access).toBe(7);
    expect(throttled.headers.get("x-app-usage")).toBeNull();
    fake.failGraph("POST", "/:id/feed", { code: 4 });
    expect((await call(fake.url, "POST", `/${PAGE}/feed`, { message: "a" })).headers.get("x-app-usage")).toContain("call_count");

    // Instagram's 4/2207051 (restricted activity) is not throttling: no usage headers, no is_transient: true.
    fake.failGraph("POST", "/:id/media", IG_ERRORS.restricted);
    const restricted = await call(fake.url, "POST", `/${IG}/media`, { image_url: `${media.url}/square.jpg` });
    expect(restricted.json.error).toMatchObject({ code: 4, error_subcode: 2207051, is_transient: false });
    expect(restricted.headers.get("x-business-use-case-usage")).toBeNull();

    fake.fail429(`/${PAGE}/feed`, 3);
    const limited = await call(fake.url, "POST", `/${PAGE}/feed`, { message: "a" });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    expect(fake.livePosts()).toHaveLength(1);

    fake.dropAfterStore("/:id/feed");
    await expect(call(fake.url, "POST", `/${PAGE}/feed`, { message: "dropped" })).rejects.toThrow();
    expect(fake.livePosts()[0]!.message).toBe("dropped");
  });
});

describe("GraphFake: Page", () => {
  it("posts unpublished photos, attaches them, edits, lists and deletes", async () => {
    const fake = await graph();
    const photoIds: string[] = [];
    for (const alt of ["first", "second"]) {
      const form = new FormData();
      form.set("source", new Blob([new Uint8Array(await jpeg(64, 48))], { type: "image/jpeg" }), "a.jpg");
      form.set("published", "false");
      form.set("alt_text_custom", alt);
      const res = await fetch(`${fake.url}/v24.0/${PAGE}/photos?access_token=${TOKEN}`, { method: "POST", body: form });
      const json = (await res.json()) as { id: string; post_id?: string };
      expect(json.post_id).toBeUndefined();
      photoIds.push(json.id);
    }
    const bad = new FormData();
    bad.set("source", new Blob(["not an image"]), "a.jpg");
    const badRes = await fetch(`${fake.url}/v24.0/${PAGE}/photos?access_token=${TOKEN}`, { method: "POST", body: bad });
    expect(((await badRes.json()) as GraphErrorBody).error.code).toBe(324);

    // Form-encoded attached_media[i], as many Graph clients send it.
    const form = new URLSearchParams({ message: "Two photos", access_token: TOKEN });
    photoIds.forEach((id, i) => form.set(`attached_media[${i}]`, JSON.stringify({ media_fbid: id })));
    const post = (await (await fetch(`${fake.url}/v24.0/${PAGE}/feed`, { method: "POST", body: form })).json()) as { id: string };
    expect(post.id).toMatch(new RegExp(`^${PAGE}_\\d+$`));
    expect(fake.pagePosts[0]).toMatchObject({ message: "Two photos", attachedMedia: photoIds, published: true });
    expect(fake.photos.map((p) => p.altTextCustom)).toEqual(["first", "second"]);

    const n = post.id.split("_")[1];
    const read = await call(fake.url, "GET", `/${post.id}`, { fields: "permalink_url,message" });
    expect(read.json).toEqual({ id: post.id, permalink_url: `https://www.facebook.com/${PAGE}/posts/${n}`, message: "Two photos" });
    expect((await call(fake.url, "POST", `/${post.id}`, { message: "Edited" })).json).toEqual({ success: true });
    const list = await call(fake.url, "GET", `/${PAGE}/published_posts`, { fields: "id,message,created_time" });
    expect(list.json.data).toEqual([{ id: post.id, message: "Edited", created_time: expect.stringMatching(/\+0000$/) }]);
    expect((await call(fake.url, "DELETE", `/${post.id}`)).json).toEqual({ success: true });
    expect((await call(fake.url, "GET", `/${post.id}`)).json.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(fake.pagePosts[0]!.deleted).toBe(true);
  });

  it("publishes a photo by url with a post id", async () => {
    const fake = await graph();
    const res = await call(fake.url, "POST", `/${PAGE}/photos`, { url: `${media.url}/square.png`, caption: "Hello" });
    expect(res.json).toEqual({ id: expect.any(String), post_id: expect.stringMatching(`^${PAGE}_`) });
    expect(fake.livePosts()[0]).toMatchObject({ message: "Hello", photoId: res.json.id });
  });

  it("works with facebook-nodejs-business-sdk (JSON body, token in the query, FacebookRequestError)", async () => {
    const fake = await graph();
    const api = new FacebookAdsApi(TOKEN, "en_US", false);
    const original = Object.getOwnPropertyDescriptor(FacebookAdsApi, "GRAPH")!;
    Object.defineProperty(FacebookAdsApi, "GRAPH", { get: () => fake.url, configurable: true });
    try {
      const created = await new Page(PAGE, {}, null, api).createFeed([], { message: "From the SDK", link: "https://example.org/a" });
      expect(created.id).toMatch(new RegExp(`^${PAGE}_`));
      const req = fake.requestsTo("POST", "/:v/:id/feed")[0]!;
      expect(req.query.get("access_token")).toBe(TOKEN);
      expect(JSON.parse(req.body.toString())).toMatchObject({ message: "From the SDK", id: PAGE });
      expect(fake.pagePosts[0]).toMatchObject({ message: "From the SDK", link: "https://example.org/a" });

      const error = (await new Page(PAGE, {}, null, api).createFeed([], { message: "From the SDK" }).catch((e: unknown) => e)) as {
        name: string;
        status: number;
        response: { code: number; fbtrace_id: string };
      };
      expect(error.name).toBe("FacebookRequestError");
      expect(error.status).toBe(400);
      expect(error.response.code).toBe(506);

      const ig = new IGUser(IG, {}, null, api);
      const container = await ig.createMedia([], { image_url: `${media.url}/square.jpg`, caption: "SDK caption", alt_text: "A blue square" });
      const builder = await new ShadowIGMediaBuilder(container.id, {}, null, api).get(["status_code"]);
      expect(builder._data).toMatchObject({ status_code: "IN_PROGRESS" });
      const again = await new ShadowIGMediaBuilder(container.id, {}, null, api).get(["status_code"]);
      expect(again._data).toMatchObject({ status_code: "FINISHED" });
      const published = await ig.createMediaPublish([], { creation_id: container.id });
      expect(fake.igMedia[0]).toMatchObject({ id: published.id, caption: "SDK caption", altText: "A blue square" });
      const limit = (await ig.getContentPublishingLimit(["config", "quota_usage"])) as unknown as { _data: unknown }[];
      expect(limit[0]!._data).toEqual({ config: { quota_total: 50, quota_duration: 86400 }, quota_usage: 1 });
    } finally {
      Object.defineProperty(FacebookAdsApi, "GRAPH", original);
    }
  });
});

describe("GraphFake: Instagram", () => {
  const create = (fake: GraphFake, params: Record<string, unknown>) => call(fake.url, "POST", `/${IG}/media`, params);

  it("downloads image_url and fails like Meta", async () => {
    // A timeout far above any download here: on a busy machine a large image must not time out by accident.
    const fake = await graph({ fetchTimeoutMs: 10_000 });
    const notFound = await create(fake, { image_url: `${media.url}/missing.jpg` });
    expect(notFound.json.error).toMatchObject({ code: 9004, error_subcode: 2207052, message: "Only photo or video can be accepted as media type." });
    expect(media.requests.at(-1)).toMatchObject({ path: "/missing.jpg", status: 404 });
    expect((await create(fake, { image_url: `${media.url}/page.html` })).json.error!.error_subcode).toBe(2207052);
    expect((await create(fake, { image_url: `${media.url}/square.png` })).json.error).toMatchObject({ code: 36001, error_subcode: 2207005 });
    expect((await create(fake, { image_url: `${media.url}/wide.jpg` })).json.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
    expect((await create(fake, { image_url: `${media.url}/huge.jpg` })).json.error).toMatchObject({ code: 36000, error_subcode: 2207004 });
    const caption = await create(fake, { image_url: `${media.url}/square.jpg`, caption: "x".repeat(2201) });
    expect(caption.json.error).toMatchObject({ code: 36004, error_subcode: 2207010 });
    // More than 5 hashtags: the fake's own answer (Meta documents none), a plain 100.
    const tags = await create(fake, { image_url: `${media.url}/square.jpg`, caption: "Heute #A1 #B2 #C3\n\n#D4 #E5 #F6, Seite#7 und https://x.de/#frag" });
    expect(tags.json.error).toMatchObject({ code: 100, message: "(#100) The caption has 6 hashtags; at most 5 are allowed." });
    expect(tags.json.error!.error_subcode).toBeUndefined();
    expect((await create(fake, { media_type: "CAROUSEL", children: "1,2", caption: "#A #B #C #D #E #F" })).json.error!.code).toBe(100);
    // The timeout itself, on a fake that waits 300 ms for a server that answers after 1 s.
    media.delay(1000);
    const timeout = await create(await graph({ fetchTimeoutMs: 300 }), { image_url: `${media.url}/square.jpg` });
    // Retryable by Meta's table ("Try again"), yet without is_transient: true.
    expect(timeout.json.error).toMatchObject({ code: -2, error_subcode: 2207003, is_transient: false });
    expect(fake.igContainers).toHaveLength(0);
  });

  it("polls containers, publishes once, and reads the permalink", async () => {
    const fake = await graph({ pollsBeforeFinished: 2 });
    const { id } = (await create(fake, { image_url: `${media.url}/portrait.jpg`, caption: "Hi" })).json as { id: string };
    const publish = () => call(fake.url, "POST", `/${IG}/media_publish`, { creation_id: id });
    expect((await publish()).json.error).toMatchObject({ code: 9007, error_subcode: 2207027, message: "Media ID is not available" });
    expect((await call(fake.url, "GET", `/${id}`, { fields: "status_code,status" })).json).toMatchObject({ status_code: "IN_PROGRESS" });
    expect((await call(fake.url, "GET", `/${id}`, { fields: "status_code" })).json).toEqual({ id, status_code: "FINISHED" });
    const mediaId = (await publish()).json.id as string;
    expect(fake.igMedia[0]!.imageBytes!.equals(await jpeg(1080, 1350))).toBe(true);
    expect((await publish()).json.error).toMatchObject({ code: 24, error_subcode: 2207008 });
    expect((await call(fake.url, "GET", `/${id}`, { fields: "status_code" })).json.status_code).toBe("PUBLISHED");
    const read = await call(fake.url, "GET", `/${mediaId}`, { fields: "permalink,caption,media_type" });
    expect(read.json).toEqual({ id: mediaId, permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\/[\w-]+\/$/), caption: "Hi", media_type: "IMAGE" });
    const recent = await call(fake.url, "GET", `/${IG}/media`, { fields: "id,caption,timestamp,permalink" });
    expect(recent.json.data).toEqual([{ id: mediaId, caption: "Hi", timestamp: expect.any(String), permalink: read.json.permalink }]);
    // No delete for IG media in the API.
    expect((await call(fake.url, "DELETE", `/${mediaId}`)).json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("reports ERROR and EXPIRED containers", async () => {
    const fake = await graph({ pollsBeforeFinished: 0 });
    fake.failNextContainer("ERROR").failNextContainer("EXPIRED");
    const failed = (await create(fake, { image_url: `${media.url}/square.jpg` })).json.id as string;
    const expired = (await create(fake, { image_url: `${media.url}/square.jpg` })).json.id as string;
    expect((await call(fake.url, "GET", `/${failed}`, { fields: "status_code" })).json.status_code).toBe("ERROR");
    expect((await call(fake.url, "POST", `/${IG}/media_publish`, { creation_id: failed })).json.error!.error_subcode).toBe(2207001);
    expect((await call(fake.url, "POST", `/${IG}/media_publish`, { creation_id: expired })).json.error).toMatchObject({ code: -2, error_subcode: 2207020 });
  });

  it("publishes a carousel of 2–10 items with alt text", async () => {
    const fake = await graph({ pollsBeforeFinished: 0 });
    const child = async (alt: string) =>
      (await create(fake, { image_url: `${media.url}/square.jpg`, is_carousel_item: true, alt_text: alt })).json.id as string;
    const a = await child("one");
    expect((await create(fake, { media_type: "CAROUSEL", children: [a] })).json.error).toMatchObject({ code: 100, error_subcode: 2207028 });
    const b = await child("two");
    const parent = (await create(fake, { media_type: "CAROUSEL", children: `${a},${b}`, caption: "Album" })).json.id as string;
    const mediaId = (await call(fake.url, "POST", `/${IG}/media_publish`, { creation_id: parent })).json.id as string;
    expect(fake.igMedia).toHaveLength(1);
    expect(fake.igMedia[0]).toMatchObject({ id: mediaId, caption: "Album", mediaType: "CAROUSEL_ALBUM" });
    expect(fake.igMedia[0]!.children.map((c) => c.altText)).toEqual(["one", "two"]);
    const read = await call(fake.url, "GET", `/${mediaId}`, { fields: "media_type,children{id}" });
    expect((read.json.children as { data: unknown[] }).data).toHaveLength(2);
  });

  it("enforces the publishing limit", async () => {
    const fake = await graph({ pollsBeforeFinished: 0, quotaTotal: 100 });
    fake.quotaUsage = 100;
    const limit = await call(fake.url, "GET", `/${IG}/content_publishing_limit`, { fields: "config,quota_usage" });
    expect(limit.json).toEqual({ data: [{ config: { quota_total: 100, quota_duration: 86400 }, quota_usage: 100 }] });
    const { id } = (await create(fake, { image_url: `${media.url}/square.jpg` })).json as { id: string };
    expect((await call(fake.url, "POST", `/${IG}/media_publish`, { creation_id: id })).json.error).toMatchObject({ code: 9, error_subcode: 2207042 });
  });
});

describe("ThreadsFake", () => {
  /** Threads clients usually send parameters in the query string; this sends them that way. */
  async function th(fake: ThreadsFake, method: string, p: string, params: Record<string, unknown> = {}) {
    const url = new URL(`${fake.url}/v1.0${p}`);
    for (const [k, v] of Object.entries({ ...params, access_token: THREADS_TOKEN })) url.searchParams.set(k, String(v));
    const res = await fetch(url, { method });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & Partial<GraphErrorBody> };
  }

  it("counts emoji as UTF-8 bytes toward 500", async () => {
    expect(threadsTextLength("a😀")).toBe(5);
    expect(threadsTextLength("👍🏽")).toBe(8);
    expect(threadsTextLength("é")).toBe(1);
    const fake = await threads({ pollsBeforeFinished: 0 });
    const ok = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: "a".repeat(496) + "😀" });
    expect(ok.json.id).toEqual(expect.any(String));
    const tooLong = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: "a".repeat(497) + "😀" });
    expect(tooLong.json.error!.code).toBe(100);
  });

  it("allows at most 5 distinct links", async () => {
    const fake = await threads({ pollsBeforeFinished: 0 });
    const links = (n: number) => Array.from({ length: n }, (_, i) => `https://example.org/${i}`).join(" ");
    const five = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: `${links(5)} https://example.org/0`, link_attachment: "https://example.org/4" });
    expect(five.status).toBe(200);
    const six = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: links(5), link_attachment: "https://example.org/other" });
    expect(six.json.error).toMatchObject({ code: 100, message: "THREADS_API__LINK_LIMIT_EXCEEDED" });
  });

  it("publishes a reply chain with an image, reads permalinks and deletes", async () => {
    const fake = await threads({ pollsBeforeFinished: 1 });
    const root = (await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: "Root" })).json.id as string;
    expect((await th(fake, "POST", `/${THREADS_USER}/threads_publish`, { creation_id: root })).json.error!.error_subcode).toBe(2207027);
    expect((await th(fake, "GET", `/${root}`, { fields: "status,error_message" })).json).toEqual({ id: root, status: "FINISHED" });
    const rootId = (await th(fake, "POST", `/${THREADS_USER}/threads_publish`, { creation_id: root })).json.id as string;

    const notPublished = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: "Reply", reply_to_id: root });
    expect(notPublished.json.error!.code).toBe(100);
    const missing = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "IMAGE", image_url: `${media.url}/missing.png`, reply_to_id: rootId });
    expect(missing.json.error).toMatchObject({ code: 100, error_subcode: 2207052, message: "Media download has failed." });
    const reply = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "IMAGE", image_url: `${media.url}/square.png`, alt_text: "White", text: "Reply", reply_to_id: rootId });
    await th(fake, "GET", `/${reply.json.id as string}`, { fields: "status" });
    const replyId = (await th(fake, "POST", `/${THREADS_USER}/threads_publish`, { creation_id: reply.json.id as string })).json.id as string;
    expect(fake.threadsPosts[1]).toMatchObject({ id: replyId, replyToId: rootId, altText: "White", text: "Reply" });
    expect(fake.threadsPosts[1]!.imageBytes!.length).toBeGreaterThan(0);

    const read = await th(fake, "GET", `/${rootId}`, { fields: "permalink,text" });
    expect(read.json).toEqual({ id: rootId, permalink: expect.stringMatching(/^https:\/\/www\.threads\.net\/@th_user\/post\/[\w-]+$/), text: "Root" });
    const limit = await th(fake, "GET", `/${THREADS_USER}/threads_publishing_limit`, { fields: "quota_usage,config,reply_quota_usage,reply_config" });
    expect(limit.json.data).toEqual([{ quota_usage: 1, config: { quota_total: 250, quota_duration: 86400 }, reply_quota_usage: 1, reply_config: { quota_total: 1000, quota_duration: 86400 } }]);
    const recent = await th(fake, "GET", `/${THREADS_USER}/threads`, { fields: "id,text,timestamp,permalink" });
    expect((recent.json.data as { id: string }[]).map((p) => p.id)).toEqual([rootId]);

    expect((await th(fake, "DELETE", `/${replyId}`)).json).toEqual({ success: true, deleted_id: replyId });
    expect((await th(fake, "GET", `/${replyId}`)).json.error).toMatchObject({ code: 100, error_subcode: 33, type: "THApiException" });
    expect(fake.deleteQuotaUsage).toBe(1);
  });

  it("auto-publishes text, enforces the quota, answers /me and token errors", async () => {
    const fake = await threads({ quotaTotal: 1 });
    const auto = await th(fake, "POST", `/${THREADS_USER}/threads`, { media_type: "TEXT", text: "Now", auto_publish_text: true });
    expect(fake.threadsPosts[0]!.id).toBe(auto.json.id);
    const next = await th(fake, "POST", `/me/threads`, { media_type: "TEXT", text: "Later", auto_publish_text: true });
    expect(next.json.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    expect((await th(fake, "GET", "/me", { fields: "id,username" })).json).toEqual({ id: THREADS_USER, username: "th_user" });
    const bad = await fetch(`${fake.url}/v1.0/me?access_token=wrong`);
    expect([bad.status, ((await bad.json()) as GraphErrorBody).error.code]).toEqual([400, 190]);
    fake.failGraph("POST", "/:id/threads_publish", { code: 1 });
    expect((await th(fake, "POST", `/${THREADS_USER}/threads_publish`, { creation_id: "1" })).status).toBe(500);
  });
});
