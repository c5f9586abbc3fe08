/**
 * The Facebook Page publisher against GraphFake (test/fakes/graph.ts): what the fake holds after publishing
 * (posts, photos with their bytes and alt text, attached media), receipts, reconciliation with find(), delete,
 * and how Graph errors are classified, with the token never in an error.
 */
import { PublishError } from "../../../src/problems.js";
import { randomBytes, randomUUID } from "node:crypto";
import bizSdk from "facebook-nodejs-business-sdk";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FacebookPost, FacebookSettings } from "../../../src/platforms/facebook/index.js";
import { facebook } from "../../../src/platforms/facebook/index.js";
import { facebookPublisher } from "../../../src/platforms/facebook/client.js";
import { GRAPH_VERSION } from "../../../src/platforms/shared/graph-client.js";
import type { Connection, PostToSend, PublishContext, UploadImage } from "../../../src/platforms/platform.js";
import { GraphFake } from "../../fakes/graph.js";
import { publishContext } from "../../helpers/context.js";

const PAGE = "111222333";
const TOKEN = `EAAG${randomBytes(24).toString("hex")}`;
const signal = new AbortController().signal;

let fake: GraphFake;
let connection: Connection<FacebookPost>;
/** `uncaughtException` listeners before the first connect (the SDK's crash reporter would add one). */
let listenersBefore: number;

function connect(url: string, token = TOKEN): Promise<Connection<FacebookPost>> {
  const settings: FacebookSettings = { enabled: true, page_id: PAGE, access_token: "${FACEBOOK_TOKEN}", api_url: url };
  return facebookPublisher.connect({ channel: { name: "facebook-test", platform: "facebook", settings }, secrets: { access_token: token }, stateDir: "/nonexistent", configDir: "/nonexistent", signal, warn: unexpectedWarning });
}

/** The connection is not expected to warn after connecting: a warning fails the test. */
function unexpectedWarning(message: string): void {
  throw new Error(`unexpected warning: ${message}`);
}

function item(text: string, options: { images?: UploadImage[]; linkCard?: string } = {}): PostToSend<FacebookPost> {
  const images = options.images ?? [];
  return {
    index: 0,
    post: { text, length: [...text].length, limit: 63_206, unit: "characters", images: images.map((_, i) => i), ...(options.linkCard ? { linkCard: options.linkCard } : {}) },
    images,
  };
}

const context = (): PublishContext => publishContext({ key: randomUUID(), signal, optionalWorkMs: 1000, since: new Date() });
const tag = () => randomBytes(3).toString("hex");

async function jpeg(alt: string, color = "#2a6"): Promise<UploadImage> {
  const data = await sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).jpeg().toBuffer();
  return { data, format: "jpeg", width: 64, height: 48, alt, name: `${randomBytes(10).toString("hex")}.jpg` };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

/** Everything of an error that could reach a person or a report. */
const everything = (error: PublishError) => `${JSON.stringify(error)} ${error.message} ${error.hint} ${error.platformMessage} ${error.stack}`;

async function startFake(options: Partial<ConstructorParameters<typeof GraphFake>[0]> = {}): Promise<GraphFake> {
  const started = new GraphFake({ pageId: PAGE, pageName: "Stadt Musterhausen", pageToken: TOKEN, igUserId: "17841400000000001", ...options });
  await started.start();
  return started;
}

beforeAll(async () => {
  fake = await startFake();
  listenersBefore = process.listenerCount("uncaughtException");
  connection = await connect(fake.url);
});
afterAll(async () => fake.stop());
beforeEach(() => {
  fake.config.tokenExpiresAt = 0;
  fake.config.scopes = undefined;
});

it("is wired into the platform", async () => {
  expect(await facebook.publisher()).toBe(facebookPublisher);
});

it("connects: Page name, token without expiry, scopes; the SDK's crash reporter stays off", async () => {
  const fresh = await connect(fake.url);
  expect(process.listenerCount("uncaughtException")).toBe(listenersBefore);
  expect((bizSdk.CrashReporter as unknown as { _instance?: unknown })._instance).toBeUndefined();
  expect(fresh.account).toBe("Stadt Musterhausen");
  expect(fresh.tokenExpiresAt).toBeUndefined();
  expect(fresh.scopes).toContain("pages_manage_posts");
  expect(fresh.warnings).toEqual([]);
  expect(fake.requestsTo("GET", `/:v/${PAGE}`).at(-1)!.query.get("fields")).toBe("id,name");
});

it("pins the Graph version of the SDK, and keeps the token out of the URLs it sends itself", async () => {
  expect(GRAPH_VERSION).toBe(bizSdk.FacebookAdsApi.VERSION);
  const mine = fake.requests.filter((r) => !r.path.endsWith("/feed"));
  expect(mine.length).toBeGreaterThan(0);
  for (const request of fake.requests) expect(request.path.startsWith(`/${GRAPH_VERSION}/`)).toBe(true);
  for (const request of mine) expect(request.query.get("access_token")).toBeNull();
});

