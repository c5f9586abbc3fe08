/** Approvals and the audit log are JSON lines too: a damaged line is never read around silently. */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseNotice } from "../../src/announcement/notice.js";
import { InvalidInputError } from "../../src/problems.js";
import { approvalProblems } from "../../src/publish/gates.js";
import { approvalsFile, readApprovals, recordApproval } from "../../src/state/approvals.js";
import { audit, auditFile, readAudit } from "../../src/state/audit.js";
import { tempDir } from "../helpers/tmp.js";

const approval = (by: string) => JSON.stringify({ v: 1, at: "2026-11-29T08:00:00.000Z", notice: "n1", content: "sha256:abc", by });

describe("a damaged approvals file", () => {
  it.each([
    ["an unparseable line", "approved by A. Schmidt", /line 1 is not JSON/],
    ["null", "null", /line 1 is null, not a record/],
    ["an approval without its content hash", JSON.stringify({ v: 1, at: "2026-11-29T08:00:00.000Z", notice: "n1", by: "A. Schmidt" }), /line 1 has no content/],
    ["a wrong version", JSON.stringify({ v: 2, at: "2026-11-29T08:00:00.000Z", notice: "n1", content: "sha256:abc", by: "A. Schmidt" }), /line 1 has version 2/],
  ])("%s: APPROVALS_DAMAGED with file and line; it counts as no approval, and nothing crashes", async (_what, line, what) => {
    const stateDir = tempDir();
    const file = approvalsFile(stateDir, "n1");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${line}\n${approval("A. Schmidt")}\n`);
    const error = await readApprovals(stateDir, "n1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([expect.objectContaining({ code: "APPROVALS_DAMAGED", location: { file, line: 1 } })]);
    expect((error as InvalidInputError).problems[0]!.message).toMatch(what);
    // The publishing gate: the valid approval on line 2 does not count while line 1 is damaged.
    const { notice } = parseNotice("---\ntitle: T\nid: n1\n---\nText.\n", path.join(stateDir, "n1.md"));
    const problems = await approvalProblems(stateDir, notice!, "sha256:abc", [{ unsigned: true }]);
    expect(problems).toEqual([expect.objectContaining({ code: "APPROVALS_DAMAGED", location: { file, line: 1 } })]);
  });

  it("a torn last line is skipped, and an approval after it keeps it torn", async () => {
    const stateDir = tempDir();
    await recordApproval(stateDir, { notice: "n1", content: "sha256:abc", by: "A. Schmidt" });
    appendFileSync(approvalsFile(stateDir, "n1"), '{"v":1,"at":"2026-11-29T08:0');
    expect(await readApprovals(stateDir, "n1")).toHaveLength(1);
    await recordApproval(stateDir, { notice: "n1", content: "sha256:def", by: "B. Bauer" });
    expect((await readApprovals(stateDir, "n1")).map((a) => a.by)).toEqual(["A. Schmidt", "B. Bauer"]);
  });
});

describe("a damaged audit log", () => {
  it("lists the records it can read and warns about each damaged line (file and line); a torn last line is skipped silently", async () => {
    const stateDir = tempDir();
    await audit(stateDir, [{ actor: "a", action: "pause", outcome: "paused", detail: "Trauertag" }]);
    appendFileSync(auditFile(stateDir), 'null\n{"v":1,"at":"2026-11-29T08:00:00.000Z","actor":"a","action":"explode","outcome":"x"}\n');
    await audit(stateDir, [{ actor: "a", action: "resume", outcome: "resumed" }]);
    appendFileSync(auditFile(stateDir), '{"v":1,"at":"2026-11-29T08:0');
    const read = await readAudit(stateDir);
    expect(read.records.map((r) => r.action)).toEqual(["pause", "resume"]);
    expect(read.warnings).toEqual([
      expect.objectContaining({ code: "AUDIT_LINE_UNREADABLE", location: { file: auditFile(stateDir), line: 2 } }),
      expect.objectContaining({ code: "AUDIT_LINE_UNREADABLE", location: { file: auditFile(stateDir), line: 3 } }),
    ]);
    expect(read.warnings[1]!.message).toMatch(/unknown|invalid action/);
    // The next append after the torn line: still two warnings, not three.
    await audit(stateDir, [{ actor: "a", action: "pause", outcome: "paused" }]);
    expect((await readAudit(stateDir)).warnings).toHaveLength(2);
  });
});
