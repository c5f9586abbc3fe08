/**
 * The Threads publisher against {@link ThreadsFake} and a static server for media_dir: what the fake holds after
 * publishing (reply chains, images with alt text and the bytes Meta downloaded, emoji text), the media URL check,
 * container polling, reconciliation with find(), deletion, and how Graph failures are read.
 */
import { PublishError } from "../../../src/problems.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distinctUrls, threads, threadsLength, threadsSettings, type ThreadsPost, type ThreadsSettings } from "../../../src/platforms/threads/index.js";
import { createThreadsPublisher, threadsPublisher } from "../../../src/platforms/threads/client.js";
import type { Connection, PostToSend, PublishContext, Receipt, UploadImage } from "../../../src/platforms/platform.js";
import { ThreadsFake } from "../../fakes/graph.js";
import { startStaticServer, type StaticServer } from "../../fakes/static-server.js";
import { tempDir } from "../../helpers/tmp.js";
import { publishContext } from "../../helpers/context.js";
import { LOCAL_HOSTS } from "../../helpers/project.js";

const TOKEN = "th-secret-token-4711";
const USER = "1789000001";
const signal = new AbortController().signal;
const fake = new ThreadsFake({ userId: USER, token: TOKEN, username: "stadt_ulm" });
/** The config folder; media_dir "public/media" is served by `web` at /media/. */
const configDir = tempDir("announce-threads-");
const mediaDir = path.join(configDir, "public", "media");
const publisher = createThreadsPublisher({ pollMs: 10 });
let web: StaticServer;
let connection: Connection<ThreadsPost>;

function settings(extra: Partial<ThreadsSettings> = {}): ThreadsSettings {
  return threadsSettings.parse({ user_id: USER, access_token: "${THREADS_TOKEN}", api_url: fake.url, media_base_url: `${web.url}/media/`, media_dir: "public/media", ...extra });
}

function connect(extra: Partial<ThreadsSettings> = {}, token = TOKEN) {
  return publisher.connect({ channel: { name: "stadt-threads", platform: "threads", settings: settings(extra) }, secrets: { access_token: token }, stateDir: configDir, configDir, allowHosts: LOCAL_HOSTS, signal, warn: unexpectedWarning });
}

/** The connection is not expected to warn after connecting: a warning fails the test. */
function unexpectedWarning(message: string): void {
  throw new Error(`unexpected warning: ${message}`);
}

function item(text: string, images: UploadImage[] = [], index = 0): PostToSend<ThreadsPost> {
  return { index, post: { text, length: threadsLength(text), limit: 500, unit: "characters", images: images.map((_, i) => i), links: distinctUrls(text) }, images };
}

const context = (extra: Partial<Omit<PublishContext, "checkpoint">> = {}): PublishContext => publishContext({ key: "k", signal, optionalWorkMs: 2000, since: new Date(), ...extra });
const post = (id: string) => fake.threadsPosts.find((p) => p.id === id)!;

async function image(width: number, height: number, alt: string, color: string): Promise<UploadImage> {
  const data = await sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer();
  return { data, format: "jpeg", width, height, alt, name: `${color.slice(1)}-${width}x${height}.jpg` };
}

async function rejection(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

beforeAll(async () => {
  // Meta downloads image_url with fetch(); the static server serves the config folder, so /media/x is media_dir/x.
  web = await startStaticServer(path.join(configDir, "public"));
  await fake.start();
  connection = await connect();
});

afterAll(async () => {
  await fake.stop();
  await web?.stop();
});

describe("threads publisher: connect", () => {
  it("is what the platform loads; reads the account and the publishing quota from api_url", async () => {
    expect(await threads.publisher()).toBe(threadsPublisher);
    expect(connection).toMatchObject({ account: "@stadt_ulm", warnings: [], limits: {}, quota: { used: 0, total: 250, window: "24 h" } });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.path.startsWith("/v1.0/") && r.headers.authorization === `Bearer ${TOKEN}` && !r.query.has("access_token"))).toBe(true);
  });

  it("reads a used-up quota (the pipeline decides on it); publishing then fails with QUOTA_EXHAUSTED", async () => {
    fake.quotaUsage = fake.config.quotaTotal;
    try {
      const full = await connect();
      expect(full.quota).toEqual({ used: 250, total: 250, window: "24 h" });
      expect(await rejection(full.publish(item(`Kein Kontingent ${Date.now()}`), context({ key: "quota-k" })))).toMatchObject({ kind: "permanent", code: "QUOTA_EXHAUSTED" });
    } finally {
      fake.quotaUsage = 0;
    }
  });

  it("a bad token (190) is permanent, with the 60-day hint and without the token", async () => {
    const wrong = "th-wrong-token-0815";
    const error = await rejection(connect({}, wrong));
    expect(error).toMatchObject({ kind: "permanent", code: "AUTH_INVALID" });
    expect(error.hint).toContain("60 days");
    expect(error.hint).toContain("th_refresh_token");
    for (const text of [error.message, JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(TOKEN);
    }
  });
});

