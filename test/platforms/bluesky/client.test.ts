/**
 * The Bluesky publisher against the real PDS of the global setup: what the server holds after publishing
 * (read back with com.atproto.repo.*), reconciliation by rkey, deletion, saved sessions, failures, and
 * link cards from a local web server.
 */
import { PublishError } from "../../../src/problems.js";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { AtpAgent, AtUri, type AppBskyEmbedExternal, type AppBskyEmbedImages } from "@atproto/api";
import { TID } from "@atproto/common-web";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BlueskyPost, BlueskySettings } from "../../../src/platforms/bluesky/index.js";
import { bluesky } from "../../../src/platforms/bluesky/index.js";
import { blueskyPublisher, createBlueskyPublisher } from "../../../src/platforms/bluesky/client.js";
import type { Connection, Facet, PostToSend, PublishContext, Receipt, UploadImage } from "../../../src/platforms/platform.js";
import { createBlueskyAccount, readBlueskyPosts, type BlueskyAccount } from "../../setup/accounts.js";
import { publishContext } from "../../helpers/context.js";
import { LOCAL_HOSTS } from "../../helpers/project.js";

const pds = inject("pds");
const stateDir = mkdtempSync(path.join(os.tmpdir(), "announce-bsky-"));
const reader = new AtpAgent({ service: pds.url });
let account: BlueskyAccount;
let connection: Connection<BlueskyPost>;

// ----------------------------------------------------------------------------------------------------
// Helpers

const signal = new AbortController().signal;
let channels = 0;

/** A connect context; what the connection `warn`s, at connecting or later, is kept in `warnings`. */
function connectContext(of: BlueskyAccount, options: { name?: string; password?: string; identifier?: string } = {}) {
  const settings: BlueskySettings = { enabled: true, service: pds.url, identifier: options.identifier ?? of.handle, app_password: "${BSKY_APP_PASSWORD}" };
  const warnings: string[] = [];
  return {
    channel: { name: options.name ?? `bsky-${++channels}`, platform: "bluesky" as const, settings },
    secrets: { app_password: options.password ?? of.appPassword },
    stateDir,
    configDir: stateDir,
    allowHosts: LOCAL_HOSTS,
    signal,
    warnings,
    warn: (message: string) => void warnings.push(message),
  };
}

/** A fetch that records the XRPC method of every request and can answer some itself. */
function recordingFetch(intercept?: (method: string) => Response | Promise<Response> | undefined) {
  const methods: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = new URL(url).pathname.replace(/^\/xrpc\//, "");
    methods.push(method);
    return (await intercept?.(method)) ?? globalThis.fetch(input, init);
  };
  return { methods, fetch, count: (method: string) => methods.filter((m) => m === method).length };
}

function facetOf(text: string, part: string, kind: Facet["kind"], value: string): Facet {
  const at = text.indexOf(part);
  const byteStart = Buffer.byteLength(text.slice(0, at));
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part), kind, value };
}

function item(index: number, text: string, extra: { facets?: Facet[]; images?: UploadImage[]; linkCard?: string; langs?: string[] } = {}): PostToSend<BlueskyPost> {
  return {
    index,
    post: { text, length: [...text].length, limit: 300, unit: "graphemes", images: (extra.images ?? []).map((_, i) => i), facets: extra.facets ?? [], bytes: Buffer.byteLength(text), linkCard: extra.linkCard, langs: extra.langs },
    images: extra.images ?? [],
  };
}

function context(extra: Partial<Omit<PublishContext, "checkpoint" | "warn">> = {}) {
  return publishContext({ key: blueskyPublisher.newKey!(), signal, optionalWorkMs: 2000, since: new Date(), ...extra });
}

async function image(width: number, height: number, alt: string, color: string): Promise<UploadImage> {
  const data = await sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer();
  return { data, format: "jpeg", width, height, alt, name: `${width}x${height}.jpg` };
}

