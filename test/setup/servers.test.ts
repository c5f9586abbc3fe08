/**
 * Smoke test of the real test servers started by test/setup/global-setup.ts: proves that the PDS and snac2
 * accept what the publisher will send, and that the helpers in test/setup/accounts.ts read it back.
 * It also pins the server behaviour the publishing code has to cope with (see the comments).
 */
import { AppBskyEmbedImages, AtpAgent, type AppBskyFeedPost, type AppBskyRichtextFacet } from "@atproto/api";
import { TID } from "@atproto/common-web";
import { createRestAPIClient } from "masto";
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createBlueskyAccount, readBlueskyPosts, readSnacStatuses } from "./accounts.js";

const serversOff = process.env.ANNOUNCE_TEST_SERVERS === "0";

async function tinyPng(color: string): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 16, channels: 3, background: color } }).png().toBuffer();
}

const utf8Length = (text: string) => Buffer.byteLength(text, "utf8");

describe.skipIf(serversOff)("Bluesky PDS", () => {
  it("publishes a post with an image, alt text and a link facet under a client-chosen rkey", async () => {
    const pdsUrl = inject("pds").url;
    const account = await createBlueskyAccount(pdsUrl, "smoke");
    expect(account.handle).toMatch(/^smoke[0-9a-f]{8}\.test$/);
    expect(account.appPassword).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);

    // Log in the way the tool does: handle + app password.
    const agent = new AtpAgent({ service: pdsUrl });
    await agent.login({ identifier: account.handle, password: account.appPassword });
    expect(agent.session?.did).toBe(account.did);

    const png = await tinyPng("#2a7");
    const { data: upload } = await agent.uploadBlob(png, { encoding: "image/png" });
    expect(upload.blob.mimeType).toBe("image/png");
    expect(upload.blob.size).toBe(png.length);

    // Facet offsets are UTF-8 byte offsets, not JS string (UTF-16) indexes: "ü", "ß", "ä" take 2 bytes,
    // the emoji 4 (and 2 UTF-16 units).
    const before = "Grüße aus Bärlin 🎉 Infos: ";
    const linkText = "example.org/ä";
    const text = `${before}${linkText} – danke!`;
    const byteStart = utf8Length(before);
    const byteEnd = byteStart + utf8Length(linkText);
    expect([before.length, byteStart, byteEnd]).toEqual([27, 32, 46]);
    const facets: AppBskyRichtextFacet.Main[] = [
      {
        index: { byteStart, byteEnd },
        features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.org/%C3%A4" }],
      },
    ];
    const record: AppBskyFeedPost.Record = {
      $type: "app.bsky.feed.post",
      text,
      facets,
      langs: ["de"],
      createdAt: new Date().toISOString(),
      embed: {
        $type: "app.bsky.embed.images",
        images: [{ image: upload.blob, alt: "Ein grünes Quadrat", aspectRatio: { width: 16, height: 16 } }],
      },
    };

    // A client-chosen rkey (a TID) makes the write retry-safe: the same post can only exist once.
    const rkey = TID.nextStr();
    const created = await agent.com.atproto.repo.createRecord({
      repo: account.did,
      collection: "app.bsky.feed.post",
      rkey,
      record,
    });
    expect(created.data.uri).toBe(`at://${account.did}/app.bsky.feed.post/${rkey}`);

    // Read back without auth (there is no AppView: getPostThread etc. answer 502).
    const reader = new AtpAgent({ service: pdsUrl });
    const { data: stored } = await reader.com.atproto.repo.getRecord({
      repo: account.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    const value = stored.value as AppBskyFeedPost.Record;
    expect(value.text).toBe(text);
    expect(value.facets).toEqual(facets);
    expect(value.langs).toEqual(["de"]);
    expect(AppBskyEmbedImages.isMain(value.embed)).toBe(true);
    const images = (value.embed as AppBskyEmbedImages.Main).images;
    expect(images.map((image) => image.alt)).toEqual(["Ein grünes Quadrat"]);
    expect(images[0]?.image.ref.toString()).toBe(upload.blob.ref.toString());

    // The same rkey again is refused, and the first record stays as it was. NOTE for the publisher: the
    // PDS answers this with 500 InternalServerError, not a 4xx, so after a failed create with its own
    // rkey it must check with getRecord whether the post exists instead of trusting the status code.
    await expect(
      agent.com.atproto.repo.createRecord({
        repo: account.did,
        collection: "app.bsky.feed.post",
        rkey,
        record: { ...record, text: "second try" },
      }),
    ).rejects.toMatchObject({ status: 500 });
    const posts = await readBlueskyPosts(pdsUrl, account.did);
    expect(posts.map((post) => [post.uri, post.cid, post.value.text])).toEqual([[created.data.uri, created.data.cid, text]]);

    // A record that does not exist is 400 RecordNotFound, not 404.
    await expect(
      reader.com.atproto.repo.getRecord({ repo: account.did, collection: "app.bsky.feed.post", rkey: TID.nextStr() }),
    ).rejects.toMatchObject({ status: 400, error: "RecordNotFound" });
  });
});

describe.skipIf(serversOff)("snac2 (Mastodon API)", () => {
  // The last user belongs to this file; other test files take the others.
  let url = "";
  let token = "";
  beforeAll(() => {
    const snac = inject("snac");
    const user = snac.users.at(-1);
    if (!user) throw new Error("global setup provided no snac users");
    url = snac.url;
    token = user.token;
  });
  const client = () => createRestAPIClient({ url, accessToken: token });
  const get = (path: string, accessToken = token) =>
    fetch(new URL(path, url), { headers: { authorization: `Bearer ${accessToken}` } });

  it("posts a status, a reply and an image with a description, reads them back and deletes one", async () => {
    const masto = client();
    const first = await masto.v1.statuses.create({ status: "Hällo 👋 **fett**\nzweite Zeile https://example.org/?a=1&b=2" });
    const reply = await masto.v1.statuses.create({ status: "Die Antwort", inReplyToId: first.id });

    // snac has no asynchronous media processing: url is set at once. masto's default polls
    // GET /api/v1/media/:id, which snac 2.96 has; skipPolling saves the round trip (older snac lacks it).
    const media = await masto.v2.media.create({
      file: new Blob([new Uint8Array(await tinyPng("#c33"))], { type: "image/png" }),
      description: "Ein rotes Quadrat mit ä",
      skipPolling: true,
    });
    expect(media.url).toMatch(/^http:\/\//);
    expect(media.description).toBe("Ein rotes Quadrat mit ä");
    const withImage = await masto.v1.statuses.create({ status: "Mit Bild", mediaIds: [media.id] });

    const statuses = await readSnacStatuses(url, token);
    const ids = statuses.map((status) => status.id);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(reply.id));
    expect(ids.indexOf(reply.id)).toBeLessThan(ids.indexOf(withImage.id));
    const byId = new Map(statuses.map((status) => [status.id, status]));

    // content is HTML rendered from the text: snac applies Markdown-ish formatting (**bold**, *italic*,
    // `code`, [text](url)), turns URLs and #tags into links, newlines into <br>, and does NOT escape
    // HTML: "<b>" or "&amp;" in the text go out as markup. Plain text has to be escaped by the publisher.
    const firstRead = byId.get(first.id)!;
    expect(firstRead.content).toContain("Hällo 👋 <b>fett</b><br>zweite Zeile");
    expect(firstRead.content).toContain('<a href="https://example.org/?a=1&b=2"');
    expect(firstRead.text).toBe("Hällo 👋 **fett**\nzweite Zeile https://example.org/?a=1&b=2");
    expect(byId.get(reply.id)?.in_reply_to_id).toBe(first.id);

    // Attachments inside a status get new ids ("<status uri>_0"), not the media id.
    const attachments = byId.get(withImage.id)?.media_attachments ?? [];
    expect(attachments.map(({ type, url: mediaUrl, description }) => ({ type, url: mediaUrl, description }))).toEqual([
      { type: "image", url: media.url, description: "Ein rotes Quadrat mit ä" },
    ]);

    // Delete answers 200 with the deleted status; afterwards the status is a 404 (an HTML page).
    const deleted = await masto.v1.statuses.$select(reply.id).remove();
    expect(deleted.id).toBe(reply.id);
    const gone = await get(`/api/v1/statuses/${reply.id}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toMatch(/^text\/html/);
    expect((await readSnacStatuses(url, token)).map((status) => status.id)).not.toContain(reply.id);
  });

  it("reports its limits on /api/v1/instance only", async () => {
    // snac 2.96: /api/v2/instance is 404 with an HTML page. /api/v1/instance has
    // configuration.statuses = { max_characters: 100000, max_media_attachments: 4,
    // characters_reserved_per_url: 32 } and media_attachments.image_size_limit 16777216 (16 MiB),
    // supported_mime_types including image/png, image/jpeg, image/webp, image/gif, image/avif.
    expect((await get("/api/v2/instance")).status).toBe(404);
    const instance = (await (await get("/api/v1/instance")).json()) as {
      version: string;
      configuration: { statuses: { max_characters: number; max_media_attachments: number } };
    };
    expect(instance.version).toContain("snac");
    expect(instance.configuration.statuses.max_characters).toBeGreaterThanOrEqual(500);
    expect(instance.configuration.statuses.max_media_attachments).toBeGreaterThanOrEqual(4);
  });

  it("answers errors with HTML or empty bodies, which masto turns into a TypeError", async () => {
    // An invalid token: GET verify_credentials is 422 and POST /api/v1/statuses 401, both with an empty
    // text/html body (not 401 + JSON {"error"} like Mastodon).
    const bad = await get("/api/v1/accounts/verify_credentials", "not-a-token");
    expect(bad.ok).toBe(false);
    expect(bad.headers.get("content-type")).toMatch(/^text\/html/);
    const badPost = await fetch(new URL("/api/v1/statuses", url), {
      method: "POST",
      headers: { authorization: "Bearer not-a-token", "content-type": "application/json" },
      body: JSON.stringify({ status: "x" }),
    });
    expect(badPost.status).toBe(401);
    expect(await badPost.text()).toBe("");

    // masto 8 tries to read {"error"} from the body and throws a TypeError without the status code
    // instead of a MastoHttpError: the publisher must not depend on masto's error class for snac.
    await expect(createRestAPIClient({ url, accessToken: "not-a-token" }).v1.accounts.verifyCredentials()).rejects.toThrow(
      TypeError,
    );
    await expect(client().v1.statuses.$select("does-not-exist").fetch()).rejects.toThrow(TypeError);
  });

  it("does not honour Idempotency-Key and ignores language", async () => {
    // Only the tool's ledger can prevent a duplicate after a lost answer; the status language is
    // always the account's ("en").
    const post = () =>
      fetch(new URL("/api/v1/statuses", url), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": "same-key" },
        body: JSON.stringify({ status: "Zweimal gesendet", language: "de" }),
      }).then((response) => response.json() as Promise<{ id: string; language: string }>);
    const one = await post();
    const two = await post();
    expect(two.id).not.toBe(one.id);
    expect(one.language).toBe("en");
  });
});
