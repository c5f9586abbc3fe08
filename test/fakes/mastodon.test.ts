/**
 * Self-tests of {@link MastodonFake}: plain fetch for the wire format, and masto's `createRestAPIClient` to prove
 * the client library works against it.
 */
import { createRestAPIClient, MastoHttpError } from "masto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MastodonFake, mastodonLength } from "./mastodon.js";

const TOKEN = "token-stadt";
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

let fake: MastodonFake;

async function start(options: Partial<ConstructorParameters<typeof MastodonFake>[0]> = {}): Promise<void> {
  await fake?.stop();
  fake = new MastodonFake({ token: TOKEN, ...options });
  await fake.start();
}

function client(token = TOKEN) {
  return createRestAPIClient({ url: fake.url, accessToken: token });
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function httpError(promise: Promise<unknown>): Promise<MastoHttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MastoHttpError);
  return error as MastoHttpError;
}

beforeEach(() => start());
afterEach(() => fake.stop());

describe("mastodonLength", () => {
  it("counts graphemes, a URL as 23 and @user@domain as @user", () => {
    expect(mastodonLength("Hallo")).toBe(5);
    expect(mastodonLength("👨‍👩‍👧 🇩🇪 é")).toBe(5);
    expect(mastodonLength("see https://example.org/a/very/long/path/that/goes/on?and=on")).toBe(4 + 23);
    expect(mastodonLength("(https://example.org/x).")).toBe(1 + 23 + 2);
    expect(mastodonLength("hi @stadt@social.example.org")).toBe("hi @stadt".length);
    expect(mastodonLength("text", "CW: ")).toBe(8);
    expect(mastodonLength("https://a.de", "", 10)).toBe(10);
  });
});

