/** The platform contract (src/platforms/platform.ts), the registry (src/platforms/index.ts) and the helpers every publisher shares. */
import { describe, expect, expectTypeOf, it } from "vitest";
import { bluesky, type BlueskyPost } from "../../src/platforms/bluesky/index.js";
import { isPlatformId, platformById, platformIds, platforms, type PlatformId, type PostOf } from "../../src/platforms/index.js";
import { instagram } from "../../src/platforms/instagram/index.js";
import { linkedin, type LinkedInPost } from "../../src/platforms/linkedin/index.js";
import { mastodonPublisher } from "../../src/platforms/mastodon/client.js";
import { mastodon, type MastodonPost } from "../../src/platforms/mastodon/index.js";
import type { Connection, PostToSend, RenderResult } from "../../src/platforms/platform.js";
import { allInOrder, madeSince } from "../../src/platforms/shared/request.js";
import type { ThreadsPost } from "../../src/platforms/threads/index.js";

describe("allInOrder", () => {
  it("waits for all at once and keeps the order of the results", async () => {
    const later = new Promise<string>((resolve) => setTimeout(() => resolve("a"), 20));
    expect(await allInOrder([later, Promise.resolve(2)] as const)).toEqual(["a", 2]);
  });

  it("fails with the first rejection in the given order, not the first in time", async () => {
    const slowFirst = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("first")), 20));
    const fastSecond = Promise.reject(new Error("second"));
    await expect(allInOrder([slowFirst, fastSecond] as const)).rejects.toThrow("first");
  });
});

describe("madeSince", () => {
  const since = new Date("2026-11-25T10:00:00Z");
  it("takes posts from the attempt's start on, with five minutes for clock differences", () => {
    expect(madeSince("2026-11-25T10:00:01Z", since)).toBe(true);
    expect(madeSince("2026-11-25T09:56:00Z", since)).toBe(true);
    expect(madeSince("2026-11-25T09:54:00Z", since)).toBe(false);
    expect(madeSince(new Date("2026-11-18T10:00:00Z"), since)).toBe(false);
  });
  it("keeps a post whose time is unknown", () => {
    expect(madeSince(undefined, since)).toBe(true);
    expect(madeSince("not a date", since)).toBe(true);
  });
});

describe("the registry", () => {
  it("lists each platform once, under the id it says", () => {
    expect(platformIds).toEqual(platforms.map((p) => p.id));
    expect(new Set(platformIds).size).toBe(platforms.length);
    for (const id of platformIds) expect(platformById(id).id).toBe(id);
    expect(isPlatformId("mastodon")).toBe(true);
    expect(isPlatformId("myspace")).toBe(false);
  });

  it.each(platformIds)("%s publishes: its publishing code loads and offers connect", async (id) => {
    const publisher = await platformById(id).publisher();
    expect(typeof publisher.connect).toBe("function");
  });

  it("lets each platform say what preview shows of its post, from the typed fields", () => {
    const base = { text: "Hallo", length: 5, limit: 500, unit: "characters", images: [] };
    expect(mastodon.details({ ...base, language: "de", spoilerText: "CW", visibility: "unlisted" })).toEqual({ fields: { language: "de", spoiler_text: "CW", visibility: "unlisted" } });
    expect(bluesky.details({ ...base, facets: [], bytes: 5, langs: ["de"], linkCard: "https://s.example/" })).toEqual({ facets: [], linkCard: "https://s.example/", fields: { langs: ["de"], bytes: 5 } });
    expect(linkedin.details({ ...base, text: "Leitung \\(m/w/d\\)", article: { source: "https://s.example/", title: "Titel" } })).toEqual({ linkCard: "https://s.example/", shownText: "Leitung (m/w/d)" });
    expect(instagram.details(base)).toEqual({});
  });
});

describe("types", () => {
  it("PlatformId is the registry's ids", () => {
    expectTypeOf<PlatformId>().toEqualTypeOf<"mastodon" | "bluesky" | "facebook" | "instagram" | "linkedin" | "threads" | "website">();
    expectTypeOf(platformIds).toEqualTypeOf<readonly PlatformId[]>();
    expectTypeOf(platformById).parameter(0).toEqualTypeOf<PlatformId>();
  });

  it("a platform's render result is its own Post type, and its connection publishes that type", () => {
    expectTypeOf(mastodon.render).returns.toEqualTypeOf<RenderResult<MastodonPost>>();
    expectTypeOf(bluesky.render).returns.toEqualTypeOf<RenderResult<BlueskyPost>>();
    expectTypeOf<PostOf<"threads">>().toEqualTypeOf<ThreadsPost>();
    expectTypeOf<PostOf<"linkedin">>().toEqualTypeOf<LinkedInPost>();
    type MastodonConnection = Awaited<ReturnType<typeof mastodonPublisher.connect>>;
    expectTypeOf<MastodonConnection>().toEqualTypeOf<Connection<MastodonPost>>();
    expectTypeOf<MastodonConnection["publish"]>().parameter(0).toEqualTypeOf<PostToSend<MastodonPost>>();
    // A Mastodon post's language is a typed field, not an entry of an untyped bag.
    expectTypeOf<MastodonPost["language"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MastodonPost>().not.toHaveProperty("fields");
  });
});
