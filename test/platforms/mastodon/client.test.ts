/**
 * The Mastodon publisher, asserting what arrived on the server:
 * - against the real snac2 of the global setup (user "carol"), read back with readSnacStatuses;
 * - against MastodonFake (upstream behaviour snac lacks: v2 instance limits, Idempotency-Key, 202 media
 *   processing, JSON errors, 429 with rate-limit headers).
 */
import { PublishError } from "../../../src/problems.js";
import { randomBytes, randomUUID } from "node:crypto";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { MastodonPost, MastodonSettings } from "../../../src/platforms/mastodon/index.js";
import { mastodon } from "../../../src/platforms/mastodon/index.js";
import { mastodonPublisher, plainText } from "../../../src/platforms/mastodon/client.js";
import type { Connection, PostToSend, PublishContext, UploadImage } from "../../../src/platforms/platform.js";
import { MastodonFake } from "../../fakes/mastodon.js";
import { readSnacStatuses } from "../../setup/accounts.js";
import { publishContext } from "../../helpers/context.js";

const signal = new AbortController().signal;

function connect(instance: string, token: string, extra: Partial<MastodonSettings> = {}): Promise<Connection<MastodonPost>> {
  const settings: MastodonSettings = { enabled: true, instance, access_token: "${MASTODON_TOKEN}", visibility: "public", ...extra };
  return mastodonPublisher.connect({ channel: { name: "mastodon-test", platform: "mastodon", settings }, secrets: { access_token: token }, stateDir: "/nonexistent", configDir: "/nonexistent", signal, warn: unexpectedWarning });
}

/** The connection is not expected to warn after connecting: a warning fails the test. */
function unexpectedWarning(message: string): void {
  throw new Error(`unexpected warning: ${message}`);
}

function item(text: string, options: { images?: UploadImage[]; post?: Partial<Omit<MastodonPost, "text">>; index?: number } = {}): PostToSend<MastodonPost> {
  const images = options.images ?? [];
  return {
    index: options.index ?? 0,
    post: { text, length: [...text].length, limit: 500, unit: "characters", images: images.map((_, i) => i), language: "de", visibility: "public", ...options.post },
    images,
  };
}

const context = (extra: Partial<Omit<PublishContext, "checkpoint">> = {}): PublishContext => publishContext({ key: randomUUID(), signal, optionalWorkMs: 1000, since: new Date(), ...extra });

async function png(alt: string, color = "#c00"): Promise<UploadImage> {
  const data = await sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).png().toBuffer();
  return { data, format: "png", width: 40, height: 30, alt, name: `${randomBytes(4).toString("hex")}.png` };
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

const tag = () => randomBytes(3).toString("hex");

it("is wired into the platform", async () => {
  expect(await mastodon.publisher()).toBe(mastodonPublisher);
});

it("reads status HTML back as text", () => {
  const html = '<p>A &amp; B &lt;3 &#39;x&#x27; &quot;</p><p><a href="https://e.org"><span class="invisible">https://</span><span>e.org</span></a> #<span>Tag</span> &unknown;</p>';
  expect(plainText(html).replace(/\s+/g, "")).toBe(`A&B<3'x'"https://e.org#Tag&unknown;`);
});

// ----------------------------------------------------------------------------------------------------

