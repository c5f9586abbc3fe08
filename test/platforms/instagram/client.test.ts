/**
 * The Instagram publisher against GraphFake (test/fakes/graph.ts), which downloads every image_url the way
 * Meta does, from a static server (test/fakes/static-server.ts) that serves the channel's media_dir: what the
 * fake holds after publishing (media with caption, alt text and the fetched bytes, carousels), receipts,
 * container polling and reuse, reconciliation with find(), the publishing limit, and error classification.
 */
import { PublishError } from "../../../src/problems.js";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InstagramPost, InstagramSettings } from "../../../src/platforms/instagram/index.js";
import { instagram } from "../../../src/platforms/instagram/index.js";
import { INSTAGRAM_MANUAL_DELETE, instagramPublisher } from "../../../src/platforms/instagram/client.js";
import type { Connection, PostToSend, PublishContext, UploadImage } from "../../../src/platforms/platform.js";
import { GraphFake, IG_ERRORS } from "../../fakes/graph.js";
import { startStaticServer, type StaticServer } from "../../fakes/static-server.js";
import { tempDir } from "../../helpers/tmp.js";
import { publishContext } from "../../helpers/context.js";
import { LOCAL_HOSTS } from "../../helpers/project.js";

const IG = "17841400000000001";
const TOKEN = `EAAG${randomBytes(24).toString("hex")}`;
const signal = new AbortController().signal;

let fake: GraphFake;
let media: StaticServer;
/** Stands for the folder of channels.yaml; media_dir is "public/media" under it. */
let configDir: string;
let mediaDir: string;
let connection: Connection<InstagramPost>;
let listenersBefore: number;

function connect(url: string, extra: Partial<InstagramSettings> = {}): Promise<Connection<InstagramPost>> {
  const settings: InstagramSettings = { enabled: true, ig_user_id: IG, access_token: "${IG_TOKEN}", api_url: url, media_base_url: `${media.url}/`, media_dir: "public/media", ...extra };
  return instagramPublisher.connect({ channel: { name: "instagram-test", platform: "instagram", settings }, secrets: { access_token: TOKEN }, stateDir: "/nonexistent", configDir, allowHosts: LOCAL_HOSTS, signal, warn: unexpectedWarning });
}

/** The connection is not expected to warn after connecting: a warning fails the test. */
function unexpectedWarning(message: string): void {
  throw new Error(`unexpected warning: ${message}`);
}

function item(text: string, images: UploadImage[]): PostToSend<InstagramPost> {
  return { index: 0, post: { text, length: [...text].length, limit: 2200, unit: "characters", images: images.map((_, i) => i) }, images };
}

const context = (key = randomUUID()): PublishContext => publishContext({ key, signal, optionalWorkMs: 1000, since: new Date() });
const tag = () => randomBytes(3).toString("hex");

