/**
 * Scheduling, approvals, pause and the audit log, through the CLI against the Mastodon fake.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const TOKEN = "SECRET-governance-token-41c2";

describe("scheduling, approvals, pause, audit log", () => {
  const fake = new MastodonFake({ token: TOKEN });
  let project: TestProject;
  let approvalProject: TestProject;
  const env = { M_TOKEN: TOKEN, ANNOUNCE_ACTOR: "Pressestelle (Test)" };
  const statuses = (tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
  const cli = (args: string[], p: TestProject = project) => runCli([...args, "--config", p.config], { env, cwd: p.dir });

  beforeAll(async () => {
    await fake.start();
    project = await createProject(channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }));
    approvalProject = await createProject(channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { require_approval: true, unsigned_approvals: true } }));
  });
  afterAll(() => fake.stop());

  it("refuses to post before publish_at (exit 2) unless --now", async () => {
    const file = project.writeNotice("spaeter", { title: "Später", publish_at: "2099-01-01T08:00:00+01:00" }, "Meldung later-one.");
    const early = await cli(["post", file]);
    expect(early.code).toBe(2);
    expect(early.stdout).toContain("NOTICE_NOT_DUE");
    expect(statuses("later-one")).toHaveLength(0);
    expect((await cli(["post", file, "--now"])).code).toBe(0);
    expect(statuses("later-one")).toHaveLength(1);
  });

  it("due publishes what is due, urgent first, skips what is scheduled, and costs no network call once published", async () => {
    const dir = path.join(project.dir, "notices");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    const write = (name: string, fm: Record<string, unknown>, body: string) =>
      writeFileSync(path.join(dir, `${name}.md`), `---\n${Object.entries(fm).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n")}\n---\n${body}\n`);
    write("a-normal", { title: "Normal", publish_at: "2020-01-01T08:00:00Z" }, "Meldung due-normal.");
    write("b-urgent", { title: "Dringend", urgent: true, publish_at: "2020-01-02T08:00:00Z" }, "Meldung due-urgent.");
    write("c-future", { title: "Zukunft", publish_at: "2099-01-01T08:00:00Z" }, "Meldung due-future.");
    const result = await cli(["due", dir, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.notices.map((n: { id: string; status: string }) => [n.id, n.status])).toEqual([
      ["b-urgent", "published"],
      ["a-normal", "published"],
    ]);
    expect(report.scheduled).toBe(1);
    expect(statuses("due-urgent")).toHaveLength(1);
    expect(statuses("due-future")).toHaveLength(0);
    // Urgent first: its status was created before the normal one.
    expect(BigInt(statuses("due-urgent")[0]!.id) < BigInt(statuses("due-normal")[0]!.id)).toBe(true);

    const requests = fake.requests.length;
    const again = JSON.parse((await cli(["due", dir, "--json"])).stdout);
    expect(again.notices).toEqual([]);
    expect(again.alreadyPublished).toBe(2);
    expect(fake.requests.length).toBe(requests);
  });

  it("due does not read the images of fully published notices (one deleted later is no error)", async () => {
    const dir = path.join(project.dir, "notices-images");
    const { copyFileSync, mkdirSync, rmSync } = await import("node:fs");
    mkdirSync(dir);
    copyFileSync(path.join(project.dir, "images", "karte.png"), path.join(dir, "karte.png"));
    writeFileSync(path.join(dir, "mit-bild.md"), `---\ntitle: Mit Bild\nimages: [{ path: karte.png, alt: "Stadtplan mit dem gesperrten Bereich" }]\n---\nMeldung due-image.\n`);
    expect((await cli(["due", dir, "--json"])).code).toBe(0);
    expect(statuses("due-image")).toHaveLength(1);
    rmSync(path.join(dir, "karte.png"));
    const again = await cli(["due", dir, "--json"]);
    expect(again.stderr).not.toContain("internal error");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).alreadyPublished).toBe(1);
    expect(statuses("due-image")).toHaveLength(1);
  });

  it("pause: due publishes nothing, post refuses non-urgent notices, urgent ones go; the reason shows", async () => {
    const dir = path.join(project.dir, "paused");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "p1.md"), "---\ntitle: Fest\n---\nMeldung paused-fest.\n");
    expect((await cli(["pause", "--reason", "Trauertag"])).code).toBe(0);
    const due = JSON.parse((await cli(["due", dir, "--json"])).stdout);
    expect(due.paused.reason).toBe("Trauertag");
    expect(due.notices.map((n: { status: string }) => n.status)).toEqual(["paused"]);
    expect(statuses("paused-fest")).toHaveLength(0);

    const normal = await cli(["post", path.join(dir, "p1.md")]);
    expect(normal.code).toBe(2);
    expect(normal.stdout).toContain("Trauertag");
    const urgent = project.writeNotice("sturm", { title: "Sturmwarnung", urgent: true }, "Meldung paused-urgent.");
    const urgentRun = await cli(["post", urgent, "--json"]);
    expect(urgentRun.code).toBe(0);
    expect(JSON.parse(urgentRun.stdout).paused.reason).toBe("Trauertag");
    expect(JSON.parse((await cli(["status", urgent, "--json"])).stdout).paused.reason).toBe("Trauertag");
    expect(statuses("paused-urgent")).toHaveLength(1);

    expect((await cli(["resume"])).code).toBe(0);
    expect((await cli(["due", dir, "--json"])).code).toBe(0);
    expect(statuses("paused-fest")).toHaveLength(1);
  });

  it("approvals: needs someone other than the author, and any edit voids the approval", async () => {
    const file = approvalProject.writeNotice("freigabe", { title: "Freigabe", author: "M. Muster" }, "Meldung approval-one.");
    const unapproved = await cli(["post", file], approvalProject);
    expect(unapproved.code).toBe(2);
    expect(unapproved.stdout).toContain("NOTICE_NOT_APPROVED");

    const self = await cli(["approve", file, "--by", "M. Muster"], approvalProject);
    expect(self.code).toBe(2);
    expect(self.stdout).toContain("APPROVER_IS_AUTHOR");

    expect((await cli(["approve", file, "--by", "A. Schmidt"], approvalProject)).code).toBe(0);
    // An edit after the approval: not published.
    approvalProject.writeNotice("freigabe", { title: "Freigabe", author: "M. Muster" }, "Meldung approval-one, geändert.");
    const edited = await cli(["post", file], approvalProject);
    expect(edited.code).toBe(2);
    expect(edited.stdout).toContain("changed after it was approved");
    expect(statuses("approval-one")).toHaveLength(0);

    expect((await cli(["approve", file, "--by", "A. Schmidt"], approvalProject)).code).toBe(0);
    expect((await cli(["post", file], approvalProject)).code).toBe(0);
    expect(statuses("approval-one")).toHaveLength(1);
    // The approval is a readable line beside the ledger.
    const approvals = approvalProject.writtenFiles().find((f) => f.file.endsWith(path.join("approvals", "freigabe.jsonl")))!;
    expect(approvals.content.toString()).toContain('"by":"A. Schmidt"');
  });

  it("the audit log records every action with actor, notice, content hash, channel, outcome and URL, and no secret", async () => {
    const file = project.writeNotice("protokoll", { title: "Protokoll" }, "Meldung audit-one.");
    await cli(["post", file]);
    await cli(["delete", file]);
    const log = JSON.parse((await cli(["log", file, "--json"])).stdout);
    expect(log.records.map((r: { action: string; outcome: string }) => [r.action, r.outcome])).toEqual([
      ["post", "published"],
      ["delete", "deleted"],
    ]);
    expect(log.records[0]).toMatchObject({ actor: "Pressestelle (Test)", notice: "protokoll", channel: "m", url: expect.stringContaining(fake.url), content: expect.stringMatching(/^sha256:/) });
    const all = JSON.parse((await cli(["log", "--json"])).stdout).records.map((r: { action: string }) => r.action);
    for (const action of ["post", "delete", "pause", "resume"]) expect(all).toContain(action);
    const human = await cli(["log"]);
    expect(human.stdout).toContain("Trauertag");
    for (const f of project.writtenFiles()) expect(f.content.includes(TOKEN), f.file).toBe(false);
  });
});
