/**
 * Splitting a long text costs work in proportion to its length: counted as the characters handed to the
 * platform's measure (not timed), for a text and one four times as long, with URLs and hashtags in it.
 */
import { describe, expect, it } from "vitest";
import { graphemeLength } from "../../src/render/measure.js";
import { splitIntoThread } from "../../src/render/thread.js";

function text(kib: number): string {
  const paragraphs: string[] = [];
  for (let i = 0, size = 0; size < kib * 1024; i++) {
    const paragraph = `Absatz ${i}: Die Stadt informiert über Sperrungen und Umleitungen rund um die Baustelle. Auskunft gibt https://www.example-stadt.de/baustellen/${i} #StadtInfo. Bitte planen Sie mehr Zeit ein.`;
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return paragraphs.join("\n\n");
}

/** The posts of a split, and how many characters were measured to find them. */
function split(kib: number): { posts: number; measured: number; length: number } {
  const whole = text(kib);
  let measured = 0;
  const fits = (t: string) => {
    measured += t.length;
    return graphemeLength(t) <= 300;
  };
  return { posts: splitIntoThread({ text: whole, spans: [] }, fits, "de").length, measured, length: whole.length };
}

describe("splitting a long text into a thread", () => {
  it("measures a bounded multiple of the text, the same for 32 KB and 128 KB", () => {
    const small = split(32);
    const large = split(128);
    expect(large.posts).toBeGreaterThan(3 * small.posts);
    // Each post measures only texts about as long as a post, a few times over (galloping, then halving, for each width of the "i/n" marker tried).
    const perCharacter = [small, large].map((s) => s.measured / s.length);
    for (const ratio of perCharacter) expect(ratio).toBeLessThan(80);
    // Linear: four times the text, about four times the work (quadratic work would be sixteen times).
    expect(large.measured / small.measured).toBeLessThan(5);
  });
});
