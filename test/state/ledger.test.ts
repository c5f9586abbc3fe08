import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { channelState } from "../../src/state/channel-state.js";
import { Ledger } from "../../src/state/ledger.js";
import { tempDir } from "../helpers/tmp.js";

const base = { v: 1 as const, notice: "n1", channel: "c", platform: "mastodon" };

describe("ledger", () => {
  it("hands each channel its records, oldest first, for the one reading of them", async () => {
    const ledger = new Ledger(tempDir());
    await ledger.append({ ...base, at: "t1", index: 0, type: "intent", key: "k0", content: "h" });
    await ledger.append({ ...base, channel: "d", at: "t2", index: 0, type: "intent", key: "x", content: "h" });
    await ledger.append({ ...base, at: "t3", index: 0, type: "published", key: "k0", content: "h", id: "1", url: "https://x/1" });
    await ledger.append({ ...base, at: "t4", index: 1, type: "intent", key: "k1", content: "h" });
    const channels = await ledger.channels("n1");
    expect([...channels.keys()]).toEqual(["c", "d"]);
    expect(channels.get("c")!.map((r) => `${r.type}@${r.at}`)).toEqual(["intent@t1", "published@t3", "intent@t4"]);
    const state = channelState(channels.get("c")!, { content: "h" });
    expect(state.posts).toMatchObject([{ index: 0, id: "1", url: "https://x/1" }]);
    expect(state.attempts).toMatchObject([{ index: 1, key: "k1", outcome: "unknown" }]);
  });

  it("calls its write hook just before and just after each record is on disk", async () => {
    const seen: string[] = [];
    const ledger = new Ledger(tempDir(), (moment) => seen.push(`${moment}:${existsSync(ledger.fileOf("n1")) ? readFileSync(ledger.fileOf("n1"), "utf8").split("\n").filter(Boolean).length : 0}`));
    await ledger.append({ ...base, at: "t1", index: 0, type: "intent", key: "k0", content: "h" });
    await ledger.append({ ...base, at: "t2", index: 0, type: "published", key: "k0", content: "h", id: "1" });
    expect(seen).toEqual(["before:0", "after:1", "before:1", "after:2"]);
  });

  it("stays readable after a crash in the middle of a line, and the next record starts on a fresh line", async () => {
    const dir = tempDir();
    const ledger = new Ledger(dir);
    await ledger.append({ ...base, at: "t1", index: 0, type: "intent", key: "k0", content: "h" });
    appendFileSync(ledger.fileOf("n1"), '{"v":1,"at":"t2","notice":"n1","chan'); // torn write
    expect(await ledger.records("n1")).toHaveLength(1);
    await ledger.append({ ...base, at: "t3", index: 0, type: "published", key: "k0", content: "h", id: "1" });
    const records = await ledger.records("n1");
    expect(records.map((r) => r.type)).toEqual(["intent", "published"]);
    expect(readFileSync(path.join(dir, "ledger", "n1.jsonl"), "utf8").split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("keeps one file per notice", async () => {
    const dir = tempDir();
    const ledger = new Ledger(dir);
    await ledger.append({ ...base, notice: "a", at: "t", index: 0, type: "intent", key: "k", content: "h" });
    await ledger.append({ ...base, notice: "b", at: "t", index: 0, type: "intent", key: "k", content: "h" });
    expect(await ledger.records("a")).toHaveLength(1);
    expect(ledger.fileOf("b")).toBe(path.join(dir, "ledger", "b.jsonl"));
  });
});
