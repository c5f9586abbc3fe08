/** approve, pause, resume and log without the CLI: the functions behind the commands, on a temporary state folder. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { approveNotice } from "../../src/commands/approve.js";
import { auditLog } from "../../src/commands/log.js";
import { pausePublishing } from "../../src/commands/pause.js";
import { resumePublishing } from "../../src/commands/resume.js";
import { AnnounceError } from "../../src/problems.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { tempDir } from "../helpers/tmp.js";

describe("the functions behind approve, pause, resume and log", () => {
  it("pause and resume with --state need no config, and each lands in the audit log", async () => {
    const stateDir = tempDir();
    const options = { config: path.join(stateDir, "no-such-config.yaml"), env: {}, stateDir, actor: "Pressestelle" };
    const paused = await pausePublishing({ ...options, reason: "Trauertag" });
    expect(paused).toMatchObject({ reason: "Trauertag", by: "Pressestelle" });
    expect(await resumePublishing(options)).toEqual(paused);
    expect(await resumePublishing(options)).toBeUndefined();
    const { records, warnings } = await auditLog(options);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.action, r.outcome, r.detail])).toEqual([
      ["pause", "paused", "Trauertag"],
      ["resume", "resumed", "Trauertag"],
      ["resume", "not-paused", undefined],
    ]);
  });

  it("without --state, a missing config is invalid input", async () => {
    const dir = tempDir();
    const error = await pausePublishing({ config: path.join(dir, "channels.yaml"), env: {}, actor: "x", reason: "r" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnnounceError);
    expect(error).toMatchObject({ invalidInput: true, code: "CONFIG_NOT_FOUND" });
  });

  it("approve: not by the author; an approval by someone else is recorded and audited", async () => {
    const dir = tempDir();
    const config = path.join(dir, "channels.yaml");
    writeFileSync(config, channels({ m: mastodonChannel({ instance: "https://m.example", access_token: "${M_TOKEN}" }) }));
    const notice = path.join(dir, "freigabe.md");
    writeFileSync(notice, "---\ntitle: Freigabe\nauthor: M. Muster\n---\nText.\n");
    const options = { notice, config, env: {}, actor: "Pressestelle" };
    await expect(approveNotice({ ...options, by: "M. Muster" })).rejects.toMatchObject({ invalidInput: true, code: "APPROVER_IS_AUTHOR" });
    const approval = await approveNotice({ ...options, by: "A. Schmidt" });
    expect(approval).toMatchObject({ notice: "freigabe", by: "A. Schmidt", content: expect.stringMatching(/^sha256:/) });
    const { records } = await auditLog({ config, env: {}, notice });
    expect(records).toEqual([expect.objectContaining({ action: "approve", notice: "freigabe", outcome: "approved", detail: "unsigned: A. Schmidt", actor: "Pressestelle" })]);
  });
});
