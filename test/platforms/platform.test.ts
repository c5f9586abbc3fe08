/** Helpers every publisher shares (src/platforms/platform.ts). */
import { describe, expect, it } from "vitest";
import { allInOrder, madeSince } from "../../src/platforms/platform.js";

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
