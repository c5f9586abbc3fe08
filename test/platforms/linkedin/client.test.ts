/**
 * The LinkedIn publisher against {@link LinkedInFake}: what the fake holds after publishing (the post body,
 * commentary exactly as rendered and as LinkedIn would show it, images and their alt texts, article cards from a
 * local Open Graph page), DUPLICATE_POST as reconciliation, deletion, and how failures are read.
 */
import { PublishError } from "../../../src/problems.js";
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNotice } from "../../../src/announcement/notice.js";
import type { Config } from "../../../src/config/config.js";
import { planNotice } from "../../../src/plan/plan.js";
import { linkedin, linkedinSettings, type LinkedInPost, type LinkedInSettings } from "../../../src/platforms/linkedin/index.js";
import { linkedinPublisher, versionAgeMonths } from "../../../src/platforms/linkedin/client.js";
import type { Connection, PostToSend, PublishContext, UploadImage } from "../../../src/platforms/platform.js";
import { LinkedInFake } from "../../fakes/linkedin.js";
import { startStaticServer, type StaticServer } from "../../fakes/static-server.js";
import { tempDir } from "../../helpers/tmp.js";
import { publishContext } from "../../helpers/context.js";
import { LOCAL_HOSTS } from "../../helpers/project.js";

const TOKEN = "li-secret-token-4711";
const ORG = "urn:li:organization:4242";
const signal = new AbortController().signal;
const fixtures = path.resolve(import.meta.dirname, "../../fixtures/notices");