it("publishes text with a link card to /feed; the receipt has the permalink", async () => {
  const text = `Wasserrohrbruch ${tag()} in der Hauptstraße`;
  const receipt = await connection.publish(item(text, { linkCard: "https://example.org/meldung" }), context());
  const post = fake.pagePosts.find((p) => p.id === receipt.id)!;
  expect(post).toMatchObject({ message: text, link: "https://example.org/meldung", published: true, attachedMedia: [] });
  expect(receipt).toEqual({ id: post.id, url: post.permalink });
});

it("publishes one image as a photo post with caption, alt text and the exact bytes, telling its upload", async () => {
  const image = await jpeg("Karte der Sperrung");
  const text = `Sperrung ${tag()}`;
  const ctx = context();
  const told: [number, number][] = [];
  ctx.uploading = (image, images) => void told.push([image, images]);
  const receipt = await connection.publish(item(text, { images: [image] }), ctx);
  // The upload is told for the progress display ("uploading image 1/1").
  expect(told).toEqual([[0, 1]]);
  const photo = fake.photos.at(-1)!;
  expect(photo).toMatchObject({ caption: text, altTextCustom: "Karte der Sperrung", published: true, postId: receipt.id });
  expect(photo.bytes.equals(image.data)).toBe(true);
  expect(fake.pagePosts.find((p) => p.id === receipt.id)).toMatchObject({ message: text, photoId: photo.id });
  expect(receipt.url).toBe(fake.pagePosts.find((p) => p.id === receipt.id)!.permalink);
});

it("publishes several images as unpublished photos attached to one feed post, telling each upload", async () => {
  const images = [await jpeg("Erstes Bild", "#a00"), await jpeg("Zweites Bild", "#00a"), await jpeg("Drittes Bild", "#0a0")];
  const text = `Drei Bilder ${tag()}`;
  const before = fake.photos.length;
  const ctx = context();
  const told: [number, number][] = [];
  ctx.uploading = (image, total) => void told.push([image, total]);
  const receipt = await connection.publish(item(text, { images }), ctx);
  // Each photo's upload is told for the progress display, one per photo that arrived.
  expect(told.sort(([a], [b]) => a - b)).toEqual([[0, 3], [1, 3], [2, 3]]);
  // Uploads may arrive in any order; what counts is each photo's bytes and alt text, and the order of
  // attached_media, which is the order people see.
  const photos = images.map((image) => fake.photos.slice(before).find((p) => p.altTextCustom === image.alt)!);
  expect(fake.photos.slice(before)).toHaveLength(images.length);
  for (const [i, photo] of photos.entries()) {
    expect(photo).toMatchObject({ published: false, postId: receipt.id });
    expect(photo.bytes.equals(images[i]!.data)).toBe(true);
  }
  expect(fake.pagePosts.find((p) => p.id === receipt.id)).toMatchObject({ message: text, published: true, attachedMedia: photos.map((p) => p.id) });
});

it("a dropped answer after the post was stored is unknown, and find() returns the post", async () => {
  const text = `  Verlorene Antwort ${tag()}\n\nmit Absatz  `;
  fake.dropAfterStore("/:id/feed");
  expect(await failure(connection.publish(item(text), context()))).toMatchObject({ kind: "unknown" });
  const stored = fake.livePosts()[0]!;
  expect(stored.message).toBe(text);
  expect(await connection.find(item(text.trim()), context())).toEqual({ id: stored.id, url: stored.permalink });
  expect(await connection.find(item(`Nie gepostet ${tag()}`), context())).toBeUndefined();
  // The same text posted before this attempt began (an earlier notice) is not this post.
  stored.createdTime = new Date(Date.now() - 2 * 86_400_000);
  expect(await connection.find(item(text.trim()), context())).toBeUndefined();
});

it("a single photo with a multi-line caption whose answer is lost: Graph holds the caption with CRLF line breaks, and find() returns the post", async () => {
  const text = `Sperrung ${tag()}\n\nDie Kampstraße ist gesperrt.\nUmleitung über die Ringstraße.`;
  const ctx = context();
  fake.dropAfterStore("/:id/photos");
  expect(await failure(connection.publish(item(text, { images: [await jpeg("Karte der Sperrung")] }), ctx))).toMatchObject({ kind: "unknown" });
  // Multipart form data carries every line break as CRLF; the Page post holds the caption as it arrived.
  const stored = fake.livePosts()[0]!;
  expect(stored.message).toBe(text.replace(/\n/g, "\r\n"));
  expect(stored.photoId).toBe(fake.photos.at(-1)!.id);
  expect(await connection.find(item(text, { images: [await jpeg("Karte der Sperrung")] }), ctx)).toEqual({ id: stored.id, url: stored.permalink });
});

