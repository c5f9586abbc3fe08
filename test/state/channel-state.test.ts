/**
 * The one reading of the ledger, as a table: the records of one channel in, its state out. Each row is a
 * situation the process-level suites (crash, faults, quota, due, delete) bring about with real runs.
 */
import { describe, expect, it } from "vitest";
import { channelState, type ChannelState } from "../../src/state/channel-state.js";
import type { LedgerRecord } from "../../src/state/ledger.js";

type Entry = LedgerRecord extends infer R ? (R extends LedgerRecord ? Omit<R, "v" | "notice" | "channel" | "platform" | "at"> & { at?: string } : never) : never;

/** Records of channel `c` of notice `n`, at t01, t02, … unless a row says otherwise. */
function ledger(...entries: Entry[]): LedgerRecord[] {
  return entries.map((e, i) => ({ v: 1, notice: "n", channel: "c", platform: "mastodon", at: `t${String(i + 1).padStart(2, "0")}`, ...e }) as LedgerRecord);
}
const intent = (index: number, content = "v1", key = `k${index}`, total?: number): Entry => ({ type: "intent", index, key, content, total });
const published = (index: number, content = "v1", total?: number): Entry => ({ type: "published", index, key: `k${index}`, content, id: `id${index}`, url: `https://x/${index}`, total });
const failed = (index: number, code: string, kind?: "transient" | "unknown" | "permanent"): Entry => ({ type: "failed", index, key: `k${index}`, code, message: `${code} happened`, kind });
const deleted = (index: number, manual?: boolean): Entry => ({ type: "deleted", index, id: `id${index}`, manual });
const skipped = (content = "v1"): Entry => ({ type: "skipped", index: 0, content, reason: "kein Bild" });
const correction = (version: number, from: string, to: string, how: "edit" | "reply" | "replace", thread: number[], base: number, total: number): Entry => ({ type: "correction", index: 0, version, from, to, how, thread, base, total });
const edited = (index: number, content: string, version: number, total: number): Entry => ({ type: "edited", index, id: `id${index}`, content, version, total });

interface Row {
  name: string;
  records: LedgerRecord[];
  content?: string;
  plan?: { posts?: number };
  expected: Partial<Record<keyof ChannelState | string, unknown>>;
}