describe("against snac2 (user carol)", () => {
  const snac = inject("snac");
  const carol = snac.users.find((u) => u.name === "carol")!;
  let connection: Connection<MastodonPost>;

  beforeAll(async () => {
    connection = await connect(snac.url, carol.token);
  });

  it("connects: the account, and limits from /api/v1/instance (snac has no /api/v2/instance)", async () => {
    expect(connection.account).toBe(`@carol@${new URL(snac.url).host}`);
    const instance = (await (await fetch(`${snac.url}/api/v1/instance`)).json()) as { configuration: { statuses: { max_characters: number; characters_reserved_per_url: number } } };
    expect((await fetch(`${snac.url}/api/v2/instance`)).status).toBe(404);
    expect(connection.limits.maxCharacters).toBe(instance.configuration.statuses.max_characters);
    expect(connection.limits.urlLength).toBe(instance.configuration.statuses.characters_reserved_per_url);
    expect(connection.limits.maxImages).toBe(4);
    expect(connection.warnings).toEqual([]);
    // max_characters in the config caps the live limit.
    expect((await connect(snac.url, carol.token, { max_characters: 480 })).limits.maxCharacters).toBe(480);
  });

  it("publishes a two-post thread with an image and alt text", async () => {
    const t = tag();
    const first = `Wasserrohrbruch ${t} in der Hauptstraße & Umgebung.\nMehr: https://example.org/a?b=1&c=2 #Stadt`;
    const second = `Teil 2 ${t}: die Straße bleibt bis **Freitag** gesperrt.`;
    const a = await connection.publish(item(first, { images: [await png(`Karte ${t} mit <Sperrung> & Umleitung`)] }), context());
    const b = await connection.publish(item(second, { index: 1 }), context({ replyTo: a, root: a }));
    expect(a.url).toMatch(/^http/);

    const statuses = await readSnacStatuses(snac.url, carol.token);
    const one = statuses.find((s) => s.id === a.id)!;
    const two = statuses.find((s) => s.id === b.id)!;
    expect(one.text).toBe(first);
    expect(one.in_reply_to_id).toBeNull();
    expect(one.visibility).toBe("public");
    expect(one.media_attachments.map((m) => m.description)).toEqual([`Karte ${t} mit <Sperrung> & Umleitung`]);
    expect(two.text).toBe(second);
    expect(two.in_reply_to_id).toBe(a.id);
    expect(two.media_attachments).toEqual([]);
    expect(statuses.indexOf(one)).toBeLessThan(statuses.indexOf(two));
  });

  it("find() returns the status with the same text (and reply target), undefined for new text", async () => {
    const t = tag();
    // Markdown-ish markup, a link, a hashtag and newlines: snac's content HTML differs from the text.
    const text = `Sommerfest ${t} am *Samstag*\n\nProgramm: https://example.org/fest #Sommerfest & mehr`;
    const posted = await connection.publish(item(text), context());
    expect(await connection.find(item(text), context())).toEqual(posted);
    expect(await connection.find(item(`Sommerfest ${t} abgesagt`), context())).toBeUndefined();
    // A status older than the attempt (an earlier notice with the same text) is not this post.
    expect(await connection.find(item(text), context({ since: new Date(Date.now() + 3_600_000) }))).toBeUndefined();
    // The same text as a reply to something else is not the same post.
    expect(await connection.find(item(text), context({ replyTo: { id: "elsewhere" } }))).toBeUndefined();
    const reply = await connection.publish(item(`Antwort ${t}`), context({ replyTo: posted }));
    expect(await connection.find(item(`Antwort ${t}`), context({ replyTo: posted }))).toEqual(reply);
  });

  it("remove() deletes; a second remove() is harmless", async () => {
    const text = `Wird gelöscht ${tag()}`;
    const posted = await connection.publish(item(text), context());
    expect((await readSnacStatuses(snac.url, carol.token)).some((s) => s.id === posted.id)).toBe(true);
    await connection.remove(posted, signal);
    expect((await readSnacStatuses(snac.url, carol.token)).some((s) => s.id === posted.id)).toBe(false);
    await connection.remove(posted, signal);
    expect(await connection.find(item(text), context())).toBeUndefined();
  });

  it("an invalid token is a permanent AUTH_INVALID that does not contain the token", async () => {
    const token = `bad-${randomBytes(16).toString("hex")}`;
    const error = await failure(connect(snac.url, token));
    expect(error).toMatchObject({ kind: "permanent", code: "AUTH_INVALID" });
    expect(error.message).toContain(new URL(snac.url).host);
    expect(error.hint).toBeTruthy();
    const everything = JSON.stringify({ ...error, message: error.message, hint: error.hint, platformMessage: error.platformMessage });
    expect(everything).not.toContain(token);
    expect(String(error.stack)).not.toContain(token);
  });
});