it("find() reads the Page's posts back page by page (25 each, `after` cursors) until they are older than the attempt", async () => {
  const text = `Meldung ${tag()} vor vielen anderen`;
  const ctx = context();
  fake.dropAfterStore("/:id/feed");
  await failure(connection.publish(item(text), ctx));
  const stored = fake.livePosts()[0]!;
  // A busy Page: 70 other posts after it.
  for (let i = 0; i < 70; i++) await connection.publish(item(`Andere Meldung ${tag()} ${i}`), context());
  const before = fake.requestsTo("GET", `/:v/${PAGE}/published_posts`).length;
  expect(await connection.find(item(text), ctx)).toEqual({ id: stored.id, url: stored.permalink });
  const pages = fake.requestsTo("GET", `/:v/${PAGE}/published_posts`).slice(before);
  expect(pages.map((r) => r.query.get("limit"))).toEqual(["25", "25", "25"]);
  expect(pages[0]!.query.get("after")).toBeNull();
  expect(pages.slice(1).every((r) => r.query.get("after"))).toBe(true);
  // Not there at all: read back to the posts older than the attempt, then certainly not there.
  for (const post of fake.livePosts().slice(40)) post.createdTime = new Date(Date.now() - 86_400_000);
  const again = fake.requestsTo("GET", `/:v/${PAGE}/published_posts`).length;
  expect(await connection.find(item(`Nie gepostet ${tag()}`), context())).toBeUndefined();
  expect(fake.requestsTo("GET", `/:v/${PAGE}/published_posts`).length - again).toBe(2);
});

it("remove() deletes the post; a second remove() is harmless", async () => {
  const text = `Wird gelöscht ${tag()}`;
  const receipt = await connection.publish(item(text), context());
  await connection.remove(receipt, signal);
  expect(fake.pagePosts.find((p) => p.id === receipt.id)!.deleted).toBe(true);
  await connection.remove(receipt, signal);
  expect(fake.requestsTo("DELETE", `/:v/${receipt.id}`)).toHaveLength(2);
  expect(await connection.find(item(text), context())).toBeUndefined();
});