const rows: Row[] = [
  { name: "no record: fresh", records: [], expected: { kind: "fresh", posts: [], attempts: [] } },
  {
    name: "every post of the thread out: published",
    records: ledger(intent(0, "v1", "k0", 2), published(0, "v1", 2), intent(1, "v1", "k1", 2), published(1, "v1", 2)),
    plan: { posts: 2 },
    expected: { kind: "published", total: 2, posts: [{ index: 0, id: "id0", url: "https://x/0", at: "t02" }, { index: 1, id: "id1" }] },
  },
  {
    name: "published as one post under the live limit, though the offline plan splits it (no plan count): published",
    records: ledger(intent(0, "v1", "k0", 1), published(0, "v1", 1)),
    expected: { kind: "published", total: 1 },
  },
  {
    name: "first post of three out, the rest never tried: partial",
    records: ledger(intent(0, "v1", "k0", 3), published(0, "v1", 3)),
    plan: { posts: 3 },
    expected: { kind: "partial", total: 3, attempts: [] },
  },
  {
    name: "edited after publishing: changed (edited), complete",
    records: ledger(intent(0), published(0, "v1", 1)),
    content: "v2",
    expected: { kind: "changed", why: "edited", complete: true, posts: [{ index: 0, content: "v1" }] },
  },
  {
    name: "edited after a partial thread: changed (edited), not complete",
    records: ledger(intent(0, "v1", "k0", 3), published(0, "v1", 3)),
    content: "v2",
    plan: { posts: 3 },
    expected: { kind: "changed", why: "edited", complete: false },
  },
  {
    name: "edited after an interrupted attempt (killed after the intent): changed (edited-after-interrupted)",
    records: ledger(intent(0, "v1", "k0", 1)),
    content: "v2",
    expected: { kind: "changed", why: "edited-after-interrupted", attempt: { index: 0, key: "k0", content: "v1", at: "t01", outcome: "unknown" } },
  },
  {
    name: "the text of the interrupted attempt restored: pending again",
    records: ledger(intent(0, "v1", "k0", 1)),
    content: "v1",
    expected: { kind: "pending", unknown: [{ index: 0, key: "k0" }] },
  },
  {
    name: "a limit changed after the first post of a thread went out: changed (split-changed)",
    records: ledger(intent(0, "v1", "k0", 3), published(0, "v1", 3)),
    plan: { posts: 2 },
    expected: { kind: "changed", why: "split-changed", planned: 2, split: 3 },
  },
  {
    name: "the same split with a complete thread is not a split change",
    records: ledger(intent(0, "v1", "k0", 1), published(0, "v1", 1)),
    plan: { posts: 2 },
    expected: { kind: "published" },
  },
  {
    name: "killed after the intent, before any answer: pending (outcome unknown), with the key for the re-run",
    records: ledger(intent(0)),
    expected: { kind: "pending", attempts: [{ index: 0, key: "k0", outcome: "unknown" }] },
  },
  {
    name: "a dropped connection recorded as of unknown kind: pending",
    records: ledger(intent(0), failed(0, "NETWORK", "unknown")),
    expected: { kind: "pending", failure: { code: "NETWORK", kind: "unknown" } },
  },
  {
    name: "an old failure record without a kind after an intent: pending (it may have been carried out)",
    records: ledger(intent(0), failed(0, "SERVER_ERROR")),
    expected: { kind: "pending" },
  },
  {
    name: "a failure of known kind after an intent: failed, not pending; the key is kept for the re-run",
    records: ledger(intent(0), failed(0, "REJECTED", "permanent")),
    expected: { kind: "failed", failure: { index: 0, code: "REJECTED", kind: "permanent", at: "t02" }, attempts: [{ index: 0, key: "k0", outcome: "failed" }] },
  },
  {
    name: "a channel that could not be reached (no intent): failed",
    records: ledger(failed(0, "RATE_LIMITED", "transient")),
    expected: { kind: "failed", failure: { code: "RATE_LIMITED" }, attempts: [] },
  },
  {
    name: "quota used up before the second post of a thread: failed, with the first post out",
    records: ledger(intent(0, "v1", "k0", 2), published(0, "v1", 2), { type: "failed", index: 1, code: "QUOTA_EXHAUSTED", message: "limit used up", kind: "permanent" }),
    plan: { posts: 2 },
    expected: { kind: "failed", failure: { index: 1, code: "QUOTA_EXHAUSTED" }, posts: [{ index: 0 }] },
  },
  {
    name: "a failure, then published on the re-run: published, the failure cleared",
    records: ledger(intent(0, "v1", "k0", 1), failed(0, "SERVER_ERROR", "transient"), published(0, "v1", 1)),
    expected: { kind: "published", failure: undefined },
  },
  {
    name: "one post pending while another failed: pending wins (it may be live)",
    records: ledger(intent(0, "v1", "k0", 2), failed(0, "REJECTED", "permanent"), intent(1, "v1", "k1", 2)),
    expected: { kind: "pending", unknown: [{ index: 1 }] },
  },
  {
    name: "deleted by `delete`: retracted",
    records: ledger(intent(0, "v1", "k0", 2), published(0, "v1", 2), intent(1, "v1", "k1", 2), published(1, "v1", 2), deleted(1), deleted(0)),
    expected: { kind: "retracted", posts: [], attempts: [] },
  },
  {
    name: "deleted by `delete` after an edit: still retracted",
    records: ledger(intent(0), published(0, "v1", 1), deleted(0)),
    content: "v2",
    expected: { kind: "retracted" },
  },
  {
    name: "deletion asked of a person (Instagram): the post still counts as out, with when it was asked",
    records: ledger(intent(0), published(0, "v1", 1), deleted(0, true)),
    expected: { kind: "published", posts: [{ index: 0, id: "id0", deletedByHand: "t03" }] },
  },
  {
    name: "published again on purpose after a deletion: published",
    records: ledger(intent(0), published(0, "v1", 1), deleted(0), intent(0, "v1", "k9", 1), published(0, "v1", 1)),
    expected: { kind: "published", posts: [{ index: 0, at: "t05" }] },
  },
  {
    name: "publishing again after a deletion, interrupted: pending (no longer part of the retraction)",
    records: ledger(intent(0), published(0, "v1", 1), deleted(0), intent(0, "v1", "k9", 1)),
    expected: { kind: "pending", unknown: [{ index: 0, key: "k9" }] },
  },
  {
    name: "skipped for this content: skipped, current",
    records: ledger(skipped("v1")),
    expected: { kind: "skipped", current: true, reason: "kein Bild", skip: { reason: "kein Bild", current: true } },
  },
  {
    name: "skipped for another content: skipped, not current",
    records: ledger(skipped("v0")),
    expected: { kind: "skipped", current: false },
  },
  {
    name: "unreachable once, then skipped for this content: skipped (the skip is the newer word)",
    records: ledger(failed(0, "NETWORK", "transient"), skipped("v1")),
    expected: { kind: "skipped", current: true, failure: undefined },
  },
  {
    name: "progress saved by the interrupted attempt (a media container): handed to the re-run with its key",
    records: ledger(intent(0), { type: "progress", index: 0, key: "k0", step: { container: "c1" } }, { type: "progress", index: 0, key: "k0", step: { media: "m1" } }),
    expected: { kind: "pending", attempts: [{ index: 0, key: "k0", progress: { container: "c1", media: "m1" } }] },
  },
  {
    name: "progress of another key is not handed on",
    records: ledger({ type: "progress", index: 0, key: "old", step: { container: "c0" } }, intent(0)),
    expected: { kind: "pending", attempts: [{ index: 0, key: "k0", progress: undefined }] },
  },
  // Corrections (`announce correct`): versions of the channel's copy.
  {
    name: "a correction begun (its record only): changed (correcting), still carrying version 1",
    records: ledger(intent(0, "v1", "k0", 2), published(0, "v1", 2), intent(1, "v1", "k1", 2), published(1, "v1", 2), correction(2, "v1", "v2", "edit", [0, 1], 2, 2)),
    content: "v2",
    expected: { kind: "changed", why: "correcting", version: 1, correction: { version: 2, to: "v2", how: "edit" }, live: [{ index: 0 }, { index: 1 }] },
  },
  {
    name: "an edit of a two-post thread half done: changed (correcting)",
    records: ledger(published(0, "v1", 2), published(1, "v1", 2), correction(2, "v1", "v2", "edit", [0, 1], 2, 2), edited(0, "v2", 2, 2)),
    content: "v2",
    expected: { kind: "changed", why: "correcting", posts: [{ index: 0, content: "v2", version: 2, edited: "t04" }, { index: 1, content: "v1", version: 1 }] },
  },
  {
    name: "an edit complete: published in version 2, both versions listed",
    records: ledger(published(0, "v1", 2), published(1, "v1", 2), correction(2, "v1", "v2", "edit", [0, 1], 2, 2), edited(0, "v2", 2, 2), edited(1, "v2", 2, 2)),
    content: "v2",
    expected: { kind: "published", total: 2, version: 2, versions: [{ version: 1, content: "v1", how: "post" }, { version: 2, content: "v2", how: "edit", complete: true }] },
  },
  {
    name: "an edit to three posts: complete once the appended third post is out",
    records: ledger(published(0, "v1", 2), published(1, "v1", 2), correction(2, "v1", "v2", "edit", [0, 1], 2, 3), edited(0, "v2", 2, 3), edited(1, "v2", 2, 3), { type: "intent", index: 2, key: "k2", content: "v2", total: 3, version: 2 }),
    content: "v2",
    expected: { kind: "changed", why: "correcting", attempts: [{ index: 2, outcome: "unknown" }] },
  },
  {
    name: "an edit to one post: complete once the tail post is deleted",
    records: ledger(published(0, "v1", 2), published(1, "v1", 2), correction(2, "v1", "v2", "edit", [0, 1], 2, 1), edited(0, "v2", 2, 1), deleted(1)),
    content: "v2",
    expected: { kind: "published", total: 1, version: 2, live: [{ index: 0 }] },
  },
  {
    name: "a correction reply out: published in version 2, the reply is what the channel carries",
    records: ledger(published(0, "v1", 1), correction(2, "v1", "v2", "reply", [0], 1, 1), { type: "published", index: 1, key: "k1", content: "v2", id: "id1", total: 1, version: 2 }),
    content: "v2",
    expected: { kind: "published", version: 2, live: [{ index: 1, id: "id1" }], posts: [{ index: 0, version: 1 }, { index: 1, version: 2 }] },
  },
  {
    name: "a replacement out, the old post not deleted yet: changed (correcting)",
    records: ledger(published(0, "v1", 1), correction(2, "v1", "v2", "replace", [0], 1, 1), { type: "published", index: 1, key: "k1", content: "v2", id: "id1", total: 1, version: 2 }),
    content: "v2",
    expected: { kind: "changed", why: "correcting" },
  },
  {
    name: "edited again after a complete correction: changed (edited), complete",
    records: ledger(published(0, "v1", 1), correction(2, "v1", "v2", "edit", [0], 1, 1), edited(0, "v2", 2, 1)),
    content: "v3",
    expected: { kind: "changed", why: "edited", complete: true, version: 2 },
  },
  {
    name: "deleted after a correction, then posted again on purpose: the corrections are history",
    records: ledger(published(0, "v1", 1), correction(2, "v1", "v2", "edit", [0], 1, 1), edited(0, "v2", 2, 1), deleted(0), intent(0, "v2", "k9", 1), published(0, "v2", 1)),
    content: "v2",
    expected: { kind: "published", version: 1, correction: undefined },
  },
  {
    name: "a manual deletion a person confirmed: gone",
    records: ledger(published(0, "v1", 1), deleted(0, true), { type: "deleted", index: 0, id: "id0", manual: true, confirmed: true }),
    expected: { kind: "retracted", posts: [] },
  },
];

describe("channelState", () => {
  it.each(rows)("$name", ({ records, content = "v1", plan, expected }) => {
    expect(channelState(records, { content, plan })).toMatchObject(expected);
  });

  it("reads the ledger of a crash at every step of a two-post thread the same way a re-run needs it", () => {
    // The records a run writes for a two-post thread, in order; a crash leaves any prefix of them.
    const full = ledger(intent(0, "v1", "k0", 2), published(0, "v1", 2), intent(1, "v1", "k1", 2), published(1, "v1", 2));
    const kinds = full.map((_, n) => channelState(full.slice(0, n + 1), { content: "v1", plan: { posts: 2 } }).kind);
    expect(kinds).toEqual(["pending", "partial", "pending", "published"]);
  });
});
