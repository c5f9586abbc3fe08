/** The crash tests' write hook: made from a run's environment, counting that run's ledger writes only. */
import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { crashHook, Ledger } from "../../src/state/ledger.js";
import { tempDir } from "../helpers/tmp.js";

const record = (index: number) => ({ v: 1 as const, at: "2026-11-29T08:00:00.000Z", notice: "n", channel: "c", platform: "mastodon", index, type: "intent" as const, key: `k${index}`, content: "h" });

afterEach(() => vi.restoreAllMocks());

describe("crashHook", () => {
  it("is no hook without ANNOUNCE_TEST_CRASH", () => {
    expect(crashHook({})).toBeUndefined();
  });

  it("kills the process just after the N-th write of its run, and each run counts its own writes", async () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    const dir = tempDir();
    const first = new Ledger(dir, crashHook({ ANNOUNCE_TEST_CRASH: "after:2" }));
    await first.append(record(0));
    expect(kill).not.toHaveBeenCalled();
    await first.append(record(1));
    expect(kill).toHaveBeenCalledTimes(1);
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGKILL");
    expect(await first.records("n")).toHaveLength(2);
    // A second run starts at zero again: no counter is shared between runs.
    const second = new Ledger(dir, crashHook({ ANNOUNCE_TEST_CRASH: "after:2" }));
    await second.append(record(2));
    expect(kill).toHaveBeenCalledTimes(1);
  });

  it("kills the process just before the N-th write: at that moment the record is not on disk", async () => {
    const ledger = new Ledger(tempDir(), crashHook({ ANNOUNCE_TEST_CRASH: "before:2" }));
    const lines = () => (existsSync(ledger.fileOf("n")) ? readFileSync(ledger.fileOf("n"), "utf8").split("\n").filter(Boolean).length : 0);
    const seen: number[] = [];
    vi.spyOn(process, "kill").mockImplementation(() => (seen.push(lines()), true));
    await ledger.append(record(0));
    await ledger.append(record(1));
    // The spy cannot stop the write the way SIGKILL does; what it shows is where the kill comes.
    expect(seen).toEqual([1]);
  });
});
