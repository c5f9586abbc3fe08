/**
 * The shared parts of reconciliation: comparing a text as a platform stores it with the planned one, and
 * reading a listing back until it is older than the attempt.
 */
import { describe, expect, it } from "vitest";
import { PublishError } from "../../../src/problems.js";
import { comparableText, pageBack, sameText } from "../../../src/platforms/shared/find.js";

describe("sameText", () => {
  const planned = "Sperrung der Kampstraße\n\nUmleitung über die Ringstraße.\nMehr: https://example.org/a #StadtInfo";

  it("finds the text whatever the platform did to its line breaks and whitespace", () => {
    expect(sameText(planned, planned)).toBe(true);
    // Multipart form data (a Facebook photo caption): every line break is CRLF.
    expect(sameText(planned.replace(/\n/g, "\r\n"), planned)).toBe(true);
    // Old Mac line breaks, trimmed or padded, tabs and no-break spaces.
    expect(sameText(planned.replace(/\n/g, "\r"), planned)).toBe(true);
    expect(sameText(`  ${planned}\n`, planned)).toBe(true);
    expect(sameText(planned.replace(/ /g, "\u00a0").replace("\n\n", "\n \t\n"), planned)).toBe(true);
    // HTML read back as text (Mastodon): paragraphs and link spans become spaces.
    expect(sameText("Sperrung der Kampstraße Umleitung über die Ringstraße. Mehr: https:// example.org/a #StadtInfo", planned)).toBe(true);
  });

  it("compares in Unicode NFC: a decomposed umlaut is the same letter", () => {
    const decomposed = planned.normalize("NFD");
    expect(decomposed).not.toBe(planned);
    expect(sameText(decomposed, planned)).toBe(true);
    expect(comparableText(decomposed)).toBe(comparableText(planned));
  });

  it("does not take another text for it", () => {
    expect(sameText(planned.replace("Kampstraße", "Hafenstraße"), planned)).toBe(false);
    expect(sameText(planned.slice(0, -1), planned)).toBe(false);
    expect(sameText(`${planned} 2/3`, planned)).toBe(false);
    expect(sameText(planned.toUpperCase(), planned)).toBe(false);
    expect(sameText(undefined, planned)).toBe(false);
    expect(sameText(null, planned)).toBe(false);
    expect(sameText("", planned)).toBe(false);
  });
});

describe("pageBack", () => {
  type Item = { id: number; text: string; at?: string };
  const since = new Date("2026-12-05T08:00:00Z");
  const minutes = (m: number) => new Date(since.getTime() + m * 60_000).toISOString();
  /** A listing, newest first, in pages of `size`; records which pages were read. */
  const listing = (items: Item[], size: number) => {
    const read: number[] = [];
    return {
      read,
      page: async (cursor: number | undefined) => {
        const start = cursor ?? 0;
        read.push(start);
        const page = items.slice(start, start + size);
        return { items: page, next: start + size < items.length ? start + size : undefined };
      },
    };
  };
  const find = (items: Item[], text: string, options: { size?: number; maxPages?: number } = {}) => {
    const l = listing(items, options.size ?? 10);
    const result = pageBack<Item, number>({ label: "Test", since, maxPages: options.maxPages ?? 25, page: l.page, created: (i) => i.at, matches: (i) => sameText(i.text, text) });
    return { result, read: l.read };
  };
  /** `count` other posts made since the attempt, newest first, then the post, then older posts. */
  const busy = (count: number, post: Item, older: Item[] = []): Item[] => [
    ...Array.from({ length: count }, (_, i) => ({ id: 1000 + i, text: `Andere Meldung ${i}`, at: minutes(30 - i * 0.1) })),
    post,
    ...older,
  ];

  it("reads back page by page until it finds the post", async () => {
    const post = { id: 1, text: "Die Meldung\r\nmit Absatz", at: minutes(1) };
    const { result, read } = find(busy(70, post), "Die Meldung\nmit Absatz");
    expect(await result).toBe(post);
    expect(read).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it("stops at the first page that reaches back before the attempt (allowing 5 minutes of clock skew): the post is not there", async () => {
    const older = Array.from({ length: 50 }, (_, i) => ({ id: i, text: "Die Meldung", at: minutes(-6 - i) }));
    const { result, read } = find(busy(15, { id: 1, text: "Etwas anderes", at: minutes(1) }, older), "Die Meldung");
    // Last week's identical reminder is older than the attempt: never taken for this post.
    expect(await result).toBeUndefined();
    expect(read).toEqual([0, 10]);
  });

  it("a post made within the clock skew before the attempt counts", async () => {
    const post = { id: 1, text: "Die Meldung", at: minutes(-4) };
    expect(await find(busy(12, post), "Die Meldung").result).toBe(post);
  });

  it("ends with the listing; an empty listing has no post", async () => {
    expect(await find(busy(23, { id: 1, text: "Etwas anderes", at: minutes(1) }), "Die Meldung").result).toBeUndefined();
    expect(await find([], "Die Meldung").result).toBeUndefined();
  });

  it("items without a time may be the post, and do not end the search", async () => {
    const post = { id: 1, text: "Die Meldung" };
    const undated = Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, text: `Ohne Zeit ${i}` }));
    expect(await find([...undated, post], "Die Meldung").result).toBe(post);
  });

  it("more posts since the attempt than it reads is an unknown outcome, never 'not there'", async () => {
    const { result, read } = find(busy(100, { id: 1, text: "Die Meldung", at: minutes(1) }), "Die Meldung", { maxPages: 5 });
    const error = await result.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ kind: "unknown", code: "RECONCILE_INCOMPLETE" });
    expect((error as PublishError).message).toContain("Test lists more posts");
    expect(read).toHaveLength(5);
  });
});