/** A prepared image as the pipeline hands it over: JPEG, named by its content hash. */
async function jpeg(alt: string, width = 1080, height = 1080): Promise<UploadImage> {
  const color = `#${randomBytes(3).toString("hex")}`;
  const data = await sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer();
  const name = `${createHash("sha256").update(data).digest("hex").slice(0, 20)}.jpg`;
  return { data, format: "jpeg", width, height, alt, name };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

beforeAll(async () => {
  configDir = tempDir("announce-instagram-");
  mediaDir = path.join(configDir, "public/media");
  media = await startStaticServer(mediaDir);
  fake = new GraphFake({ pageId: "111222333", pageToken: TOKEN, igUserId: IG, igUsername: "stadt_musterhausen" });
  await fake.start();
  listenersBefore = process.listenerCount("uncaughtException");
  connection = await connect(fake.url);
});
afterAll(async () => {
  await fake.stop();
  await media.stop();
});
beforeEach(() => {
  media.failWith(null);
  fake.config.tokenExpiresAt = 0;
  fake.config.pollsBeforeFinished = 1;
  fake.quotaUsage = 0;
});

it("is wired into the platform, and says that deleting is manual", async () => {
  const publisher = await instagram.publisher();
  expect(publisher).toBe(instagramPublisher);
  expect(publisher.manualDelete).toBe("Instagram cannot delete posts through its API: delete it by hand in the Instagram app.");
});

it("connects: username, publishing quota, no warnings; the SDK's crash reporter stays off", async () => {
  expect(connection.account).toBe("@stadt_musterhausen");
  expect(connection.quota).toEqual({ used: 0, total: 50, window: "24 h" });
  expect(connection.tokenExpiresAt).toBeUndefined();
  expect(connection.scopes).toContain("instagram_content_publish");
  expect(connection.warnings).toEqual([]);
  expect(process.listenerCount("uncaughtException")).toBe(listenersBefore);
});

it("publishes one image: written to media_dir, fetched by Meta from media_base_url, with caption and alt text", async () => {
  const image = await jpeg("Karte der Sperrung", 1080, 1350);
  const caption = `Wasserrohrbruch ${tag()} in der Hauptstraße #Stadt`;
  const receipt = await connection.publish(item(caption, [image]), context());
  expect((await readFile(path.join(mediaDir, image.name))).equals(image.data)).toBe(true);
  const published = fake.igMedia.find((m) => m.id === receipt.id)!;
  expect(published).toMatchObject({ caption, altText: "Karte der Sperrung", mediaType: "IMAGE", imageUrl: `${media.url}/${image.name}` });
  expect(published.imageBytes!.equals(image.data)).toBe(true);
  expect(receipt).toEqual({ id: published.id, url: published.permalink, extra: { container: published.containerId } });
  // The URL was checked before the container was made (Meta's download is the second request).
  expect(media.requests.filter((r) => r.path === `/${image.name}`).map((r) => r.status)).toEqual([200, 200]);
  // Polled from IN_PROGRESS to FINISHED before media_publish.
  expect(fake.igContainers.find((c) => c.id === published.containerId)!.observations).toBeGreaterThanOrEqual(2);
});

it("publishes 3 images as a carousel: item containers with alt text, then the CAROUSEL with the caption; each staging is told", async () => {
  const images = [await jpeg("Erstes"), await jpeg("Zweites", 1080, 566), await jpeg("Drittes", 1080, 1350)];
  const caption = `Karussell ${tag()}`;
  const ctx = context();
  const told: [number, number][] = [];
  ctx.uploading = (image, total) => void told.push([image, total]);
  const receipt = await connection.publish(item(caption, images), ctx);
  // Staging each image on the media host is its upload, told for the progress display.
  expect(told.sort(([a], [b]) => a - b)).toEqual([[0, 3], [1, 3], [2, 3]]);
  const album = fake.igMedia.find((m) => m.id === receipt.id)!;
  expect(album).toMatchObject({ caption, mediaType: "CAROUSEL_ALBUM" });
  expect(album.children.map((c) => c.altText)).toEqual(["Erstes", "Zweites", "Drittes"]);
  for (const [i, child] of album.children.entries()) expect(child.imageBytes!.equals(images[i]!.data)).toBe(true);
  const parent = fake.igContainers.find((c) => c.id === receipt.extra!.container)!;
  expect(parent).toMatchObject({ kind: "CAROUSEL", caption });
  expect(parent.children.map((id) => fake.igContainers.find((c) => c.id === id)!.isCarouselItem)).toEqual([true, true, true]);
  expect(receipt.url).toBe(album.permalink);
});

it("waits for slow containers (several IN_PROGRESS polls)", async () => {
  fake.config.pollsBeforeFinished = 2;
  const receipt = await connection.publish(item(`Langsam ${tag()}`, [await jpeg("Langsam")]), context());
  expect(fake.igMedia.find((m) => m.id === receipt.id)).toBeDefined();
});

it("a media URL that does not answer with an image is MEDIA_URL_UNREACHABLE, before any container exists", async () => {
  const containers = fake.igContainers.length;
  const image = await jpeg("Nicht erreichbar");
  media.failWith(404);
  const error = await failure(connection.publish(item(`Kein Bild ${tag()}`, [image]), context()));
  expect(error).toMatchObject({ kind: "permanent", code: "MEDIA_URL_UNREACHABLE" });
  expect(error.message).toContain(`${media.url}/${image.name} answered 404`);
  expect(error.hint).toContain(mediaDir);
  expect(error.hint).toContain(`${media.url}/`);
  expect(fake.igContainers).toHaveLength(containers);
  expect(fake.requestsTo("POST", "/:v/:id/media").filter((r) => r.body.includes(image.name))).toHaveLength(0);
});

it("a media_base_url that serves no image (wrong folder, a web page) is MEDIA_URL_UNREACHABLE", async () => {
  const wrong = await connect(fake.url, { media_base_url: `${media.url}/elsewhere` });
  const error = await failure(wrong.publish(item(`Falscher Ort ${tag()}`, [await jpeg("x")]), context()));
  expect(error).toMatchObject({ kind: "permanent", code: "MEDIA_URL_UNREACHABLE" });
  expect(error.message).toContain(`${media.url}/elsewhere/`);
});

it("a container in ERROR is permanent, with Instagram's status text", async () => {
  fake.failNextContainer("ERROR", 2207009);
  const error = await failure(connection.publish(item(`Fehler ${tag()}`, [await jpeg("x")]), context()));
  expect(error).toMatchObject({ kind: "permanent", code: "CONTAINER_FAILED" });
  expect(error.message).toMatch(/is ERROR: Error: .*aspect ratio/);
});

it("an EXPIRED container fails with what to do; the same command again makes a new container and publishes once", async () => {
  const caption = `Abgelaufen ${tag()}`;
  const ctx = context();
  fake.failNextContainer("EXPIRED");
  const error = await failure(connection.publish(item(caption, [await jpeg("x")]), ctx));
  expect(error).toMatchObject({ kind: "permanent", code: "CONTAINER_FAILED" });
  expect(error.message).toMatch(/is EXPIRED/);
  expect(error.hint).toMatch(/creates a new container/);
  expect(fake.igMedia.filter((m) => m.caption === caption)).toHaveLength(0);
  await connection.publish(item(caption, [await jpeg("x")]), ctx);
  expect(fake.igMedia.filter((m) => m.caption === caption)).toHaveLength(1);
});

it("a dropped answer of media_publish is unknown; find() returns the media, and a retry does not post twice", async () => {
  const caption = `Verlorene Antwort ${tag()}`;
  const ctx = context();
  fake.dropAfterStore("/:id/media_publish");
  expect(await failure(connection.publish(item(caption, [await jpeg("x")]), ctx))).toMatchObject({ kind: "unknown" });
  const stored = fake.igMedia.at(-1)!;
  expect(stored.caption).toBe(caption);
  expect(await connection.find(item(caption, []), ctx)).toEqual({ id: stored.id, url: stored.permalink, extra: { container: stored.containerId } });
  expect(await connection.find(item(`Nie gepostet ${tag()}`, []), context())).toBeUndefined();
  // The same caption posted before this attempt began (an earlier notice) is not this post.
  expect(await connection.find(item(caption, []), { ...ctx, since: new Date(Date.now() + 3_600_000) })).toBeUndefined();
  const count = fake.igMedia.length;
  expect(await failure(connection.publish(item(caption, [await jpeg("x")]), ctx))).toMatchObject({ kind: "unknown", code: "ALREADY_PUBLISHED" });
  expect(fake.igMedia).toHaveLength(count);
});

it("find() reads the account's media back page by page (25 each, `after` cursors) past 70 newer media", async () => {
  const caption = `Meldung ${tag()}\n\nmit Absatz, vor vielen anderen`;
  const ctx = context();
  fake.dropAfterStore("/:id/media_publish");
  expect(await failure(connection.publish(item(caption, [await jpeg("x")]), ctx))).toMatchObject({ kind: "unknown" });
  const stored = fake.igMedia.at(-1)!;
  // A busy account: 70 other media published after it (straight into the fake: publishing each would fetch an image).
  for (let i = 0; i < 70; i++) {
    const id = `1790${String(900_000 + fake.igMedia.length).padStart(9, "0")}`;
    fake.igMedia.push({ ...stored, id, caption: `Andere Meldung ${i}`, children: [], shortcode: `s${id}`, permalink: `https://www.instagram.com/p/s${id}/`, timestamp: new Date(), containerId: `c${id}` });
  }
  const before = fake.requestsTo("GET", `/:v/${IG}/media`).length;
  expect(await connection.find(item(caption, []), ctx)).toEqual({ id: stored.id, url: stored.permalink, extra: { container: stored.containerId } });
  const pages = fake.requestsTo("GET", `/:v/${IG}/media`).slice(before);
  expect(pages).toHaveLength(3);
  expect(pages.map((r) => [r.query.get("limit"), Boolean(r.query.get("after"))])).toEqual([["25", false], ["25", true], ["25", true]]);
});

it("a retry with the same key after a lost request publishes the FINISHED container again", async () => {
  const caption = `Zweiter Versuch ${tag()}`;
  const ctx = context();
  const image = await jpeg("x");
  fake.failNext("POST", "/:version/:id/media_publish", { kind: "drop-before" });
  expect(await failure(connection.publish(item(caption, [image]), ctx))).toMatchObject({ kind: "unknown" });
  expect(await connection.find(item(caption, [image]), ctx)).toBeUndefined();
  const containers = fake.igContainers.length;
  const receipt = await connection.publish(item(caption, [image]), ctx);
  expect(fake.igContainers).toHaveLength(containers);
  expect(fake.igMedia.filter((m) => m.caption === caption).map((m) => m.id)).toEqual([receipt.id]);
});

it("remove() is a permanent error that says to delete by hand", async () => {
  const error = await failure(connection.remove({ id: "17900000001", url: "https://www.instagram.com/p/abc/" }, signal));
  expect(error).toMatchObject({ kind: "permanent", code: "MANUAL_DELETE" });
  expect(error.message).toBe(`${INSTAGRAM_MANUAL_DELETE.slice(0, -1)} (https://www.instagram.com/p/abc/).`);
});

describe("limits, tokens and errors", () => {
  it("connect reads the publishing limit (the pipeline decides on it); code 9 on media_publish is QUOTA_EXHAUSTED", async () => {
    fake.quotaUsage = 50;
    const full = await connect(fake.url);
    expect(full.quota).toEqual({ used: 50, total: 50, window: "24 h" });
    const error = await failure(full.publish(item(`Zu viele ${tag()}`, [await jpeg("x")]), context()));
    expect(error).toMatchObject({ kind: "permanent", code: "QUOTA_EXHAUSTED" });
    expect(error.message).toMatch(/publishing limit/);
  });

  it("'not ready' on media_publish is transient; the retry with the same key reuses the container and publishes once", async () => {
    const caption = `Noch nicht fertig ${tag()}`;
    const ctx = context();
    const post = item(caption, [await jpeg("Karte der Sperrung")]);
    fake.failGraph("POST", "/:id/media_publish", { code: 9007, subcode: 2207027, message: "Media ID is not available" });
    expect(await failure(connection.publish(post, ctx))).toMatchObject({ kind: "transient", code: "NOT_READY" });
    const containers = fake.igContainers.length;
    const receipt = await connection.publish(post, ctx);
    expect(fake.igContainers.length).toBe(containers);
    expect(fake.igMedia.filter((m) => m.caption === caption).map((m) => m.id)).toEqual([receipt.id]);
  });

  it("reports when the token expires (debug_token); the pipeline turns a near expiry into a warning", async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 5 * 86_400 - 60;
    fake.config.tokenExpiresAt = expiresAt;
    const soon = await connect(fake.url);
    expect(soon.tokenExpiresAt).toEqual(new Date(expiresAt * 1000));
  });

  it("190 from the SDK is permanent, and the token is in no part of the error", async () => {
    fake.failGraph("POST", "/:id/media", { code: 190, subcode: 463, message: `Session has expired for ${TOKEN}` });
    const error = await failure(connection.publish(item(`Abgelaufen ${tag()}`, [await jpeg("x")]), context()));
    expect(error).toMatchObject({ kind: "permanent", code: "TOKEN_EXPIRED" });
    expect(`${JSON.stringify(error)} ${error.message} ${error.hint} ${error.platformMessage} ${error.stack}`).not.toContain(TOKEN);
  });

  it("4 with X-Business-Use-Case-Usage is transient with retryAfterMs; 429 honours Retry-After", async () => {
    fake.failGraph("POST", "/:id/media", { code: 4, regainMinutes: 2 });
    expect(await failure(connection.publish(item(`Gedrosselt ${tag()}`, [await jpeg("x")]), context()))).toMatchObject({ kind: "transient", code: "RATE_LIMITED", retryAfterMs: 120_000 });
    fake.fail429("/:id/media_publish", 9);
    expect(await failure(connection.publish(item(`Gebremst ${tag()}`, [await jpeg("x")]), context()))).toMatchObject({ kind: "transient", status: 429, retryAfterMs: 9000 });
  });

  it("2207001, 2207003 and 2207032 are retryable as Meta's table says, without is_transient; the retry publishes once", async () => {
    const post = item(`Nochmal versuchen ${tag()}`, [await jpeg("Karte der Sperrung")]);
    const ctx = context();
    for (const spec of [IG_ERRORS.serverError, IG_ERRORS.timeout, IG_ERRORS.createFailed]) {
      fake.failGraph("POST", "/:id/media", spec);
      const error = await failure(connection.publish(post, ctx));
      expect(error).toMatchObject({ kind: "transient", code: "SERVER_ERROR", status: 400 });
      expect(error.message).toContain(`/${spec.subcode})`);
    }
    const receipt = await connection.publish(post, ctx);
    expect(fake.igMedia.filter((m) => m.caption === post.post.text).map((m) => m.id)).toEqual([receipt.id]);
    // On media_publish, a server error may have published: reconcile first.
    fake.failGraph("POST", "/:id/media_publish", IG_ERRORS.serverError);
    expect(await failure(connection.publish(item(`Vielleicht ${tag()}`, [await jpeg("x")]), context()))).toMatchObject({ kind: "unknown", code: "SERVER_ERROR" });
  });

  it("4/2207051 (activity restricted as suspected spam) is permanent, not a rate limit", async () => {
    fake.failGraph("POST", "/:id/media", IG_ERRORS.restricted);
    const error = await failure(connection.publish(item(`Eingeschränkt ${tag()}`, [await jpeg("x")]), context()));
    expect(error).toMatchObject({ kind: "permanent", code: "POLICY_BLOCKED", status: 400, retryAfterMs: undefined });
    expect(error.message).toContain("(4/2207051)");
  });

  it("respects api_url: two accounts on two servers", async () => {
    const other = new GraphFake({ pageId: "111222333", pageToken: TOKEN, igUserId: IG, igUsername: "zweites_konto", quotaTotal: 25 });
    await other.start();
    try {
      const second = await connect(other.url);
      expect(second.account).toBe("@zweites_konto");
      expect(second.quota?.total).toBe(25);
      const t = tag();
      const [a, b] = await Promise.all([connection.publish(item(`Erstes ${t}`, [await jpeg("a")]), context()), second.publish(item(`Zweites ${t}`, [await jpeg("b")]), context())]);
      expect(fake.igMedia.find((m) => m.id === a.id)!.caption).toBe(`Erstes ${t}`);
      expect(other.igMedia.map((m) => [m.id, m.caption])).toEqual([[b.id, `Zweites ${t}`]]);
    } finally {
      await other.stop();
    }
  });
});

