import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/state/ledger.js";
import { tempDir } from "../helpers/tmp.js";

const base = { v: 1 as const, notice: "n1", channel: "c", platform: "mastodon" };

describe("ledger", () => {
  it("folds intent, result, failure and deletion per channel and post", async () => {
    const ledger = new Ledger(tempDir());
    await ledger.append({ ...base, at: "t1", index: 0, type: "intent", key: "k0", content: "h" });
    await ledger.append({ ...base, at: "t2", index: 0, type: "published", key: "k0", content: "h", id: "1", url: "https://x/1" });
    await ledger.append({ ...base, at: "t3", index: 1, type: "intent", key: "k1", content: "h" });
    const state = (await ledger.state("n1")).get("c")!;
    expect(state.get(0)!.published).toMatchObject({ id: "1", url: "https://x/1" });
    expect(state.get(1)!.intent).toMatchObject({ key: "k1" });
    expect(state.get(1)!.published).toBeUndefined();
    await ledger.append({ ...base, at: "t4", index: 0, type: "deleted", id: "1" });
    expect((await ledger.state("n1")).get("c")!.get(0)!.published).toBeUndefined();
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