// ----------------------------------------------------------------------------------------------------

describe("against MastodonFake", () => {
  const TOKEN = "fake-mastodon-token";
  let fake: MastodonFake;

  async function start(options: Partial<ConstructorParameters<typeof MastodonFake>[0]> = {}): Promise<Connection<MastodonPost>> {
    fake = new MastodonFake({ token: TOKEN, maxCharacters: 1000, ...options });
    await fake.start();
    return connect(fake.url, TOKEN, { visibility: "unlisted" });
  }

  afterEach(async () => {
    await fake.stop();
  });

  it("reads live limits from /api/v2/instance", async () => {
    const connection = await start({ charactersReservedPerUrl: 30, maxMediaAttachments: 6, descriptionLimit: 900 });
    expect(connection.limits).toEqual({ maxCharacters: 1000, urlLength: 30, maxImages: 6, maxAltLength: 900, maxImageBytes: 16_777_216, maxImagePixels: 33_177_600 });
    expect(connection.account).toBe(`@stadt@${new URL(fake.url).host}`);
    expect(fake.requestsTo("GET", "/api/v1/instance")).toHaveLength(0);
  });

  it("sends Idempotency-Key = ctx.key on every status creation; language, spoiler_text and visibility arrive", async () => {
    const connection = await start();
    const c1 = context();
    const a = await connection.publish(item("Erster Teil", { post: { language: "de", spoilerText: "Baustelle", visibility: "unlisted" } }), c1);
    const c2 = context({ replyTo: a, root: a });
    const b = await connection.publish(item("Zweiter Teil", { index: 1, post: { language: "de", spoilerText: "Baustelle", visibility: "unlisted" } }), c2);
    expect(fake.requestsTo("POST", "/api/v1/statuses").map((r) => r.headers["idempotency-key"])).toEqual([c1.key, c2.key]);
    expect(fake.liveStatuses).toMatchObject([
      { id: a.id, text: "Erster Teil", language: "de", spoilerText: "Baustelle", visibility: "unlisted", idempotencyKey: c1.key },
      { id: b.id, text: "Zweiter Teil", inReplyToId: a.id, visibility: "unlisted", idempotencyKey: c2.key },
    ]);
    // A repeat with the same key answers the original (the server's deduplication) and creates nothing.
    expect(await connection.publish(item("Erster Teil"), c1)).toEqual(a);
    expect(fake.liveStatuses).toHaveLength(2);
  });

  it("polls media that answered 202 until processed, then creates the status with it", async () => {
    const connection = await start({ mediaProcessing: "async", processing: { polls: 2 }, descriptionLimit: 10 });
    const receipt = await connection.publish(item("Mit Bild", { images: [await png("Ein sehr langer Alt-Text")] }), context());
    expect(fake.requestsTo("POST", "/api/v2/media")).toHaveLength(1);
    expect(fake.requestsTo("GET", "/api/v1/media/:id")).toHaveLength(3); // 206, 206, 200
    const status = fake.liveStatuses.find((s) => s.id === receipt.id)!;
    expect(status.mediaIds).toHaveLength(1);
    const media = fake.media.find((m) => m.id === status.mediaIds[0])!;
    expect(media.processed).toBe(true);
    expect(media.description).toBe("Ein sehr l"); // cut to description_limit
  });

  it("on a server without GET /api/v1/media/:id, waits for processing by asking again to create the status", async () => {
    const connection = await start({ mediaProcessing: "async", processing: { polls: 2 }, withoutMediaGet: true });
    const c = context();
    const receipt = await connection.publish(item("Bild ohne Medienabfrage", { images: [await png("Stadtplan mit Sperrgebiet")] }), c);
    expect(fake.requestsTo("GET", "/api/v1/media/:id")).toHaveLength(1); // 404: not relied on
    // Two refusals (422, not finished processing), then the status; one key for all three attempts.
    const creates = fake.requestsTo("POST", "/api/v1/statuses");
    expect(creates.map((r) => r.headers["idempotency-key"])).toEqual([c.key, c.key, c.key]);
    expect(fake.requestsTo("POST", "/api/v2/media")).toHaveLength(1);
    const status = fake.liveStatuses.find((s) => s.id === receipt.id)!;
    expect(fake.liveStatuses).toHaveLength(1);
    expect(fake.media.find((m) => m.id === status.mediaIds[0])).toMatchObject({ processed: true, description: "Stadtplan mit Sperrgebiet" });
  });

  it("does not poll media that already has a url", async () => {
    const connection = await start();
    await connection.publish(item("Bild sofort", { images: [await png("Alt")] }), context());
    expect(fake.requestsTo("GET", "/api/v1/media/:id")).toHaveLength(0);
    expect(fake.liveStatuses[0]!.mediaIds).toHaveLength(1);
  });

  it("429 with Retry-After is transient with retryAfterMs; without it, X-RateLimit-Reset counts", async () => {
    const connection = await start();
    fake.fail429("/api/v1/statuses", { retryAfterSeconds: 7 });
    const limited = await failure(connection.publish(item("Zu schnell"), context()));
    expect(limited).toMatchObject({ kind: "transient", code: "RATE_LIMITED", status: 429, retryAfterMs: 7000 });
    fake.fail429("/api/v1/accounts/:id/statuses", { method: "GET", resetInMs: 20_000 });
    const reset = await failure(connection.find(item("Zu schnell"), context()));
    expect(reset.kind).toBe("transient");
    expect(reset.retryAfterMs).toBeGreaterThan(15_000);
    expect(reset.retryAfterMs).toBeLessThanOrEqual(20_000);
    expect(fake.liveStatuses).toHaveLength(0);
  });

  it("500 on POST /api/v1/statuses is unknown; 500 on a media upload is transient", async () => {
    const connection = await start();
    fake.fail500("/api/v1/statuses");
    expect(await failure(connection.publish(item("Serverfehler"), context()))).toMatchObject({ kind: "unknown", code: "SERVER_ERROR", status: 500 });
    fake.fail500("/api/v2/media");
    expect(await failure(connection.publish(item("Bildfehler", { images: [await png("x")] }), context()))).toMatchObject({ kind: "transient", status: 500 });
    expect(fake.liveStatuses).toHaveLength(0);
  });

  it("a dropped connection after the status was stored is unknown, and find() then returns the stored status", async () => {
    const connection = await start();
    const first = await connection.publish(item("Erster Teil"), context());
    const text = "Zweiter Teil\n\nmit Link https://example.org/ein/sehr/langer/pfad/der/gekuerzt/wird #Stadt & <mehr>";
    const ctx = context({ replyTo: first, root: first });
    fake.dropAfterStore("/api/v1/statuses");
    expect(await failure(connection.publish(item(text, { index: 1 }), ctx))).toMatchObject({ kind: "unknown" });
    const stored = fake.liveStatuses.find((s) => s.text === text)!;
    expect(stored).toBeDefined();
    expect(await connection.find(item(text, { index: 1 }), ctx)).toEqual({ id: stored.id, url: `${fake.url}/@stadt/${stored.id}` });
    expect(await connection.find(item(text, { index: 1 }), context())).toBeUndefined(); // not a reply: not this post
  });

  it("find() reads the account's statuses back with max_id, 40 at a time, past 70 newer statuses, and stops at the statuses older than the attempt", async () => {
    const connection = await start();
    const old = `Alte Meldung ${tag()}`;
    await connection.publish(item(old), context());
    fake.statuses.at(-1)!.createdAt = new Date(Date.now() - 86_400_000).toISOString();
    const text = `Meldung ${tag()}\n\nvor vielen anderen`;
    const ctx = context();
    fake.dropAfterStore("/api/v1/statuses");
    expect(await failure(connection.publish(item(text), ctx))).toMatchObject({ kind: "unknown" });
    const stored = fake.liveStatuses.find((s) => s.text === text)!;
    // A busy account in a crisis: 70 other statuses after it.
    for (let i = 0; i < 70; i++) await connection.publish(item(`Andere Meldung ${tag()} ${i}`), context());
    const listed = () => fake.requestsTo("GET", "/api/v1/accounts/:id/statuses");
    const before = listed().length;
    expect(await connection.find(item(text), ctx)).toEqual({ id: stored.id, url: `${fake.url}/@stadt/${stored.id}` });
    const pages = listed().slice(before);
    expect(pages.map((r) => r.query.get("limit"))).toEqual(["40", "40"]);
    expect(pages[0]!.query.get("max_id")).toBeNull();
    expect(pages[1]!.query.get("max_id")).toBe(fake.liveStatuses.at(-40)!.id);
    // Not there: read back until the listing reaches the status older than the attempt, then certainly not there.
    const again = listed().length;
    expect(await connection.find(item(old), context())).toBeUndefined();
    expect(listed().length - again).toBe(2);
    expect(await connection.find(item(old), context({ since: new Date(Date.now() - 2 * 86_400_000) }))).toMatchObject({ id: fake.liveStatuses[0]!.id });
  });

  it("classifies non-JSON answers (proxy pages, which masto cannot read) by their status", async () => {
    const connection = await start();
    const html = (status: number, headers: Record<string, string> = {}) => ({ kind: "respond" as const, response: { status, headers: { "content-type": "text/html", ...headers }, body: `<h1>${status}</h1>` } });
    fake.failNext("POST", "/api/v1/statuses", html(502));
    expect(await failure(connection.publish(item("Hinter dem Proxy"), context()))).toMatchObject({ kind: "unknown", code: "SERVER_ERROR", status: 502 });
    fake.failNext("POST", "/api/v1/statuses", html(429, { "retry-after": "3" }));
    expect(await failure(connection.publish(item("Hinter dem Proxy"), context()))).toMatchObject({ kind: "transient", code: "RATE_LIMITED", retryAfterMs: 3000 });
    fake.failNext("GET", "/api/v1/accounts/:id/statuses", html(503));
    expect(await failure(connection.find(item("Hinter dem Proxy"), context()))).toMatchObject({ kind: "transient", status: 503 });
    // A 200 that is not JSON: the status may have been created.
    fake.failNext("POST", "/api/v1/statuses", { kind: "respond", response: { status: 200, body: "<html>ok</html>" } });
    expect(await failure(connection.publish(item("Hinter dem Proxy"), context()))).toMatchObject({ kind: "unknown", code: "UNEXPECTED_RESPONSE", status: 200 });
  });

  it("422 is permanent REJECTED with the server's message; 401 on connect is AUTH_INVALID", async () => {
    const connection = await start({ maxCharacters: 10 });
    const rejected = await failure(connection.publish(item("Viel zu lang für zehn"), context()));
    expect(rejected).toMatchObject({ kind: "permanent", code: "REJECTED", status: 422, platformMessage: "Validation failed: Text character limit of 10 exceeded" });
    expect(await failure(connect(fake.url, "wrong-token"))).toMatchObject({ kind: "permanent", code: "AUTH_INVALID", status: 401 });
  });

  it("remove() deletes; 404 counts as already gone", async () => {
    const connection = await start();
    const receipt = await connection.publish(item("Weg damit"), context());
    await connection.remove(receipt, signal);
    expect(fake.liveStatuses).toHaveLength(0);
    await connection.remove(receipt, signal);
    expect(fake.requestsTo("DELETE", "/api/v1/statuses/:id")).toHaveLength(2);
  });

  it("a refused connection is transient", async () => {
    await start();
    const url = fake.url;
    await fake.stop();
    expect(await failure(connect(url, TOKEN))).toMatchObject({ kind: "transient", code: "NETWORK" });
    await fake.start();
  });
});