describe("errors", () => {
  it("506 (duplicate of the latest post) is unknown with code DUPLICATE", async () => {
    const text = `Doppelt ${tag()}`;
    await connection.publish(item(text), context());
    expect(await failure(connection.publish(item(text), context()))).toMatchObject({ kind: "unknown", code: "DUPLICATE", status: 400 });
  });

  it("190 is permanent with a hint, and no error contains the token", async () => {
    const wrong = `EAAG${randomBytes(24).toString("hex")}`;
    const rejected = await failure(connect(fake.url, wrong));
    expect(rejected).toMatchObject({ kind: "permanent", code: "AUTH_INVALID", status: 400 });
    expect(rejected.hint).toMatch(/token/);
    expect(everything(rejected)).not.toContain(wrong);

    // From the SDK (whose request URL holds the token) as well as from fetch.
    fake.failGraph("POST", "/:id/feed", { code: 190, message: `Invalid OAuth access token: ${TOKEN}` });
    const sdk = await failure(connection.publish(item(`Token weg ${tag()}`), context()));
    expect(sdk).toMatchObject({ kind: "permanent", code: "AUTH_INVALID", platformMessage: "Invalid OAuth access token: [token]" });
    expect(everything(sdk)).not.toContain(TOKEN);
    fake.failGraph("POST", "/:id/photos", { code: 190 });
    const upload = await failure(connection.publish(item(`Token weg ${tag()}`, { images: [await jpeg("x")] }), context()));
    expect(everything(upload)).not.toContain(TOKEN);
  });

  it("an expired token (190/463) says so", async () => {
    fake.config.tokenExpiresAt = Math.floor(Date.now() / 1000) - 60;
    const expired = await failure(connect(fake.url));
    expect(expired).toMatchObject({ kind: "permanent", code: "TOKEN_EXPIRED" });
    expect(expired.message).toMatch(/expired/);
  });

  it("reports when the token expires (debug_token); the pipeline turns a near expiry into a warning", async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 5 * 86_400;
    fake.config.tokenExpiresAt = expiresAt;
    const soon = await connect(fake.url);
    expect(soon.tokenExpiresAt).toEqual(new Date(expiresAt * 1000));
  });

  it("a token without pages_manage_posts cannot connect; code 200 names the permission", async () => {
    fake.config.scopes = ["pages_show_list", "pages_read_engagement"];
    const missing = await failure(connect(fake.url));
    expect(missing).toMatchObject({ kind: "permanent", code: "PERMISSION_DENIED" });
    expect(missing.message).toContain("pages_manage_posts");
    fake.config.scopes = undefined;
    fake.failGraph("POST", "/:id/feed", { code: 200 });
    const denied = await failure(connection.publish(item(`Verboten ${tag()}`), context()));
    expect(denied).toMatchObject({ kind: "permanent", code: "PERMISSION_DENIED", status: 403 });
    expect(denied.hint).toContain("pages_manage_posts");
    fake.failGraph("POST", "/:id/feed", { code: 10, message: "(#10) Application does not have permission for this action" });
    expect((await failure(connection.publish(item(`Verboten ${tag()}`), context()))).hint).toContain("pages_manage_posts, pages_read_engagement");
  });

  it("368 (policy block) is permanent", async () => {
    fake.failGraph("POST", "/:id/feed", { code: 368 });
    expect(await failure(connection.publish(item(`Gesperrt ${tag()}`), context()))).toMatchObject({ kind: "permanent", code: "POLICY_BLOCKED" });
  });

  it("throttling (4) is transient and waits for X-Business-Use-Case-Usage's estimated_time_to_regain_access", async () => {
    fake.failGraph("POST", "/:id/feed", { code: 4, regainMinutes: 3 });
    expect(await failure(connection.publish(item(`Zu viel ${tag()}`), context()))).toMatchObject({ kind: "transient", code: "RATE_LIMITED", retryAfterMs: 180_000 });
    fake.failGraph("GET", "/:id/published_posts", { code: 80001, regainMinutes: 7 });
    expect(await failure(connection.find(item("x"), context()))).toMatchObject({ kind: "transient", retryAfterMs: 420_000 });
    fake.failGraph("POST", "/:id/photos", { code: 32 });
    expect(await failure(connection.publish(item(`Bild ${tag()}`, { images: [await jpeg("x")] }), context()))).toMatchObject({ kind: "transient", retryAfterMs: 60_000 });
  });

  it("every throttling code (4, 17, 32, 341, 613, 80001) is transient; 10 and 200-299 are missing permissions; nothing is stored", async () => {
    for (const code of [4, 17, 32, 341, 613, 80001]) {
      fake.failGraph("POST", "/:id/feed", { code });
      expect(await failure(connection.publish(item(`Drossel ${code} ${tag()}`), context())), `code ${code}`).toMatchObject({ kind: "transient", code: "RATE_LIMITED" });
    }
    for (const code of [10, 200, 220, 299]) {
      fake.failGraph("POST", "/:id/feed", { code });
      expect(await failure(connection.publish(item(`Recht ${code} ${tag()}`), context())), `code ${code}`).toMatchObject({ kind: "permanent", code: "PERMISSION_DENIED" });
    }
    expect(fake.livePosts().filter((p) => /^(Drossel|Recht) /.test(p.message ?? ""))).toHaveLength(0);
  });

  it("429 with Retry-After is transient with retryAfterMs", async () => {
    fake.fail429("/:id/feed", 7);
    expect(await failure(connection.publish(item(`Bremse ${tag()}`), context()))).toMatchObject({ kind: "transient", code: "RATE_LIMITED", status: 429, retryAfterMs: 7000 });
  });

  it("codes 1/2 are unknown on a publishing request and transient on a read", async () => {
    fake.failGraph("POST", "/:id/feed", { code: 2 });
    expect(await failure(connection.publish(item(`Fehler ${tag()}`), context()))).toMatchObject({ kind: "unknown", code: "SERVER_ERROR", status: 500 });
    fake.failGraph("GET", "/:id/published_posts", { code: 1 });
    expect(await failure(connection.find(item("x"), context()))).toMatchObject({ kind: "transient", code: "SERVER_ERROR" });
  });

  it("an unreachable API is a transient network failure", async () => {
    const closed = await startFake();
    const url = closed.url;
    await closed.stop();
    expect(await failure(connect(url))).toMatchObject({ kind: "transient", code: "NETWORK" });
  });
});

it("respects api_url: two channels on two servers publish side by side", async () => {
  const other = await startFake({ pageName: "Zweite Seite" });
  try {
    const second = await connect(other.url);
    expect(second.account).toBe("Zweite Seite");
    const t = tag();
    const [a, b] = await Promise.all([connection.publish(item(`Erste ${t}`), context()), second.publish(item(`Zweite ${t}`), context())]);
    expect(fake.pagePosts.find((p) => p.id === a.id)!.message).toBe(`Erste ${t}`);
    expect(other.pagePosts.map((p) => p.message)).toEqual([`Zweite ${t}`]);
    expect(other.pagePosts[0]!.id).toBe(b.id);
    expect(fake.pagePosts.some((p) => p.message === `Zweite ${t}`)).toBe(false);
    // The SDK's process-wide base URL is left as it was.
    expect(bizSdk.FacebookAdsApi.GRAPH).toBe("https://graph.facebook.com");
  } finally {
    await other.stop();
  }
});