describe("MastodonFake with masto", () => {
  it("serves the instance configuration and the account", async () => {
    await start({ maxCharacters: 1000, maxMediaAttachments: 6 });
    const instance = await client().v2.instance.fetch();
    expect(instance.configuration.statuses).toMatchObject({ maxCharacters: 1000, maxMediaAttachments: 6, charactersReservedPerUrl: 23 });
    expect(instance.configuration.mediaAttachments).toMatchObject({ descriptionLimit: 1500, imageSizeLimit: 16_777_216 });
    const v1 = (await (await fetch(`${fake.url}/api/v1/instance`)).json()) as { configuration: { statuses: { max_characters: number } } };
    expect(v1.configuration.statuses.max_characters).toBe(1000);
    const me = await client().v1.accounts.verifyCredentials();
    expect(me).toMatchObject({ username: "stadt", acct: "stadt", url: `${fake.url}/@stadt` });
  });

  it("creates statuses with masto and renders content like Mastodon", async () => {
    const status = await client().v1.statuses.create({ status: "Erste Zeile\nzweite <b>\n\nNeuer Absatz #Stadt https://example.org/x", language: "de", visibility: "unlisted", spoilerText: "CW" });
    expect(status.url).toBe(`${fake.url}/@stadt/${status.id}`);
    expect(status.content).toContain("<p>Erste Zeile<br />zweite &lt;b&gt;</p><p>Neuer Absatz");
    expect(status.content).toContain('class="mention hashtag"');
    expect(status.content).toContain('<a href="https://example.org/x"');
    expect(status).toMatchObject({ language: "de", visibility: "unlisted", spoilerText: "CW", sensitive: true });
    expect(fake.statuses).toHaveLength(1);
    expect(fake.statuses[0]).toMatchObject({ text: expect.stringContaining("Erste Zeile"), spoilerText: "CW", language: "de", deleted: false });
    const reply = await client().v1.statuses.create({ status: "zwei", inReplyToId: status.id });
    expect(reply.inReplyToId).toBe(status.id);
    expect(BigInt(reply.id) > BigInt(status.id)).toBe(true);
  });

  it("validates the length exactly like Mastodon (URL = 23, emoji = 1)", async () => {
    const url = `https://example.org/${"p".repeat(200)}`;
    const fits = `${"a".repeat(500 - 23 - 1)} ${url}`;
    await expect(client().v1.statuses.create({ status: fits })).resolves.toBeDefined();
    await expect(client().v1.statuses.create({ status: "👨‍👩‍👧".repeat(500) })).resolves.toBeDefined();
    const error = await httpError(client().v1.statuses.create({ status: "👍".repeat(499), spoilerText: "ab" }));
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe("Validation failed: Text character limit of 500 exceeded");
    await start({ maxCharacters: 11 });
    const small = await httpError(client().v1.statuses.create({ status: "x".repeat(12) }));
    expect(small.message).toBe("Validation failed: Text character limit of 11 exceeded");
    expect((await api("POST", "/api/v1/statuses", { status: " " })).status).toBe(422);
  });

  it("answers a repeated Idempotency-Key with the original status and creates nothing", async () => {
    const k = "announce-abc-0";
    const first = await client().v1.statuses.create({ status: "Hallo" }, { requestInit: { headers: { "Idempotency-Key": k } } });
    const again = await client().v1.statuses.create({ status: "anders" }, { requestInit: { headers: { "Idempotency-Key": k } } });
    expect(again.id).toBe(first.id);
    expect(fake.statuses).toHaveLength(1);
    expect(fake.statuses[0]!.idempotencyKey).toBe(k);
    // Keys are per account.
    fake.addAccount("token-other", "other");
    const other = await client("token-other").v1.statuses.create({ status: "Hallo" }, { requestInit: { headers: { "Idempotency-Key": k } } });
    expect(other.id).not.toBe(first.id);
    // A failed create does not store the key.
    const k2 = "announce-abc-1";
    await httpError(client().v1.statuses.create({ status: "x".repeat(501) }, { requestInit: { headers: { "Idempotency-Key": k2 } } }));
    const ok = await client().v1.statuses.create({ status: "kurz" }, { requestInit: { headers: { "Idempotency-Key": k2 } } });
    expect(ok.content).toBe("<p>kurz</p>");
    // The key of a deleted status finds nothing.
    await client().v1.statuses.$select(first.id).remove();
    expect((await api("POST", "/api/v1/statuses", { status: "Hallo" }, { "Idempotency-Key": k })).status).toBe(404);
  });

  it("uploads media synchronously and attaches it", async () => {
    const media = await client().v2.media.create({ file: new Blob([PNG], { type: "image/png" }), description: "Ein Plan", skipPolling: true });
    expect(media.url).toMatch(/^http/);
    expect(fake.media[0]).toMatchObject({ description: "Ein Plan", processed: true });
    expect(fake.media[0]!.bytes.equals(PNG)).toBe(true);
    const updated = await client().v1.media.$select(media.id).update({ description: "Neuer Text" });
    expect(updated.description).toBe("Neuer Text");
    const status = await client().v1.statuses.create({ status: "Mit Bild", mediaIds: [media.id] });
    expect(status.mediaAttachments).toMatchObject([{ id: media.id, type: "image", description: "Neuer Text" }]);
    expect(fake.media[0]!.statusId).toBe(status.id);
    expect((await api("GET", `/api/v1/media/${media.id}`)).status).toBe(404);
    const again = await httpError(client().v1.statuses.create({ status: "nochmal", mediaIds: [media.id] }));
    expect(again.message).toBe(`Media ${media.id} not found or already attached to another post`);
    const long = await httpError(client().v2.media.create({ file: new Blob([PNG]), description: "x".repeat(1501), skipPolling: true }));
    expect(long.statusCode).toBe(422);
  });

  it("limits the number of attachments", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client().v2.media.create({ file: new Blob([PNG]), skipPolling: true })).id);
    const error = await httpError(client().v1.statuses.create({ status: "viele", mediaIds: ids }));
    expect(error.message).toBe("Cannot attach more than 4 files");
    // Form encoding with media_ids[] works too.
    const form = new URLSearchParams([["status", "Formular"], ...ids.slice(0, 2).map((id) => ["media_ids[]", id])]);
    const response = await fetch(`${fake.url}/api/v1/statuses`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-www-form-urlencoded" }, body: form });
    expect(response.status).toBe(200);
    expect(fake.statuses.at(-1)!.mediaIds).toEqual(ids.slice(0, 2));
  });

  it("processes media asynchronously: 202, 206 while processing, then 200", async () => {
    await start({ mediaProcessing: "async", processing: { polls: 2 } });
    const media = await client().v2.media.create({ file: new Blob([PNG], { type: "image/png" }), skipPolling: true });
    expect(media.url).toBeNull();
    expect(fake.requestsTo("POST", "/api/v2/media")).toHaveLength(1);
    const notReady = await httpError(client().v1.statuses.create({ status: "zu früh", mediaIds: [media.id] }));
    expect(notReady.message).toBe("Cannot attach files that have not finished processing. Try again in a moment!");
    const polls = [];
    for (let i = 0; i < 3; i++) polls.push(await api("GET", `/api/v1/media/${media.id}`));
    expect(polls.map((r) => r.status)).toEqual([206, 206, 200]);
    expect(((await polls[2]!.json()) as { url: string }).url).toMatch(/^http/);
    await expect(client().v1.statuses.create({ status: "jetzt", mediaIds: [media.id] })).resolves.toBeDefined();
  });

  it("lets masto poll the media without skipPolling", async () => {
    await start({ mediaProcessing: "async", processing: { polls: 0 } });
    const media = await client().v2.media.create({ file: new Blob([PNG], { type: "image/png" }) });
    expect(media.url).toMatch(/^http/);
    expect(fake.requestsTo("GET", "/api/v1/media/:id")).toHaveLength(1);
  });

  it("answers 429 with rate-limit headers and no Retry-After unless asked", async () => {
    fake.fail429("/api/v1/statuses", { resetInMs: 60_000 });
    const error = await httpError(client().v1.statuses.create({ status: "x" }));
    expect(error.statusCode).toBe(429);
    expect(error.message).toBe("Too many requests");
    const headers = (error.cause as Response).headers;
    expect(headers.get("x-ratelimit-remaining")).toBe("0");
    expect(headers.get("x-ratelimit-limit")).toBe("300");
    expect(Date.parse(headers.get("x-ratelimit-reset")!) - Date.now()).toBeGreaterThan(50_000);
    expect(headers.get("x-ratelimit-reset")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(headers.get("retry-after")).toBeNull();
    fake.fail429("/api/v1/statuses", { retryAfterSeconds: 2, times: 2 });
    expect((await api("POST", "/api/v1/statuses", { status: "x" })).headers.get("retry-after")).toBe("2");
    expect((await api("POST", "/api/v1/statuses", { status: "x" })).status).toBe(429);
    const ok = await api("POST", "/api/v1/statuses", { status: "x" });
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get("x-ratelimit-remaining"))).toBeLessThan(300);
    expect(fake.statuses).toHaveLength(1);
  });

  it("stores the status when the connection drops after the create", async () => {
    fake.dropAfterStore("/api/v1/statuses");
    await expect(api("POST", "/api/v1/statuses", { status: "verloren?" }, { "Idempotency-Key": "k1" })).rejects.toThrow();
    expect(fake.liveStatuses).toHaveLength(1);
    const retry = await client().v1.statuses.create({ status: "verloren?" }, { requestInit: { headers: { "Idempotency-Key": "k1" } } });
    expect(retry.id).toBe(fake.statuses[0]!.id);
    expect(fake.statuses).toHaveLength(1);
  });

  it("fails, delays and rejects bad tokens with JSON errors", async () => {
    fake.fail500("/api/v1/statuses").slow("/api/v1/statuses", 150);
    expect((await httpError(client().v1.statuses.create({ status: "x" }))).statusCode).toBe(500);
    const before = Date.now();
    await client().v1.statuses.create({ status: "langsam" });
    expect(Date.now() - before).toBeGreaterThanOrEqual(140);
    for (const headers of [{}, { authorization: "Bearer wrong" }]) {
      const response = await fetch(`${fake.url}/api/v1/accounts/verify_credentials`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ error: "The access token is invalid" });
    }
    expect((await httpError(client("wrong").v1.statuses.create({ status: "x" }))).statusCode).toBe(401);
  });

  it("reads, lists and deletes statuses", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await client().v1.statuses.create({ status: `Nr. ${i}` })).id);
    const me = await client().v1.accounts.verifyCredentials();
    const page = await client().v1.accounts.$select(me.id).statuses.list();
    expect(page).toHaveLength(20);
    expect(page[0]!.id).toBe(ids[24]);
    const all = await (await api("GET", `/api/v1/accounts/${me.id}/statuses?limit=100`)).json();
    expect(all).toHaveLength(25);
    expect((await client().v1.statuses.$select(ids[0]!).fetch()).content).toBe("<p>Nr. 0</p>");
    const deleted = await client().v1.statuses.$select(ids[0]!).remove();
    expect(deleted).toMatchObject({ id: ids[0], text: "Nr. 0" });
    expect(fake.statuses[0]!.deleted).toBe(true);
    expect(fake.liveStatuses).toHaveLength(24);
    const gone = await httpError(client().v1.statuses.$select(ids[0]!).fetch());
    expect([gone.statusCode, gone.message]).toEqual([404, "Record not found"]);
    expect((await api("DELETE", `/api/v1/statuses/${ids[0]}`)).status).toBe(404);
    expect((await httpError(client().v1.statuses.create({ status: "Antwort", inReplyToId: ids[0] }))).statusCode).toBe(404);
  });
});
