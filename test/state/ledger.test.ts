import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { channelState } from "../../src/state/channel-state.js";
import { Ledger } from "../../src/state/ledger.js";
import { InvalidInputError } from "../../src/problems.js";
import { tempDir } from "../helpers/tmp.js";

const base = { v: 1 as const, notice: "n1", channel: "c", platform: "mastodon" };
/** The n-th minute of a morning, as the ledger writes times. */
const t = (n: number) => `2026-11-29T08:0${n}:00.000Z`;

describe("ledger", () => {
  it("hands each channel its records, oldest first, for the one reading of them", async () => {
    const ledger = new Ledger(tempDir());
    await ledger.append({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
    await ledger.append({ ...base, channel: "d", at: t(2), index: 0, type: "intent", key: "x", content: "h" });
    await ledger.append({ ...base, at: t(3), index: 0, type: "published", key: "k0", content: "h", id: "1", url: "https://x/1" });
    await ledger.append({ ...base, at: t(4), index: 1, type: "intent", key: "k1", content: "h" });
    const channels = await ledger.channels("n1");
    expect([...channels.keys()]).toEqual(["c", "d"]);
    expect(channels.get("c")!.map((r) => `${r.type}@${r.at}`)).toEqual([`intent@${t(1)}`, `published@${t(3)}`, `intent@${t(4)}`]);
    const state = channelState(channels.get("c")!, { content: "h" });
    expect(state.posts).toMatchObject([{ index: 0, id: "1", url: "https://x/1" }]);
    expect(state.attempts).toMatchObject([{ index: 1, key: "k1", outcome: "unknown" }]);
  });

  it("calls its write hook just before and just after each record is on disk", async () => {
    const seen: string[] = [];
    const ledger = new Ledger(tempDir(), (moment) => seen.push(`${moment}:${existsSync(ledger.fileOf("n1")) ? readFileSync(ledger.fileOf("n1"), "utf8").split("\n").filter(Boolean).length : 0}`));
    await ledger.append({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
    await ledger.append({ ...base, at: t(2), index: 0, type: "published", key: "k0", content: "h", id: "1" });
    expect(seen).toEqual(["before:0", "after:1", "before:1", "after:2"]);
  });

  it("stays readable after a crash in the middle of a line, and the next record starts on a fresh line", async () => {
    const dir = tempDir();
    const ledger = new Ledger(dir);
    await ledger.append({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
    appendFileSync(ledger.fileOf("n1"), '{"v":1,"at":"t2","notice":"n1","chan'); // torn write
    expect(await ledger.records("n1")).toHaveLength(1);
    await ledger.append({ ...base, at: t(3), index: 0, type: "published", key: "k0", content: "h", id: "1" });
    const records = await ledger.records("n1");
    expect(records.map((r) => r.type)).toEqual(["intent", "published"]);
    expect(readFileSync(path.join(dir, "ledger", "n1.jsonl"), "utf8").split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("keeps one file per notice", async () => {
    const dir = tempDir();
    const ledger = new Ledger(dir);
    await ledger.append({ ...base, notice: "a", at: t(0), index: 0, type: "intent", key: "k", content: "h" });
    await ledger.append({ ...base, notice: "b", at: t(0), index: 0, type: "intent", key: "k", content: "h" });
    expect(await ledger.records("a")).toHaveLength(1);
    expect(ledger.fileOf("b")).toBe(path.join(dir, "ledger", "b.jsonl"));
  });

  it("keeps a torn last line torn through an append: closed with the mark, still skipped, never damage", async () => {
    const ledger = new Ledger(tempDir());
    await ledger.append({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
    appendFileSync(ledger.fileOf("n1"), '{"v":1,"at":"2026-11-29T08:02:00.000Z","notice":"n1","channel":"c","platform":"mastodon","index":0,"type":"publ');
    await ledger.append({ ...base, at: t(3), index: 0, type: "failed", key: "k0", code: "X", message: "m", kind: "unknown" });
    // A crash again, mid-way through the next record, and another append after it.
    appendFileSync(ledger.fileOf("n1"), '{"v":1,"at":"2026-11-29T08:0');
    await ledger.append({ ...base, at: t(5), index: 0, type: "published", key: "k0", content: "h", id: "1" });
    expect((await ledger.records("n1")).map((r) => `${r.type}@${r.at}`)).toEqual([`intent@${t(1)}`, `failed@${t(3)}`, `published@${t(5)}`]);
    const lines = readFileSync(ledger.fileOf("n1"), "utf8").split("\n");
    expect(lines[1]).toMatch(/"type":"publ {2}<- torn write/);
    expect(lines[3]).toMatch(/^\{"v":1,"at":"2026-11-29T08:0 {2}<- torn write/);
  });

  it("closes a whole record that lost only its line end with a bare line end: it still counts", async () => {
    const ledger = new Ledger(tempDir());
    const published = { ...base, at: t(1), index: 0, type: "published", key: "k0", content: "h", id: "1" };
    mkdirSync(path.dirname(ledger.fileOf("n1")), { recursive: true });
    writeFileSync(ledger.fileOf("n1"), JSON.stringify(published));
    expect(await ledger.records("n1")).toEqual([published]);
    await ledger.append({ ...base, at: t(2), index: 1, type: "intent", key: "k1", content: "h" });
    expect((await ledger.records("n1")).map((r) => r.type)).toEqual(["published", "intent"]);
    expect(readFileSync(ledger.fileOf("n1"), "utf8")).not.toContain("torn");
  });

  it("an append only adds bytes, also after a line without its line end: it may be another writer's, half-written", async () => {
    // The channels of one run append to the notice's ledger at once, and the audit log and approvals are
    // not locked: what looks torn may be a line still being written, and must never be cut off.
    const ledger = new Ledger(tempDir());
    await ledger.append({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
    appendFileSync(ledger.fileOf("n1"), '{"v":1,"at":"2026-11-29T08:02:00.000Z","notice":"n1"');
    const before = readFileSync(ledger.fileOf("n1"));
    await ledger.append({ ...base, at: t(3), index: 1, type: "intent", key: "k1", content: "h" });
    const after = readFileSync(ledger.fileOf("n1"));
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
  });
});

describe("a damaged ledger", () => {
  const good = JSON.stringify({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
  const published = JSON.stringify({ ...base, at: t(2), index: 0, type: "published", key: "k0", content: "h", id: "1" });
  /** A ledger file with these lines (each with its line end), and what reading it throws. */
  const damage = async (lines: string[]) => {
    const ledger = new Ledger(tempDir());
    mkdirSync(path.dirname(ledger.fileOf("n1")), { recursive: true });
    writeFileSync(ledger.fileOf("n1"), lines.map((l) => l + "\n").join(""));
    const error = await ledger.records("n1").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    return { file: ledger.fileOf("n1"), problems: (error as InvalidInputError).problems, channels: () => ledger.channels("n1") };
  };

  it.each([
    ["an unparseable line that is not the last", "published, by hand {", /line 2 is not JSON/],
    ["a line cut off in the middle (a torn line closed with a bare line end)", '{"v":1,"at":"2026-11-29T08:02:00.000Z","notice":"n1","chan', /line 2 is cut off/],
    ["null", "null", /line 2 is null, not a record/],
    ["a number", "42", /line 2 is a number, not a record/],
    ["a string", '"published"', /line 2 is a string, not a record/],
    ["an array", "[]", /line 2 is an array, not a record/],
    ["a record without the fields of its type", JSON.stringify({ ...base, at: t(2), index: 0, type: "published", key: "k0", content: "h" }), /line 2 has no id/],
    ["an unknown type", JSON.stringify({ ...base, at: t(2), index: 0, type: "posted", key: "k0" }), /line 2 has an unknown type "posted"/],
    ["no type", JSON.stringify({ ...base, at: t(2), index: 0, key: "k0" }), /line 2 has an unknown type \(none\)/],
    ["a wrong version", JSON.stringify({ ...base, v: 2, at: t(2), index: 0, type: "intent", key: "k0", content: "h" }), /line 2 has version 2/],
    ["a time that is not one", JSON.stringify({ ...base, at: "gestern", index: 0, type: "intent", key: "k0", content: "h" }), /line 2 has an invalid at/],
    ["a negative index", JSON.stringify({ ...base, at: t(2), index: -1, type: "intent", key: "k0", content: "h" }), /line 2 has an invalid index/],
  ])("%s: LEDGER_DAMAGED with the file, the line, what is wrong and how to repair it", async (_what, line, what) => {
    const { file, problems, channels } = await damage([good, line, published]);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ code: "LEDGER_DAMAGED", location: { file, line: 2 } });
    expect(problem!.message).toMatch(what);
    expect(problem!.message).toContain("notice n1");
    expect(problem!.hint).toMatch(/version control/);
    expect(problem!.hint).toMatch(/announce status/);
    // Every reading of the ledger stops, not only the list of records.
    await expect(channels()).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("a damaged last line that has its line end is damage too; every damaged line is named", async () => {
    const { problems } = await damage(["null", good, "{oops", published, "7"]);
    expect(problems.map((p) => p.location?.line)).toEqual([1, 3, 5]);
  });

  it("an unterminated last line that parses but is no record is damage, not a torn write", async () => {
    const ledger = new Ledger(tempDir());
    mkdirSync(path.dirname(ledger.fileOf("n1")), { recursive: true });
    writeFileSync(ledger.fileOf("n1"), `${good}\nnull`);
    await expect(ledger.records("n1")).rejects.toMatchObject({ problems: [{ code: "LEDGER_DAMAGED", location: { line: 2 } }] });
  });

  it("a torn line closed by an append still reads as torn after a checkout turned line ends into CRLF", async () => {
    const ledger = new Ledger(tempDir());
    await ledger.append({ ...base, at: t(1), index: 0, type: "intent", key: "k0", content: "h" });
    appendFileSync(ledger.fileOf("n1"), '{"v":1,"at":"2026-11-29T08:0');
    await ledger.append({ ...base, at: t(3), index: 0, type: "published", key: "k0", content: "h", id: "1" });
    writeFileSync(ledger.fileOf("n1"), readFileSync(ledger.fileOf("n1"), "utf8").replaceAll("\n", "\r\n"));
    expect((await ledger.records("n1")).map((r) => r.type)).toEqual(["intent", "published"]);
  });

  it("empty lines and a torn last line are not damage", async () => {
    const ledger = new Ledger(tempDir());
    mkdirSync(path.dirname(ledger.fileOf("n1")), { recursive: true });
    writeFileSync(ledger.fileOf("n1"), `${good}\n\n   \n${published}\n{"v":1,"at":"2026-11-29T08:0`);
    expect((await ledger.records("n1")).map((r) => r.type)).toEqual(["intent", "published"]);
  });
});