async function record(uri: string) {
  const { host, collection, rkey } = new AtUri(uri);
  return (await reader.com.atproto.repo.getRecord({ repo: host, collection, rkey })).data;
}

async function rejection(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

beforeAll(async () => {
  account = await createBlueskyAccount(pds.url, "bskypub");
  connection = await blueskyPublisher.connect(connectContext(account, { name: "main" }));
});

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

// ----------------------------------------------------------------------------------------------------

describe("bluesky publisher", () => {
  it("is what the platform loads, and keys are TIDs", async () => {
    expect(await bluesky.publisher()).toBe(blueskyPublisher);
    const key = blueskyPublisher.newKey!();
    expect(TID.is(key)).toBe(true);
    expect(connection.account).toBe(account.handle);
    expect(connection.limits).toEqual({});
  });

  it("publishes a thread: images with alt and aspect ratio, replies pointing at root and parent", async () => {
    const images = [await image(64, 48, "Ein rotes Rechteck", "#c00000"), await image(30, 60, "", "#0000c0")];
    const receipts: Receipt[] = [];
    for (const [index, text] of ["Teil 1 mit Bildern", "Teil 2", "Teil 3"].entries()) {
      const ctx = context({ replyTo: receipts.at(-1), root: receipts[0] });
      const receipt = await connection.publish(item(index, text, { images: index === 0 ? images : [] }), ctx);
      expect(receipt.id).toBe(`at://${account.did}/app.bsky.feed.post/${ctx.key}`);
      expect(receipt.url).toBe(`https://bsky.app/profile/${account.handle}/post/${ctx.key}`);
      expect(Object.keys(receipt.extra ?? {}).sort()).toEqual(["cid", "rkey"]);
      expect(receipt.extra?.rkey).toBe(ctx.key);
      receipts.push(receipt);
    }
    const [first, second, third] = await Promise.all(receipts.map((r) => record(r.id)));
    expect(first!.cid).toBe(receipts[0]!.extra!.cid);

    const embed = first!.value.embed as AppBskyEmbedImages.Main;
    expect(embed.$type).toBe("app.bsky.embed.images");
    expect(embed.images.map((i) => ({ alt: i.alt, aspectRatio: i.aspectRatio, mime: i.image.mimeType }))).toEqual([
      { alt: "Ein rotes Rechteck", aspectRatio: { width: 64, height: 48 }, mime: "image/jpeg" },
      { alt: "", aspectRatio: { width: 30, height: 60 }, mime: "image/jpeg" },
    ]);
    expect(embed.images[0]!.image.size).toBe(images[0]!.data.length);
    expect(first!.value.reply).toBeUndefined();

    const ref = (r: Receipt) => ({ uri: r.id, cid: r.extra!.cid });
    expect(second!.value.reply).toEqual({ root: ref(receipts[0]!), parent: ref(receipts[0]!) });
    expect(third!.value.reply).toEqual({ root: ref(receipts[0]!), parent: ref(receipts[1]!) });
    expect(second!.value.embed).toBeUndefined();
  });

  it("sends text with umlauts and emoji, link and tag facets on exactly their bytes, and langs", async () => {
    const text = "Straßenfest in Köln 🎉👩‍👩‍👧 Programm: https://example.org/fest?tag=ä #Sommerfest ✓";
    const facets = [facetOf(text, "https://example.org/fest?tag=ä", "link", "https://example.org/fest?tag=%C3%A4"), facetOf(text, "#Sommerfest", "tag", "Sommerfest")];
    const receipt = await connection.publish(item(0, text, { facets, langs: ["de"] }), context());
    const stored = (await record(receipt.id)).value as Record<string, unknown> & { text: string; facets: { index: { byteStart: number; byteEnd: number }; features: unknown[] }[] };
    expect(stored.text).toBe(text);
    expect(stored.langs).toEqual(["de"]);
    const bytes = Buffer.from(stored.text);
    expect(stored.facets.map((f) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString())).toEqual(["https://example.org/fest?tag=ä", "#Sommerfest"]);
    expect(stored.facets.map((f) => f.features)).toEqual([
      [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.org/fest?tag=%C3%A4" }],
      [{ $type: "app.bsky.richtext.facet#tag", tag: "Sommerfest" }],
    ]);
    expect(stored.embed).toBeUndefined();
  });

  it("adds mention facets only for handles that resolve", async () => {
    const text = `Grüße an @${account.handle} und @nobody0000.test (info@example.org)`;
    const receipt = await connection.publish(item(0, text), context());
    const stored = (await record(receipt.id)).value as { facets?: { index: { byteStart: number; byteEnd: number }; features: { did?: string }[] }[] };
    expect(stored.facets).toHaveLength(1);
    const [mention] = stored.facets!;
    expect(Buffer.from(text).subarray(mention!.index.byteStart, mention!.index.byteEnd).toString()).toBe(`@${account.handle}`);
    expect(mention!.features).toEqual([{ $type: "app.bsky.richtext.facet#mention", did: account.did }]);
  });

  it("finds a post by its key, and nothing for a fresh key", async () => {
    const ctx = context();
    const published = await connection.publish(item(0, "Zum Wiederfinden"), ctx);
    expect(await connection.find(item(0, "Zum Wiederfinden"), ctx)).toEqual(published);
    expect(await connection.find(item(0, "Nie gesendet"), context())).toBeUndefined();
  });

  it("classifies a second create with the same key as unknown, so that the pipeline reconciles with find", async () => {
    const ctx = context();
    const first = await connection.publish(item(0, "Einmal"), ctx);
    const error = await rejection(connection.publish(item(0, "Einmal"), ctx));
    expect(error).toMatchObject({ kind: "unknown", code: "SERVER_ERROR", status: 500 }); // the PDS answers 500 today
    expect(await connection.find(item(0, "Einmal"), ctx)).toEqual(first);
    const posts = await readBlueskyPosts(pds.url, account.did);
    expect(posts.filter((p) => p.uri === first.id)).toHaveLength(1);
  });

  it("removes a post; removing it again is harmless", async () => {
    const receipt = await connection.publish(item(0, "Wird gelöscht"), context());
    await connection.remove(receipt, signal);
    const posts = await readBlueskyPosts(pds.url, account.did);
    expect(posts.map((p) => p.uri)).not.toContain(receipt.id);
    await expect(record(receipt.id)).rejects.toMatchObject({ error: "RecordNotFound" });
    await expect(connection.remove(receipt, signal)).resolves.toBeUndefined();
  });

  it("rejects text the server refuses as permanent, with the server's message", async () => {
    const error = await rejection(connection.publish(item(0, "a".repeat(301)), context()));
    expect(error).toMatchObject({ kind: "permanent", code: "REJECTED", status: 400 });
    expect(error.message).toMatch(/grapheme/i);
  });
});

describe("sessions", () => {
  it("saves the session with mode 0600 and resumes it without logging in again", async () => {
    const first = recordingFetch();
    const ctx = connectContext(account, { name: "resume" });
    await createBlueskyPublisher({ fetch: first.fetch }).connect(ctx);
    expect(first.count("com.atproto.server.createSession")).toBe(1);
    const file = path.join(stateDir, "sessions", "resume.bluesky.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Written before the token file: a CI job that commits the state folder never commits sessions/.
    expect(readFileSync(path.join(stateDir, ".gitignore"), "utf8")).toMatch(/^sessions\/$/m);
    const saved = readFileSync(file, "utf8");
    expect(JSON.parse(saved)).toMatchObject({ service: pds.url, identifier: account.handle, session: { did: account.did } });
    expect(saved).not.toContain(account.appPassword); // tokens only, never the password

    const second = recordingFetch();
    const resumed = await createBlueskyPublisher({ fetch: second.fetch }).connect(ctx);
    expect(second.count("com.atproto.server.createSession")).toBe(0);
    expect(second.count("com.atproto.server.refreshSession")).toBe(1);
    expect(readFileSync(file, "utf8")).not.toBe(saved); // the refreshed tokens were saved
    const receipt = await resumed.publish(item(0, "Nach dem Fortsetzen"), context());
    expect((await record(receipt.id)).value).toMatchObject({ text: "Nach dem Fortsetzen" });
    expect(second.count("com.atproto.server.createSession")).toBe(0);
  });

  it("logs in again when the saved session is no longer valid", async () => {
    const ctx = connectContext(account, { name: "stale" });
    const file = path.join(stateDir, "sessions", "stale.bluesky.json");
    await blueskyPublisher.connect(ctx);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { session: { accessJwt: string; refreshJwt: string } };
    saved.session.refreshJwt = "invalid";
    saved.session.accessJwt = "invalid";
    writeFileSync(file, JSON.stringify(saved));
    const recorded = recordingFetch();
    const again = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(ctx);
    expect(recorded.count("com.atproto.server.createSession")).toBe(1);
    expect(again.account).toBe(account.handle);
    expect(JSON.parse(readFileSync(file, "utf8")).session.refreshJwt).not.toBe("invalid");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("does not reuse a session saved for another identifier", async () => {
    const other = await createBlueskyAccount(pds.url, "other");
    const name = "switched";
    await blueskyPublisher.connect(connectContext(account, { name }));
    const recorded = recordingFetch();
    const switched = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(connectContext(other, { name }));
    expect(recorded.count("com.atproto.server.createSession")).toBe(1);
    expect(switched.account).toBe(other.handle);
  });

  it("refreshes an expired access token during publishing, and saves the new session", async () => {
    const ctx = connectContext(account, { name: "expiring" });
    const file = path.join(stateDir, "sessions", "expiring.bluesky.json");
    let expire = true;
    const recorded = recordingFetch((method) => {
      if (method !== "com.atproto.repo.createRecord" || !expire) return undefined;
      expire = false;
      return Response.json({ error: "ExpiredToken", message: "Token has expired" }, { status: 400 });
    });
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(ctx);
    const before = readFileSync(file, "utf8");
    // JWTs carry whole seconds: a refresh within the second of the login would hand out the same token.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const receipt = await live.publish(item(0, "Nach Ablauf des Tokens"), context());
    expect((await record(receipt.id)).value).toMatchObject({ text: "Nach Ablauf des Tokens" });
        expect(recorded.count("com.atproto.server.refreshSession")).toBe(1);
    expect(recorded.count("com.atproto.server.createSession")).toBe(1); // the first connect only
    expect(readFileSync(file, "utf8")).not.toBe(before);
  });

  it("warns through the context when the session cannot be saved, at login and at a refresh while publishing", async () => {
    const ctx = connectContext(account, { name: "unsaved" });
    // A folder where the session file belongs: every save fails, and publishing goes on without it.
    mkdirSync(path.join(stateDir, "sessions", "unsaved.bluesky.json"), { recursive: true });
    let expire = true;
    const recorded = recordingFetch((method) => {
      if (method !== "com.atproto.repo.createRecord" || !expire) return undefined;
      expire = false;
      return Response.json({ error: "ExpiredToken", message: "Token has expired" }, { status: 400 });
    });
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(ctx);
    expect(ctx.warnings).toEqual([expect.stringMatching(/^The Bluesky session could not be saved to .*unsaved\.bluesky\.json \(E[A-Z]+\); the next run logs in again\.$/)]);
    expect(live.warnings).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new token, not the same second's
    const receipt = await live.publish(item(0, "Ohne gespeicherte Sitzung"), context());
    expect((await record(receipt.id)).value).toMatchObject({ text: "Ohne gespeicherte Sitzung" });
    expect(recorded.count("com.atproto.server.refreshSession")).toBe(1);
    // The refreshed session could not be saved either: told when it happened, during publishing.
    expect(ctx.warnings).toHaveLength(2);
    expect(ctx.warnings[1]).toMatch(/could not be saved/);
  });

  it("logs in again once when the refresh token is refused too", async () => {
    let refuse = 2; // the failed createRecord, then the agent's refresh
    const recorded = recordingFetch((method) => {
      if (refuse === 2 && method === "com.atproto.repo.createRecord") return (refuse--, Response.json({ error: "ExpiredToken", message: "Token has expired" }, { status: 400 }));
      if (refuse === 1 && method === "com.atproto.server.refreshSession") return (refuse--, Response.json({ error: "ExpiredToken", message: "Token has been revoked" }, { status: 400 }));
      return undefined;
    });
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(connectContext(account, { name: "relogin" }));
    const receipt = await live.publish(item(0, "Nach neuer Anmeldung"), context());
    expect((await record(receipt.id)).value).toMatchObject({ text: "Nach neuer Anmeldung" });
    expect(recorded.count("com.atproto.server.createSession")).toBe(2);
    expect(recorded.count("com.atproto.repo.createRecord")).toBe(2);
  });

  it("reports a wrong app password as permanent AUTH_INVALID, naming the identifier but never the password", async () => {
    const password = "abcd-efgh-ijkl-mnop";
    const error = await rejection(blueskyPublisher.connect(connectContext(account, { name: "wrong", password })));
    expect(error).toMatchObject({ kind: "permanent", code: "AUTH_INVALID", status: 401 });
    expect(error.message).toContain(account.handle);
    expect(error.hint).toMatch(/app password/i);
    expect(JSON.stringify({ message: error.message, hint: error.hint, platformMessage: error.platformMessage })).not.toContain(password);
    expect(() => statSync(path.join(stateDir, "sessions", "wrong.bluesky.json"))).toThrow();
  });

  it("warns when the secret does not look like an app password", async () => {
    const live = await blueskyPublisher.connect(connectContext(account, { name: "main-password", password: account.password }));
    expect(live.warnings.join("\n")).toMatch(/app password/);
    expect(live.warnings.join("\n")).not.toContain(account.password);
  });
});

describe("failures", () => {
  it("reads 429 as transient with the wait from ratelimit-reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    const recorded = recordingFetch((method) =>
      method === "com.atproto.repo.createRecord"
        ? Response.json({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, { status: 429, headers: { "ratelimit-reset": String(reset), "ratelimit-remaining": "0" } })
        : undefined,
    );
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(connectContext(account, { name: "limited" }));
    const error = await rejection(live.publish(item(0, "Gedrosselt"), context()));
    expect(error).toMatchObject({ kind: "transient", code: "RATE_LIMITED", status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("reads a dropped connection on create as unknown, and a refused one on find as transient", async () => {
    let drop = false;
    const recorded = recordingFetch((method) => {
      if (!drop) return undefined;
      if (method === "com.atproto.repo.createRecord") throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      if (method === "com.atproto.repo.getRecord") throw new TypeError("fetch failed", { cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) });
      return undefined;
    });
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(connectContext(account, { name: "dropping" }));
    drop = true;
    expect(await rejection(live.publish(item(0, "Verbindung weg"), context()))).toMatchObject({ kind: "unknown", code: "NETWORK" });
    expect(await rejection(live.find(item(0, "Verbindung weg"), context()))).toMatchObject({ kind: "transient", code: "NETWORK" });
  });

  it("reads a 5xx on an upload as transient and on create as unknown", async () => {
    const recorded = recordingFetch((method) =>
      method === "com.atproto.repo.uploadBlob" || method === "com.atproto.repo.createRecord" ? Response.json({ error: "InternalServerError", message: "Internal Server Error" }, { status: 502 }) : undefined,
    );
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(connectContext(account, { name: "failing" }));
    expect(await rejection(live.publish(item(0, "Bild", { images: [await image(10, 10, "x", "#000")] }), context()))).toMatchObject({ kind: "transient", code: "SERVER_ERROR" });
    expect(await rejection(live.publish(item(0, "Text"), context()))).toMatchObject({ kind: "unknown", code: "SERVER_ERROR" });
  });
});

describe("link cards", () => {
  let web: http.Server;
  let site: string;
  let thumb: Buffer;
  const hang = new Set<http.ServerResponse>();

  beforeAll(async () => {
    // A large noisy PNG, so that the thumbnail has to be shrunk below 1,000,000 bytes.
    const noise = randomBytes(1600 * 900 * 3);
    thumb = await sharp(noise, { raw: { width: 1600, height: 900, channels: 3 } }).png().toBuffer();
    web = http.createServer((req, res) => {
      const url = req.url ?? "/";
      if (url === "/fest") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<html><head><title>Stadt</title><meta property="og:title" content="Sommerfest 2026">
          <meta property="og:description" content="Musik &amp; Essen am Markt"><meta property="og:image" content="/media/fest.png"></head></html>`);
      } else if (url === "/media/fest.png") {
        res.writeHead(200, { "content-type": "image/png" });
        res.end(thumb);
      } else if (url === "/hang") {
        hang.add(res); // never answered
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
      }
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    site = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  });

  it("builds an external embed from the page's Open Graph tags, with a shrunk JPEG thumbnail", async () => {
    expect(thumb.length).toBeGreaterThan(1_000_000);
    const link = `${site}/fest`;
    const text = `Sommerfest: ${link}`;
    const receipt = await connection.publish(item(0, text, { facets: [facetOf(text, link, "link", link)], linkCard: link }), context());
    const embed = (await record(receipt.id)).value.embed as AppBskyEmbedExternal.Main;
    expect(embed.$type).toBe("app.bsky.embed.external");
    expect(embed.external).toMatchObject({ uri: link, title: "Sommerfest 2026", description: "Musik & Essen am Markt" });
    expect(embed.external.thumb?.mimeType).toBe("image/jpeg");
    expect(embed.external.thumb!.size).toBeLessThanOrEqual(1_000_000);
    const blob = await reader.com.atproto.sync.getBlob({ did: account.did, cid: embed.external.thumb!.ref.toString() });
    const meta = await sharp(Buffer.from(blob.data)).metadata();
    expect(meta.format).toBe("jpeg");
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(1200);
  });

  it("publishes without a card when the page hangs or is missing, within the time bound", async () => {
    for (const page of ["/hang", "/missing"]) {
      const link = `${site}${page}`;
      const started = Date.now();
      const ctx = context({ optionalWorkMs: 500 });
      const receipt = await connection.publish(item(0, `Ohne Karte: ${link}`, { linkCard: link }), ctx);
      expect(Date.now() - started).toBeLessThan(2500);
      const stored = (await record(receipt.id)).value;
      expect(stored.text).toBe(`Ohne Karte: ${link}`);
      expect(stored.embed).toBeUndefined();
      // The report says so: the attempt warns, and the pipeline adds it to the channel's report.
      expect(ctx.warnings).toEqual([expect.stringContaining(`No link card for ${link}: ${page === "/hang" ? "the page did not answer in time" : "the page answered HTTP 404"}`)]);
    }
  });

  it("keeps the card without a thumbnail when the image cannot be had", async () => {
    const recorded = recordingFetch((method) => (method.endsWith("/media/fest.png") ? new Response("gone", { status: 404 }) : undefined));
    const live = await createBlueskyPublisher({ fetch: recorded.fetch }).connect(connectContext(account, { name: "cards" }));
    const link = `${site}/fest`;
    const receipt = await live.publish(item(0, `Karte: ${link}`, { linkCard: link }), context());
    const embed = (await record(receipt.id)).value.embed as AppBskyEmbedExternal.Main;
    expect(embed.external).toEqual({ uri: link, title: "Sommerfest 2026", description: "Musik & Essen am Markt" });
  });
});
