/**
 * The lookups of thread splitting that run once per break candidate or once per text: the same answers as
 * the plain definitions (every range checked; the text with its hashtags blanked out, trimmed), for any input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findHashtags } from "../../src/render/measure.js";
import { hashtagTail, insideAnyOf } from "../../src/render/thread.js";

describe("insideAnyOf", () => {
  it("says what a check of every range says (strictly inside; touching ranges leave their common end outside)", () => {
    const range = fc.tuple(fc.nat(200), fc.nat(40)).map(([start, length]) => [start, start + length] as [number, number]);
    fc.assert(
      fc.property(fc.array(range, { maxLength: 30 }), fc.array(fc.nat(260), { maxLength: 50 }), (ranges, positions) => {
        const inside = insideAnyOf(ranges);
        for (const pos of positions) expect(inside(pos), `${pos} in ${JSON.stringify(ranges)}`).toBe(ranges.some(([s, e]) => pos > s && pos < e));
      }),
    );
    const touching = insideAnyOf([
      [1, 5],
      [5, 9],
    ]);
    expect([1, 3, 5, 7, 9].map(touching)).toEqual([false, true, false, true, false]);
  });
});

describe("hashtagTail", () => {
  it("is where the text would end with every hashtag blanked out (the whole length when nothing else is left)", () => {
    const piece = fc.constantFrom("Sperrung", "Straße", " ", "\n", "\n\n", "#StadtInfo", "#Bau_2026", "#", "https://example.org/#a", ".", ":", "ä");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }).map((p) => p.join("")), (text) => {
        let masked = text;
        for (const tag of findHashtags(text)) masked = masked.slice(0, tag.start) + " ".repeat(tag.end - tag.start) + masked.slice(tag.end);
        const content = masked.trimEnd().length;
        expect(hashtagTail(text), JSON.stringify(text)).toBe(content === 0 ? text.length : content);
      }),
      { numRuns: 500 },
    );
  });
});
