/**
 * Signed approvals, with SSH keys made here by ssh-keygen and a notice committed to a git repository by its
 * author: the author's own key never counts, a key the allowed_signers file does not list never counts,
 * an edit after the approval voids it, and an approvals file changed by hand is refused. Through the CLI
 * against the Mastodon fake; what arrived there is counted.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { contentHash, loadNotice } from "../../src/announcement/notice.js";
import { approvalStatement, signStatement } from "../../src/publish/signatures.js";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const TOKEN = "SECRET-signed-approvals-token-7d1e";
const AUTHOR = "m.muster@stadt.example";
const APPROVER = "a.schmidt@stadt.example";

describe("signed approvals", () => {
  const fake = new MastodonFake({ token: TOKEN });
  let project: TestProject;
  const keys: Record<"author" | "approver" | "outsider", string> = { author: "", approver: "", outsider: "" };
  const env = { M_TOKEN: TOKEN, ANNOUNCE_ACTOR: "CI" };
  const cli = (...args: string[]) => runCli([...args, "--config", project.config, "--json"], { env, cwd: project.dir });
  const statuses = (tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: project.dir, encoding: "utf8" });
  const codes = (stdout: string): string[] => (JSON.parse(stdout) as { problems: { code: string }[] }).problems.map((p) => p.code);

  /** A notice written and committed by its author. */
  function commitNotice(name: string, body: string): string {
    const file = project.writeNotice(name, { title: `Meldung ${name}` }, body);
    git("add", file);
    git("-c", `user.email=${AUTHOR}`, "-c", "user.name=M. Muster", "commit", "-q", "-m", `Meldung ${name}`);
    return file;
  }

  /** An approval record made by hand (as someone with write access to the repository could). */
  async function forgeApproval(file: string, id: string, by: string, key: string, content?: string): Promise<void> {
    const hash = content ?? (await contentHash(await loadNotice(file)));
    const signature = await signStatement(approvalStatement(id, hash), key);
    const approvals = path.join(project.stateDir, "approvals", `${id}.jsonl`);
    mkdirSync(path.dirname(approvals), { recursive: true });
    appendFileSync(approvals, JSON.stringify({ v: 1, at: new Date().toISOString(), notice: id, content: hash, by, kind: "signed", signature }) + "\n");
  }

  beforeAll(async () => {
    await fake.start();
    project = await createProject(
      channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { require_approval: true, allowed_signers: "allowed_signers" } }),
    );
    mkdirSync(path.join(project.dir, "keys"));
    const signers: string[] = [];
    for (const who of ["author", "approver", "outsider"] as const) {
      keys[who] = path.join(project.dir, "keys", who);
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", who, "-f", keys[who]]);
      const email = { author: AUTHOR, approver: APPROVER, outsider: "" }[who];
      if (email) signers.push(`${email} namespaces="announce" ${readFileSync(`${keys[who]}.pub`, "utf8").trim()}`);
    }
    writeFileSync(path.join(project.dir, "allowed_signers"), signers.join("\n") + "\n");
    git("init", "-q");
    git("-c", "user.email=it@stadt.example", "-c", "user.name=IT", "commit", "-q", "--allow-empty", "-m", "start");
  });
  afterAll(() => fake.stop());

  it("an approver listed in allowed_signers approves with their key; post publishes; log says it was signed", async () => {
    const file = commitNotice("freigabe", "Meldung signed-one.");
    expect(codes((await cli("post", file)).stdout)).toEqual(["NOTICE_NOT_APPROVED"]);
    // A name alone does not count where the config wants signatures.
    const unsigned = await cli("approve", file, "--by", "A. Schmidt");
    expect(unsigned.code).toBe(2);
    expect(codes(unsigned.stdout)).toEqual(["APPROVAL_NEEDS_SIGNATURE"]);

    const approved = await cli("approve", file, "--key", keys.approver);
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout).approval).toMatchObject({ by: APPROVER, kind: "signed", signature: expect.stringContaining("BEGIN SSH SIGNATURE") });
    const post = await cli("post", file);
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(statuses("signed-one")).toHaveLength(1);
    const status = JSON.parse((await cli("status", file)).stdout) as { approvals: unknown[] };
    expect(status.approvals).toEqual([expect.objectContaining({ by: APPROVER, kind: "signed", current: true })]);
    const log = JSON.parse((await cli("log", file)).stdout) as { records: { action: string; detail?: string }[] };
    expect(log.records.find((r) => r.action === "approve")?.detail).toBe(`signed: ${APPROVER}`);
  });

  it("the author's own key never counts: approve refuses it, and a record made by hand does not pass post", async () => {
    const file = commitNotice("selbst", "Meldung self-one.");
    const self = await cli("approve", file, "--key", keys.author);
    expect(self.code).toBe(2);
    expect(codes(self.stdout)).toEqual(["APPROVER_IS_AUTHOR"]);
    await forgeApproval(file, "selbst", AUTHOR, keys.author);
    const post = await cli("post", file);
    expect(post.code).toBe(2);
    expect(JSON.parse(post.stdout).problems[0]).toMatchObject({ code: "NOTICE_NOT_APPROVED", message: expect.stringContaining("only by its author") });
    expect(statuses("self-one")).toHaveLength(0);
  });

  it("a key that allowed_signers does not list never counts, whatever name the record gives", async () => {
    const file = commitNotice("fremd", "Meldung outsider-one.");
    const outsider = await cli("approve", file, "--key", keys.outsider);
    expect(outsider.code).toBe(2);
    expect(codes(outsider.stdout)).toEqual(["APPROVER_NOT_ALLOWED"]);
    await forgeApproval(file, "fremd", APPROVER, keys.outsider);
    const post = await cli("post", file);
    expect(post.code).toBe(2);
    expect(JSON.parse(post.stdout).problems[0]).toMatchObject({ code: "NOTICE_NOT_APPROVED", message: expect.stringContaining("does not list") });
    expect(statuses("outsider-one")).toHaveLength(0);
  });

  it("an edit after the approval voids it", async () => {
    const file = commitNotice("edit", "Meldung edit-one.");
    expect((await cli("approve", file, "--key", keys.approver)).code).toBe(0);
    project.writeNotice("edit", { title: "Meldung edit" }, "Meldung edit-one, danach geändert.");
    const post = await cli("post", file);
    expect(post.code).toBe(2);
    expect(JSON.parse(post.stdout).problems[0]).toMatchObject({ code: "NOTICE_NOT_APPROVED", message: expect.stringContaining("changed after it was approved") });
    expect(statuses("edit-one")).toHaveLength(0);
  });

  it("an approvals file changed by hand is refused: a content hash moved to the edited notice, or another approver's name", async () => {
    const file = commitNotice("manipuliert", "Meldung tamper-one.");
    expect((await cli("approve", file, "--key", keys.approver)).code).toBe(0);
    const approvals = path.join(project.stateDir, "approvals", "manipuliert.jsonl");
    const original = readFileSync(approvals, "utf8");
    // The notice is edited, and the record's content hash is set to the edited notice's.
    project.writeNotice("manipuliert", { title: "Meldung manipuliert" }, "Meldung tamper-one: eine andere Aussage.");
    const edited = await contentHash(await loadNotice(file));
    writeFileSync(approvals, original.replace(/"content":"sha256:[0-9a-f]+"/, `"content":"${edited}"`));
    const post = await cli("post", file);
    expect(post.code).toBe(2);
    expect(JSON.parse(post.stdout).problems).toEqual([expect.objectContaining({ code: "APPROVAL_SIGNATURE_INVALID", file: approvals, line: 1 })]);
    // The approver's name replaced by another listed principal, on the original notice.
    git("checkout", "--", path.basename(file));
    writeFileSync(approvals, original.replace(`"by":"${APPROVER}"`, `"by":"${AUTHOR}"`));
    const renamed = await cli("post", file);
    expect(renamed.code).toBe(2);
    expect(codes(renamed.stdout)).toEqual(["APPROVAL_SIGNATURE_INVALID"]);
    expect(statuses("tamper-one")).toHaveLength(0);
  });
});