describe("threads publisher: publish", () => {
  it("publishes a thread of 3: each reply names the previous post; receipts carry permalink and container", async () => {
    const receipts: Receipt[] = [];
    for (const [index, text] of ["Teil 1 der Meldung", "Teil 2", "Teil 3"].entries()) {
      receipts.push(await connection.publish(item(text, [], index), context({ replyTo: receipts.at(-1), root: receipts[0] })));
    }
    const posts = receipts.map((r) => post(r.id));
    expect(posts.map((p) => [p.text, p.replyToId])).toEqual([
      ["Teil 1 der Meldung", undefined],
      ["Teil 2", receipts[0]!.id],
      ["Teil 3", receipts[1]!.id],
    ]);
    receipts.forEach((r, n) => expect(r).toEqual({ id: posts[n]!.id, url: posts[n]!.permalink, extra: { container: posts[n]!.containerId } }));
  });

  it("sends emoji text that counts up to 500 as it is", async () => {
    const text = "Hitzewarnung ☀️🌡️ ".repeat(18).trim();
    expect(threadsLength(text)).toBe(485); // 18 × (13 + 6 + 7 + 1) − 1: emoji count as their UTF-8 bytes
    expect([...text].length).toBe(323); // code points: far fewer than Threads counts
    const receipt = await connection.publish(item(text), context());
    expect(post(receipt.id).text).toBe(text);
  });

  it("writes an image to media_dir; Meta downloads exactly that file and gets the alt text", async () => {
    const red = await image(400, 300, "Ein rotes Rechteck", "#c00000");
    const receipt = await connection.publish(item("Mit Bild", [red]), context());
    const written = readFileSync(path.join(mediaDir, red.name));
    expect(written.equals(red.data)).toBe(true);
    expect(post(receipt.id)).toMatchObject({ mediaType: "IMAGE", text: "Mit Bild", altText: "Ein rotes Rechteck", imageUrl: `${web.url}/media/${red.name}` });
    expect(post(receipt.id).imageBytes!.equals(written)).toBe(true);
  });

  it("posts two images as a carousel of items with alt texts, telling each staging", async () => {
    const images = [await image(400, 300, "Blau", "#0000c0"), await image(320, 320, "Grün", "#00c000")];
    const told: [number, number][] = [];
    const receipt = await connection.publish(item("Zwei Bilder", images), context({ uploading: (i, n) => void told.push([i, n]) }));
    // Staging each image on the media host is its upload, told for the progress display.
    expect(told).toEqual([[0, 2], [1, 2]]);
    const album = post(receipt.id);
    expect(album).toMatchObject({ mediaType: "CAROUSEL_ALBUM", text: "Zwei Bilder" });
    expect(album.children.map((c) => c.altText)).toEqual(["Blau", "Grün"]);
    album.children.forEach((c, n) => expect(c.imageBytes!.equals(images[n]!.data)).toBe(true));
  });

  it("an image URL that does not answer is MEDIA_URL_UNREACHABLE before any container is made", async () => {
    const lost = await image(400, 300, "Verloren", "#123456");
    web.failWith(404, `/media/${lost.name}`);
    const containers = fake.threadsContainers.length;
    try {
      const error = await rejection(connection.publish(item("Bild fehlt", [lost]), context()));
      expect(error).toMatchObject({ kind: "permanent", code: "MEDIA_URL_UNREACHABLE" });
      expect(error.message).toContain(`${web.url}/media/${lost.name}`);
      expect(error.hint).toContain("media_base_url");
    } finally {
      web.failWith(null);
    }
    expect(fake.threadsContainers.length).toBe(containers);
  });

  it("an EXPIRED container is permanent; the same command again makes a new container and publishes once", async () => {
    fake.failNextContainer("EXPIRED");
    const ctx = context();
    const error = await rejection(connection.publish(item("Abgelaufen"), ctx));
    expect(error).toMatchObject({ kind: "permanent", code: "CONTAINER_FAILED" });
    expect(error.message).toMatch(/is EXPIRED/);
    expect(fake.threadsPosts.filter((p) => p.text === "Abgelaufen" && !p.deleted)).toHaveLength(0);
    await connection.publish(item("Abgelaufen"), ctx);
    expect(fake.threadsPosts.filter((p) => p.text === "Abgelaufen" && !p.deleted)).toHaveLength(1);
  });

  it("a container in ERROR is permanent, with Threads' error_message", async () => {
    fake.failNextContainer("ERROR", "FAILED_PROCESSING_IMAGE");
    const error = await rejection(connection.publish(item("Kaputt"), context()));
    expect(error).toMatchObject({ kind: "permanent", platformMessage: "FAILED_PROCESSING_IMAGE" });
    expect(fake.threadsPosts.some((p) => p.text === "Kaputt")).toBe(false);
  });

  it("throttling codes wait for X-Business-Use-Case-Usage; 10 and 200 are missing permissions; 368 is not retried", async () => {
    for (const code of [4, 17, 32, 613, 80001]) {
      fake.failGraph("POST", "/:id/threads", { code, regainMinutes: 2 });
      expect(await rejection(connection.publish(item(`Drossel ${code}`), context())), `code ${code}`).toMatchObject({ kind: "transient", code: "RATE_LIMITED", retryAfterMs: 120_000 });
    }
    for (const code of [10, 200]) {
      fake.failGraph("POST", "/:id/threads", { code });
      expect(await rejection(connection.publish(item(`Recht ${code}`), context())), `code ${code}`).toMatchObject({ kind: "permanent", code: "PERMISSION_DENIED" });
    }
    fake.failGraph("POST", "/:id/threads", { code: 368 });
    expect(await rejection(connection.publish(item("Gesperrt"), context()))).toMatchObject({ kind: "permanent" });
    expect(fake.threadsPosts.filter((p) => /^(Drossel|Recht|Gesperrt)/.test(p.text ?? ""))).toHaveLength(0);
  });

  it("more than 5 links is permanent", async () => {
    const text = [1, 2, 3, 4, 5, 6].map((n) => `https://s${n}.example/`).join(" ");
    expect(await rejection(connection.publish(item(text), context()))).toMatchObject({ kind: "permanent", code: "LINK_LIMIT_EXCEEDED" });
  });

  it("429 is transient with Retry-After; 5xx on threads_publish is unknown", async () => {
    fake.fail429("/:id/threads", 3);
    expect(await rejection(connection.publish(item("Gedrosselt"), context()))).toMatchObject({ kind: "transient", code: "RATE_LIMITED", status: 429, retryAfterMs: 3000 });
    fake.failGraph("POST", "/:id/threads_publish", { code: 2 });
    expect(await rejection(connection.publish(item("Serverfehler"), context()))).toMatchObject({ kind: "unknown", status: 500 });
    expect(fake.threadsPosts.some((p) => p.text === "Gedrosselt" || p.text === "Serverfehler")).toBe(false);
  });

  it("a 200 that is not JSON (a proxy page) on threads_publish is unknown, never a receipt without an id", async () => {
    fake.failNext("POST", "/:version/:id/threads_publish", { kind: "respond", response: { status: 200, headers: { "content-type": "text/html" }, body: "<html>Gateway</html>" } });
    expect(await rejection(connection.publish(item("Seltsame Antwort"), context()))).toMatchObject({ kind: "unknown", code: "UNEXPECTED_RESPONSE", status: 200 });
  });

  it("a dropped answer of threads_publish is unknown, and find() then returns the post (also for replies)", async () => {
    expect(await connection.find(item("Verlorene Antwort"), context())).toBeUndefined();
    fake.dropAfterStore("/:id/threads_publish");
    expect(await rejection(connection.publish(item("Verlorene Antwort"), context()))).toMatchObject({ kind: "unknown" });
    const stored = fake.threadsPosts.find((p) => p.text === "Verlorene Antwort")!;
    expect(await connection.find(item("Verlorene Antwort"), context())).toEqual({ id: stored.id, url: stored.permalink });
    // Made before this attempt began (an earlier notice with the same text): not this post.
    expect(await connection.find(item("Verlorene Antwort"), context({ since: new Date(Date.now() + 3_600_000) }))).toBeUndefined();

    const parent = { id: stored.id };
    fake.dropAfterStore("/:id/threads_publish");
    expect(await rejection(connection.publish(item("Antwort darauf", [], 1), context({ replyTo: parent, root: parent })))).toMatchObject({ kind: "unknown" });
    const reply = fake.threadsPosts.find((p) => p.text === "Antwort darauf")!;
    expect(await connection.find(item("Antwort darauf", [], 1), context({ replyTo: parent, root: parent }))).toEqual({ id: reply.id, url: reply.permalink });
    expect(await connection.find(item("Antwort darauf", [], 1), context({ replyTo: { id: "1800999999999" } }))).toBeUndefined();
  });
});