/** YYYYMM `months` before now. */
function monthsAgo(months: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

const fake = new LinkedInFake({ token: TOKEN, organization: ORG, sunsetBefore: monthsAgo(13) });
const site = tempDir("announce-li-site-");
let web: StaticServer;
let connection: Connection<LinkedInPost>;

function settings(extra: Partial<LinkedInSettings> = {}): LinkedInSettings {
  return linkedinSettings.parse({ organization: ORG, access_token: "${LINKEDIN_TOKEN}", api_url: fake.url, version: monthsAgo(1), ...extra });
}

function connect(extra: Partial<LinkedInSettings> = {}, token = TOKEN) {
  return linkedinPublisher.connect({ channel: { name: "stadt-linkedin", platform: "linkedin", settings: settings(extra) }, secrets: { access_token: token }, stateDir: site, configDir: site, allowHosts: LOCAL_HOSTS, signal, warn: unexpectedWarning });
}

/** The connection is not expected to warn after connecting: a warning fails the test. */
function unexpectedWarning(message: string): void {
  throw new Error(`unexpected warning: ${message}`);
}

function item(text: string, extra: { images?: UploadImage[]; linkCard?: string; post?: LinkedInPost } = {}): PostToSend<LinkedInPost> {
  const article = extra.linkCard ? { source: extra.linkCard, title: "Titel der Meldung" } : undefined;
  const post = extra.post ?? { text, length: text.length, limit: 3000, unit: "characters", images: (extra.images ?? []).map((_, i) => i), article };
  return { index: 0, post, images: extra.images ?? [] };
}

const context = (extra: Partial<Omit<PublishContext, "checkpoint">> = {}): PublishContext => publishContext({ key: "k", signal, optionalWorkMs: 2000, since: new Date(), ...extra });
const stored = (urn: string) => fake.posts.find((p) => p.urn === urn)!;
const imageBytes = (urn: string) => fake.images.find((i) => i.urn === urn)?.bytes;

async function image(width: number, height: number, alt: string, color: string, format: "jpeg" | "png" = "jpeg"): Promise<UploadImage> {
  const data = await sharp({ create: { width, height, channels: 3, background: color } })[format]().toBuffer();
  return { data, format, width, height, alt, name: `${width}x${height}.${format}` };
}

async function rejection(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

beforeAll(async () => {
  await fake.start();
  web = await startStaticServer(site);
  connection = await connect();
});

afterAll(async () => {
  await web?.stop();
  await fake.stop();
});

describe("linkedin publisher: connect", () => {
  it("is what the platform loads; checks token and version with every required header at api_url", async () => {
    expect(await linkedin.publisher()).toBe(linkedinPublisher);
    expect(connection).toMatchObject({ account: ORG, warnings: [], limits: {} });
    const first = fake.requests[0]!;
    expect(first.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "linkedin-version": monthsAgo(1), "x-restli-protocol-version": "2.0.0" });
    expect(first.rawPath.startsWith("/rest/")).toBe(true);
  });

  it("warns when the version is older than 10 months", async () => {
    expect(versionAgeMonths("202601", new Date("2026-11-25T00:00:00Z"))).toBe(10);
    expect((await connect({ version: monthsAgo(10) })).warnings).toEqual([]);
    const old = await connect({ version: monthsAgo(12) });
    expect(old.warnings).toHaveLength(1);
    expect(old.warnings[0]).toContain(`${monthsAgo(12)} is 12 months old`);
  });

  it("426 NONEXISTENT_VERSION is permanent, with a hint to raise the version", async () => {
    const error = await rejection(connect({ version: monthsAgo(14) }));
    expect(error).toMatchObject({ kind: "permanent", code: "API_VERSION_INACTIVE", status: 426 });
    expect(error.hint).toContain("`version`");
  });

  it("401 is permanent AUTH_INVALID naming the organization, never the token", async () => {
    const wrong = "li-wrong-token-0815";
    const error = await rejection(connect({}, wrong));
    expect(error).toMatchObject({ kind: "permanent", code: "AUTH_INVALID", status: 401 });
    expect(error.message).toContain(ORG);
    expect(error.hint).toContain("60 days");
    for (const text of [error.message, error.hint, JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(TOKEN);
    }
  });
});

describe("linkedin publisher: publish", () => {
  it("a '#' that is not a hashtag (a URL fragment, 'Gleis #3') arrives as text, the hashtags as hashtags", async () => {
    const file = path.join(site, "gleis.md");
    writeFileSync(file, "---\ntitle: Gleis gesperrt\nhashtags: [StadtInfo]\n---\nGleis #3 ist gesperrt, Ersatz an Gleis 5: https://www.example-stadt.de/verkehr#baustellen #Verkehr\n");
    const notice = await loadNotice(file);
    const config: Config = { file: path.join(site, "channels.yaml"), defaults: { lang: "de", requireApproval: false }, stateDir: site, channels: [{ name: "li", platform: "linkedin", settings: settings() }] };
    const post = planNotice(notice, config).channels[0]!.posts[0]!;
    const saved = stored((await connection.publish(item(post.text, { post }), context())).id);
    expect(saved.truncated).toBe(false);
    expect(saved.hashtags).toEqual(["Verkehr", "StadtInfo"]);
    expect(saved.visibleText).toContain("Gleis #3 ist gesperrt");
    expect(saved.visibleText).toContain("https://www.example-stadt.de/verkehr#baustellen");
  });

  it("a hashtag with '_' arrives as one hashtag, not as #Tag and the text '_2'", async () => {
    const file = path.join(site, "unterstrich.md");
    writeFileSync(file, "---\ntitle: Unterstrich\nhashtags: [Sommer_Fest]\n---\nHeute #Tag_2 in der Stadt.\n");
    const notice = await loadNotice(file);
    const config: Config = { file: path.join(site, "channels.yaml"), defaults: { lang: "de", requireApproval: false }, stateDir: site, channels: [{ name: "li", platform: "linkedin", settings: settings() }] };
    const post = planNotice(notice, config).channels[0]!.posts[0]!;
    const saved = stored((await connection.publish(item(post.text, { post }), context())).id);
    expect(saved.truncated).toBe(false);
    expect(saved.hashtags).toEqual(["Tag_2", "Sommer_Fest"]);
    expect(saved.visibleText).toBe("Unterstrich\n\nHeute #Tag_2 in der Stadt.\n\n#Sommer_Fest");
  });

  it("posts the rendered commentary as is; LinkedIn shows all of it (stellenausschreibung.md)", async () => {
    const notice = await loadNotice(path.join(fixtures, "stellenausschreibung.md"));
    const config: Config = { file: path.join(site, "channels.yaml"), defaults: { lang: "de", requireApproval: false }, stateDir: site, channels: [{ name: "li", platform: "linkedin", settings: settings() }] };
    const plan = planNotice(notice, config);
    const post = plan.channels[0]!.posts[0]!;
    expect(linkedin.details(post).linkCard).toBe(notice.link);
    // The link's host does not resolve here: the article falls back to the notice title, without a thumbnail.
    const receipt = await connection.publish(item(post.text, { post }), context({ optionalWorkMs: 500 }));
    expect(receipt).toEqual({ id: expect.stringMatching(/^urn:li:share:\d+$/), url: `https://www.linkedin.com/feed/update/${receipt.id}` });
    const saved = stored(receipt.id);
    expect(saved.author).toBe(ORG);
    expect(saved.body).toBe(post.text);
    expect(saved.truncated).toBe(false);
    expect(saved.visibleText).toBe(post.text.replace(/\\(.)/gsu, "$1"));
    for (const part of ["[Entgeltgruppe 15 TVöD | Vollzeit, teilbar]", "<Standort: Rathaus & Technisches Rathaus>", "@personalamt", "karriere_digital@example-stadt.de", "#Verwaltung"]) {
      expect(saved.visibleText).toContain(part);
    }
    // The body's #Verwaltung and the notice's hashtags are real hashtags on LinkedIn.
    expect(saved.hashtags).toEqual(["Verwaltung", ...notice.hashtags]);
    expect(saved.entity).toEqual({
      author: ORG,
      commentary: post.text,
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
      content: { article: { source: notice.link, title: notice.title } },
    });
  });

  it("a text that fits only unescaped is cut so that the escaped commentary fits 3000; LinkedIn takes it", async () => {
    const file = path.join(site, "viele-zeichen.md");
    const body = Array.from({ length: 90 }, (_, i) => `Team (${String(i).padStart(2, "0")}) {Ort} [A|B] @amt_x.`).join(" ");
    writeFileSync(file, `---\ntitle: Viele Sonderzeichen\nlink: https://www.example-stadt.de/meldung\n---\n${body}\n`);
    const notice = await loadNotice(file);
    const config: Config = { file: path.join(site, "channels.yaml"), defaults: { lang: "de", requireApproval: false }, stateDir: site, channels: [{ name: "li", platform: "linkedin", settings: settings() }] };
    const post = planNotice(notice, config).channels[0]!.posts[0]!;
    expect(post.text.length).toBeLessThanOrEqual(3000);
    const saved = stored((await connection.publish(item(post.text, { post }), context())).id);
    expect(saved.body).toBe(post.text);
    expect(saved.truncated).toBe(false);
    expect(saved.visibleText).toMatch(/\[A\|B\] @amt_x\. …\n\nhttps:\/\/www\.example-stadt\.de\/meldung$/);
  });

  it("uploads one image with its alt text (content.media), and 2 as content.multiImage", async () => {
    const one = await image(64, 48, "Ein rotes Rechteck", "#c00000");
    const single = stored((await connection.publish(item("Ein Bild", { images: [one] }), context())).id);
    const media = (single.entity.content as { media: { id: string; altText: string } }).media;
    expect(media.altText).toBe("Ein rotes Rechteck");
    expect(imageBytes(media.id)?.equals(one.data)).toBe(true);
    const upload = fake.requestsTo("PUT", "/upload/:id").at(-1)!;
    expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const two = [await image(30, 60, "Blau", "#0000c0", "png"), await image(40, 40, "Grün", "#00c000")];
    const multi = stored((await connection.publish(item("Zwei Bilder", { images: two }), context())).id);
    const images = (multi.entity.content as { multiImage: { images: { id: string; altText: string }[] } }).multiImage.images;
    expect(images.map((i) => i.altText)).toEqual(["Blau", "Grün"]);
    images.forEach((i, n) => expect(imageBytes(i.id)?.equals(two[n]!.data)).toBe(true));
  });

  it("builds an article card from the page's Open Graph tags, with the og:image as thumbnail", async () => {
    const thumb = await sharp({ create: { width: 120, height: 63, channels: 3, background: "#336699" } }).png().toBuffer();
    writeFileSync(path.join(site, "thumb.png"), thumb);
    writeFileSync(
      path.join(site, "stelle.html"),
      `<html><head><title>Fallback</title><meta property="og:title" content="Leitung Digitalamt"><meta property="og:description" content="Bewerbung bis 15. Januar"><meta property="og:image" content="/thumb.png"></head><body></body></html>`,
    );
    const source = `${web.url}/stelle.html`;
    const saved = stored((await connection.publish(item("Mit Karte", { linkCard: source }), context())).id);
    const article = (saved.entity.content as { article: Record<string, string> }).article;
    expect(article).toEqual({ source, title: "Leitung Digitalamt", description: "Bewerbung bis 15. Januar", thumbnail: expect.stringMatching(/^urn:li:image:/) });
    expect(imageBytes(article.thumbnail!)?.equals(thumb)).toBe(true);

    // An unreadable page: the notice title, no thumbnail.
    const missing = `${web.url}/fehlt.html`;
    const fallback = stored((await connection.publish(item("Ohne Karte", { linkCard: missing }), context())).id);
    expect(fallback.entity.content).toEqual({ article: { source: missing, title: "Titel der Meldung" } });
  });

  it("DUPLICATE_POST is the receipt of the existing post, and nothing is posted twice", async () => {
    const first = await connection.publish(item("Doppelt gemeldet"), context());
    const second = await connection.publish(item("Doppelt gemeldet"), context());
    expect(second).toEqual(first);
    expect(fake.livePosts.filter((p) => p.body === "Doppelt gemeldet")).toHaveLength(1);
  });

  it("DUPLICATE_POST naming a deleted post is permanent, not a receipt", async () => {
    const gone = await connection.publish(item("Gelöscht und wieder da"), context());
    await connection.remove(gone, signal);
    const body = { message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${gone.id}`, errorDetails: { inputErrors: [{ description: "Duplicate post is detected", input: {}, code: "DUPLICATE_POST" }] }, status: 422 };
    fake.failNext("POST", "/rest/posts", { kind: "respond", response: { status: 422, body } });
    expect(await rejection(connection.publish(item("Gelöscht und wieder da"), context()))).toMatchObject({ kind: "permanent", code: "DUPLICATE_OF_DELETED" });
  });

  it("a dropped answer is unknown; publishing again reconciles by the duplicate answer", async () => {
    expect(await connection.find(item("Verlorene Antwort"), context())).toBeUndefined();
    fake.dropAfterStore("/rest/posts");
    expect(await rejection(connection.publish(item("Verlorene Antwort"), context()))).toMatchObject({ kind: "unknown" });
    const again = await connection.publish(item("Verlorene Antwort"), context());
    expect(fake.livePosts.filter((p) => p.body === "Verlorene Antwort").map((p) => p.urn)).toEqual([again.id]);
  });

  it("5xx on create is unknown; 429 is transient with Retry-After; 403 is permanent", async () => {
    fake.fail500("/rest/posts");
    expect(await rejection(connection.publish(item("Serverfehler"), context()))).toMatchObject({ kind: "unknown", code: "SERVER_ERROR", status: 500 });
    fake.fail429("/rest/posts", 7);
    expect(await rejection(connection.publish(item("Gedrosselt"), context()))).toMatchObject({ kind: "transient", code: "RATE_LIMITED", status: 429, retryAfterMs: 7000 });
    expect(fake.posts.some((p) => p.body === "Serverfehler" || p.body === "Gedrosselt")).toBe(false);
    const other = await connect({ organization: "urn:li:organization:999" });
    expect(await rejection(other.publish(item("Fremde Seite"), context()))).toMatchObject({ kind: "permanent", code: "PERMISSION_DENIED", status: 403 });
  });
});

describe("linkedin publisher: remove", () => {
  it("deletes with X-RestLi-Method: DELETE; a second delete is harmless", async () => {
    const receipt = await connection.publish(item("Wird gelöscht"), context());
    await connection.remove(receipt, signal);
    expect(stored(receipt.id).deleted).toBe(true);
    const request = fake.requestsTo("DELETE", "/rest/posts/:urn").at(-1)!;
    expect(request.headers["x-restli-method"]).toBe("DELETE");
    expect(request.rawPath).toBe(`/rest/posts/${encodeURIComponent(receipt.id)}`);
    await connection.remove(receipt, signal);
  });
});

describe("linkedin publisher: find", () => {
  it("with a key relies on the duplicate answer and asks nothing; without one reads the organization's posts back, page by page, by commentary and time", async () => {
    const since = new Date(Date.now() - 1000);
    const wanted = await connection.publish(item("Gesuchte Meldung find-li"), context());
    // A busy page: 60 posts after it, more than one page of the finder.
    for (let i = 0; i < 60; i++) await connection.publish(item(`Andere Meldung find-li ${i}`), context());
    const before = fake.requests.length;
    expect(await connection.find(item("Gesuchte Meldung find-li"), context({ since }))).toBeUndefined();
    expect(fake.requests.length).toBe(before);

    const found = await connection.find(item("Gesuchte  Meldung\nfind-li"), context({ since, unkeyed: true }));
    expect(found).toMatchObject({ id: wanted.id });
    const finder = fake.requestsTo("GET", "/rest/posts").slice(-2);
    expect(finder.map((r) => [r.query.get("q"), r.query.get("author"), r.query.get("sortBy"), r.query.get("start")])).toEqual([
      ["author", ORG, "CREATED", "0"],
      ["author", ORG, "CREATED", "50"],
    ]);
    expect(finder[0]!.headers["x-restli-method"]).toBe("FINDER");

    // Made before the time looked from: not this notice's post.
    expect(await connection.find(item("Gesuchte Meldung find-li"), context({ since: new Date(Date.now() + 600_000), unkeyed: true }))).toBeUndefined();
  });
});