describe("with a token from Instagram Login (graph.instagram.com)", () => {
  const IG_LOGIN_TOKEN = `IGAA${randomBytes(24).toString("hex")}`;
  let igHost: GraphFake;
  beforeAll(async () => {
    igHost = new GraphFake({ host: "instagram", pageId: "111222333", pageToken: IG_LOGIN_TOKEN, igUserId: IG, igUsername: "stadt_musterhausen" });
    await igHost.start();
  });
  afterAll(() => igHost.stop());
  beforeEach(() => {
    igHost.config.scopes = undefined;
  });

  const connectIg = (extra: Partial<InstagramSettings> = {}, warn = unexpectedWarning) =>
    instagramPublisher.connect({
      channel: { name: "instagram-login", platform: "instagram", settings: { enabled: true, ig_user_id: IG, access_token: "${IG_TOKEN}", api_url: igHost.url, login: "instagram", media_base_url: `${media.url}/`, media_dir: "public/media", ...extra } },
      secrets: { access_token: IG_LOGIN_TOKEN },
      stateDir: "/nonexistent",
      configDir,
      allowHosts: LOCAL_HOSTS,
      signal,
      warn,
    });

  it("connects without debug_token (the host has none): no warning when token_expires_at tells the expiry", async () => {
    const ig = await connectIg({ token_expires_at: "2027-02-01" });
    expect(ig.account).toBe("@stadt_musterhausen");
    expect(ig.quota).toEqual({ used: 0, total: 50, window: "24 h" });
    expect(ig.warnings).toEqual([]);
    expect(ig.tokenExpiresAt).toBeUndefined();
    expect(igHost.requests.some((r) => r.path.includes("debug_token"))).toBe(false);
    // Publishing works as with Facebook Login, with the instagram_business_* permission.
    igHost.config.scopes = ["instagram_business_basic", "instagram_business_content_publish"];
    const caption = `Instagram-Login ${tag()}`;
    const receipt = await ig.publish(item(caption, [await jpeg("Karte")]), context());
    expect(igHost.igMedia.find((m) => m.id === receipt.id)).toMatchObject({ caption });
  });

  it("says how to be warned before the 60 days run out when nothing tells the expiry", async () => {
    const ig = await connectIg();
    expect(ig.warnings).toEqual([expect.stringContaining("announce login instagram-login (it writes token_expires_at)")]);
  });

  it("a missing permission names instagram_business_content_publish, without a Page role", async () => {
    igHost.config.scopes = ["instagram_business_basic"];
    const ig = await connectIg({ token_expires_at: "2027-02-01" });
    const error = await failure(ig.publish(item(`Ohne Recht ${tag()}`, [await jpeg("Karte")]), context()));
    expect(error.code).toBe("PERMISSION_DENIED");
    expect(error.hint).toContain("instagram_business_basic, instagram_business_content_publish");
    expect(error.hint).not.toMatch(/pages_|Page role/);
  });

  it("an expired token says how Instagram-login tokens are renewed", async () => {
    igHost.config.tokenExpiresAt = Math.floor(Date.now() / 1000) - 60;
    try {
      const error = await failure(connectIg({ token_expires_at: "2027-02-01" }));
      expect(error.code).toBe("TOKEN_EXPIRED");
      expect(error.hint).toContain("--refresh");
    } finally {
      igHost.config.tokenExpiresAt = 0;
    }
  });
});