describe("threads publisher: find on a busy account", () => {
  /** `count` other posts (or replies to `replyTo`) published after the ones so far (straight into the fake). */
  const others = (count: number, replyTo?: string) => {
    const last = fake.threadsPosts.at(-1)!;
    for (let i = 0; i < count; i++) {
      const id = `1800${String(900_000 + fake.threadsPosts.length).padStart(9, "0")}`;
      fake.threadsPosts.push({ ...last, id, text: `Andere ${replyTo ? "Antwort" : "Meldung"} ${i}`, replyToId: replyTo, children: [], shortcode: `s${id}`, permalink: `https://www.threads.net/@stadt_ulm/post/s${id}`, timestamp: new Date(), deleted: false, containerId: `c${id}` });
    }
  };

  it("reads /threads and /replies back page by page (25 each, `after` cursors) past 70 newer posts", async () => {
    const text = "Viele danach\n\nmit Absatz";
    fake.dropAfterStore("/:id/threads_publish");
    const ctx = context();
    expect(await rejection(connection.publish(item(text), ctx))).toMatchObject({ kind: "unknown" });
    const stored = fake.threadsPosts.find((p) => p.text === text)!;
    others(70);
    const before = fake.requestsTo("GET", `/:v/${USER}/threads`).length;
    expect(await connection.find(item(text), ctx)).toEqual({ id: stored.id, url: stored.permalink });
    const pages = fake.requestsTo("GET", `/:v/${USER}/threads`).slice(before);
    expect(pages.map((r) => [r.query.get("limit"), Boolean(r.query.get("after"))])).toEqual([["25", false], ["25", true], ["25", true]]);

    const parent = { id: stored.id };
    fake.dropAfterStore("/:id/threads_publish");
    const replyCtx = context({ replyTo: parent, root: parent });
    expect(await rejection(connection.publish(item("Antwort nach vielen", [], 1), replyCtx))).toMatchObject({ kind: "unknown" });
    const reply = fake.threadsPosts.find((p) => p.text === "Antwort nach vielen")!;
    others(40, stored.id);
    expect(await connection.find(item("Antwort nach vielen", [], 1), replyCtx)).toEqual({ id: reply.id, url: reply.permalink });
  });
});

describe("threads publisher: remove", () => {
  it("deletes; a second delete is harmless", async () => {
    const receipt = await connection.publish(item("Wird gelöscht"), context());
    await connection.remove(receipt, signal);
    expect(post(receipt.id).deleted).toBe(true);
    await connection.remove(receipt, signal);
  });
});
