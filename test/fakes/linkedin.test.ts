/** Self-tests of {@link LinkedInFake} with plain fetch, the way LinkedIn's REST API is called. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LinkedInFake, renderLittleText } from "./linkedin.js";

const TOKEN = "li-token";
const ORG = "urn:li:organization:4242";
const JPEG = Buffer.from("ffd8ffe000104a464946", "hex");

let fake: LinkedInFake;

beforeEach(async () => {
  fake = new LinkedInFake({ token: TOKEN, organization: ORG, sunsetBefore: "202511" });
  await fake.start();
});
afterEach(() => fake.stop());

const HEADERS = { authorization: `Bearer ${TOKEN}`, "linkedin-version": "202610", "x-restli-protocol-version": "2.0.0" };

function li(method: string, path: string, body?: unknown, headers: Record<string, string | undefined> = {}): Promise<Response> {
  const merged = Object.fromEntries(Object.entries({ ...HEADERS, "content-type": "application/json", ...headers }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return fetch(`${fake.url}${path}`, { method, headers: merged, body: body === undefined ? undefined : JSON.stringify(body) });
}

function post(commentary: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    author: ORG,
    commentary,
    visibility: "PUBLIC",
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
    ...extra,
  };
}

async function uploadImage(bytes = JPEG): Promise<string> {
  const init = await li("POST", "/rest/images?action=initializeUpload", { initializeUploadRequest: { owner: ORG } });
  expect(init.status).toBe(200);
  const { value } = (await init.json()) as { value: { uploadUrl: string; image: string; uploadUrlExpiresAt: number } };
  expect(value.uploadUrl.startsWith(`${fake.url}/upload/`)).toBe(true);
  const put = await fetch(value.uploadUrl, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body: bytes });
  expect(put.status).toBe(201);
  return value.image;
}

describe("renderLittleText", () => {
  it("shows escapes, hashtags and mentions, and cuts at an unescaped reserved character", () => {
    expect(renderLittleText("Sperrung \\(B 27\\) ab 8:00 \\_ \\\\ \\~")).toEqual({ visibleText: "Sperrung (B 27) ab 8:00 _ \\ ~", hashtags: [], truncated: false });
    expect(renderLittleText("Heute #Stadtfest und {hashtag|\\#|Kultur} mit @[Stadt Ulm](urn:li:organization:123) an Gleis \\#3!")).toEqual({
      visibleText: "Heute #Stadtfest und #Kultur mit Stadt Ulm an Gleis #3!",
      hashtags: ["Stadtfest", "Kultur"],
      truncated: false,
    });
    expect(renderLittleText("Sperrung (B 27) ab 8 Uhr")).toMatchObject({ visibleText: "Sperrung ", truncated: true });
    expect(renderLittleText("Mehr: https://example.org/a_b")).toMatchObject({ visibleText: "Mehr: https://example.org/a", truncated: true });
    expect(renderLittleText("# allein")).toMatchObject({ visibleText: "", truncated: true });
    expect(renderLittleText("Ende \\")).toMatchObject({ visibleText: "Ende ", truncated: true });
    expect(renderLittleText("Emoji 🎉 \\🎉 ok")).toMatchObject({ visibleText: "Emoji 🎉 🎉 ok", truncated: false });
  });
});

describe("LinkedInFake", () => {
  it("creates a post: 201, empty body, x-restli-id, stored with the rendered text", async () => {
    const response = await li("POST", "/rest/posts", post("Baustelle \\(Nord\\) #Ulm"));
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("");
    const urn = response.headers.get("x-restli-id");
    expect(urn).toMatch(/^urn:li:share:\d+$/);
    expect(fake.posts).toEqual([expect.objectContaining({ urn, body: "Baustelle \\(Nord\\) #Ulm", visibleText: "Baustelle (Nord) #Ulm", truncated: false, deleted: false })]);
    await li("POST", "/rest/posts", post("Kaputt (sic)"));
    expect(fake.livePosts[1]).toMatchObject({ visibleText: "Kaputt ", truncated: true });
  });

  it("rejects a duplicate of a live post with LinkedIn's envelope", async () => {
    const urn = (await li("POST", "/rest/posts", post("Gleich"))).headers.get("x-restli-id");
    const duplicate = await li("POST", "/rest/posts", post("Gleich"));
    expect(duplicate.status).toBe(422);
    expect(await duplicate.json()).toEqual({
      errorDetailType: "com.linkedin.common.error.BadRequest",
      message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${urn}`,
      errorDetails: { inputErrors: [{ description: "Duplicate post is detected", input: {}, code: "DUPLICATE_POST" }] },
      status: 422,
    });
    expect(fake.posts).toHaveLength(1);
    expect((await li("DELETE", `/rest/posts/${encodeURIComponent(urn!)}`)).status).toBe(204);
    expect((await li("POST", "/rest/posts", post("Gleich"))).status).toBe(201);
  });

  it("checks token, version and protocol headers", async () => {
    const cases: [Record<string, string | undefined>, number, Record<string, unknown>][] = [
      [{ authorization: undefined }, 401, { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" }],
      [{ authorization: "Bearer nope" }, 401, { code: "INVALID_ACCESS_TOKEN" }],
      [{ "linkedin-version": undefined }, 400, { status: 400, code: "VERSION_MISSING" }],
      [{ "linkedin-version": "2026-10" }, 400, { status: 400 }],
      [{ "linkedin-version": "202504" }, 426, { status: 426, code: "NONEXISTENT_VERSION", message: "Requested version 20250401 is not active" }],
      [{ "x-restli-protocol-version": undefined }, 400, { status: 400 }],
    ];
    for (const [headers, status, body] of cases) {
      const response = await li("POST", "/rest/posts", post("x"), headers);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject(body);
    }
    expect(fake.posts).toHaveLength(0);
    fake.tokenExpiresAt = Math.floor(Date.now() / 1000) - 1;
    expect(await (await li("POST", "/rest/posts", post("x"))).json()).toMatchObject({ status: 401, code: "EXPIRED_ACCESS_TOKEN" });
  });

  it("validates the body like Rest.li and the Posts API", async () => {
    const check = async (body: unknown, status: number, message: RegExp) => {
      const response = await li("POST", "/rest/posts", body);
      expect(response.status).toBe(status);
      expect(JSON.stringify(await response.json())).toMatch(message);
    };
    await check(post("x", { visiblity: "PUBLIC" }), 422, /ERROR :: \/visiblity :: unrecognized field/);
    await check({ ...post("x"), commentary: undefined }, 422, /ERROR :: \/commentary :: field is required/);
    await check(post("x", { distribution: { feedDistribution: "MAIN_FEED", targetEnties: [] } }), 422, /\/distribution\/targetEnties/);
    await check(post("x", { visibility: "EVERYONE" }), 422, /not an enum symbol/);
    await check(post("x", { isReshareDisabledByAuthor: "no" }), 422, /is not a boolean/);
    await check(post("x", { lifecycleState: "DRAFT" }), 422, /lifecycleState/);
    await check(post("x", { author: "urn:li:organization:1" }), 403, /ACCESS_DENIED/);
    await check(post("x".repeat(3001)), 422, /3000/);
    await check(post("x", { content: { media: { id: "urn:li:image:nope" } } }), 422, /INVALID_MEDIA/);
    await check(post("x", { content: { media: { id: "urn:li:image:x" }, article: { source: "https://a.de", title: "t" } } }), 422, /union/);
    expect((await li("POST", "/rest/posts", post("x".repeat(3000)))).status).toBe(201);
    expect(fake.posts).toHaveLength(1);
  });

  it("uploads images and posts them as media, multiImage and article thumbnail", async () => {
    const init = await li("POST", "/rest/images?action=initializeUpload", { initializeUploadRequest: { owner: ORG } });
    const { value } = (await init.json()) as { value: { uploadUrl: string; image: string } };
    expect(value.image).toMatch(/^urn:li:image:/);
    const imagePath = `/rest/images/${encodeURIComponent(value.image)}`;
    expect(await (await li("GET", imagePath)).json()).toMatchObject({ status: "WAITING_UPLOAD", owner: ORG });
    expect((await li("POST", "/rest/posts", post("wartet", { content: { media: { id: value.image } } }))).status).toBe(422);
    expect((await fetch(value.uploadUrl, { method: "PUT", body: JPEG })).status).toBe(401);
    for (const body of [Buffer.alloc(0), Buffer.from("not an image")]) {
      expect((await fetch(value.uploadUrl, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body })).status).toBe(400);
    }
    expect((await fetch(value.uploadUrl, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body: JPEG })).status).toBe(201);
    expect(await (await li("GET", imagePath)).json()).toMatchObject({ id: value.image, status: "AVAILABLE", mediaType: "image/jpeg" });
    expect(fake.images[0]!.bytes!.equals(JPEG)).toBe(true);
    expect((await li("POST", "/rest/posts", post("Ein Bild", { content: { media: { id: value.image, altText: "Karte" } } }))).status).toBe(201);

    const second = await uploadImage(Buffer.from("GIF89a....", "latin1"));
    const multi = (images: string[]) => post(`Bilder ${images.length}`, { content: { multiImage: { images: images.map((id) => ({ id, altText: "alt" })) } } });
    expect((await li("POST", "/rest/posts", multi([second]))).status).toBe(422);
    expect((await li("POST", "/rest/posts", multi([value.image, second]))).status).toBe(201);
    const article = post("Artikel", { content: { article: { source: "https://example.org/a", title: "Titel", description: "Text", thumbnail: second } } });
    expect((await li("POST", "/rest/posts", article)).status).toBe(201);
    expect((await li("POST", "/rest/images?action=initializeUpload", { initializeUploadRequest: { owner: "urn:li:organization:1" } })).status).toBe(403);
  });

  it("reads, updates and deletes posts by percent-encoded URN", async () => {
    const urn = (await li("POST", "/rest/posts", post("Alt"))).headers.get("x-restli-id")!;
    const path = `/rest/posts/${encodeURIComponent(urn)}`;
    expect((await li("GET", `/rest/posts/${urn}`)).status).toBe(400);
    expect(await (await li("GET", path)).json()).toMatchObject({ id: urn, author: ORG, commentary: "Alt", lifecycleState: "PUBLISHED", lifecycleStateInfo: { isEditedByAuthor: false } });
    expect((await li("POST", path, { patch: { $set: { commentary: "Neu \\(2\\)" } } })).status).toBe(400);
    expect((await li("POST", path, { patch: { $set: { commentary: "Neu \\(2\\)" } } }, { "x-restli-method": "PARTIAL_UPDATE" })).status).toBe(204);
    expect(fake.posts[0]).toMatchObject({ body: "Neu \\(2\\)", visibleText: "Neu (2)", truncated: false });
    expect(await (await li("GET", path)).json()).toMatchObject({ commentary: "Neu \\(2\\)", lifecycleStateInfo: { isEditedByAuthor: true } });
    expect((await li("DELETE", `/rest/posts/${urn}`)).status).toBe(400);
    expect((await li("DELETE", path)).status).toBe(204);
    expect((await li("DELETE", path)).status).toBe(204);
    expect((await li("GET", path)).status).toBe(404);
    expect(fake.posts[0]!.deleted).toBe(true);
    expect(fake.livePosts).toHaveLength(0);
  });

  it("introspects tokens", async () => {
    await fake.stop();
    fake = new LinkedInFake({ token: TOKEN, organization: ORG, clientId: "cid", clientSecret: "secret", scope: "w_organization_social,r_organization_social" });
    await fake.start();
    const introspect = (form: Record<string, string>) =>
      fetch(`${fake.url}/oauth/v2/introspectToken`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
    const body = (await (await introspect({ client_id: "cid", client_secret: "secret", token: TOKEN })).json()) as { expires_at: number; created_at: number };
    expect(body).toMatchObject({ active: true, client_id: "cid", status: "active", scope: "w_organization_social,r_organization_social", auth_type: "3L" });
    expect(body.expires_at - body.created_at).toBe(60 * 24 * 3600);
    expect(await (await introspect({ client_id: "cid", client_secret: "secret", token: "other" })).json()).toEqual({ active: false });
    expect((await introspect({ client_id: "cid", client_secret: "wrong", token: TOKEN })).status).toBe(401);
  });

  it("injects 429, 500 and dropped connections", async () => {
    fake.fail429("/rest/posts", 7).fail429("/rest/posts").fail500("/rest/posts");
    const limited = await li("POST", "/rest/posts", post("x"));
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "7"]);
    expect(await limited.json()).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect((await li("POST", "/rest/posts", post("x"))).headers.get("retry-after")).toBeNull();
    expect((await li("POST", "/rest/posts", post("x"))).status).toBe(500);
    fake.dropAfterStore("/rest/posts");
    await expect(li("POST", "/rest/posts", post("Verloren?"))).rejects.toThrow();
    expect(fake.livePosts).toHaveLength(1);
    const retry = await li("POST", "/rest/posts", post("Verloren?"));
    expect(retry.status).toBe(422);
    expect(JSON.stringify(await retry.json())).toContain(`duplicate of ${fake.posts[0]!.urn}`);
  });
});
