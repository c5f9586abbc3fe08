/**
 * `due` over a folder a press office really has: a broken notice, a draft, an urgent and a normal one.
 * The broken one holds back only itself (exit 2, named), the draft is never published, the urgent one goes
 * out before the normal one: checked on the real snac2 (Mastodon API). `post` refuses a draft, `preview`
 * shows it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readSnacStatuses } from "../setup/accounts.js";
import { channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { realAccounts, type RealAccounts } from "../helpers/real-servers.js";

describe("due with a broken notice and a draft in the folder (real snac2)", () => {
  const snac = inject("snac");
  let real: RealAccounts;
  let project: TestProject;
  let notices: string;
  const write = (name: string, text: string) => {
    const file = path.join(notices, name);
    writeFileSync(file, text);
    return file;
  };
  const cli = (args: string[]) => runCli([...args, "--config", project.config], { env: real.env });
  const mine = async (tag: string) => (await readSnacStatuses(real.snac.url, real.snac.token)).filter((s) => s.content.includes(tag));

  beforeAll(async () => {
    real = await realAccounts({ snac, snacUser: "gina" });
    project = await createProject(channels({ stadt: real.mastodon() }, { defaults: { lang: "de" } }));
    notices = path.join(project.dir, "notices");
    mkdirSync(notices);
    // Sorted by file name, the normal notice comes first: only `urgent` can put the other one ahead.
    write("a-normal.md", "---\ntitle: Sprechstunde am Montag dayone-normal\n---\nDie Sprechstunde beginnt um 9 Uhr.\n");
    write("b-eilmeldung.md", "---\ntitle: Wasserrohrbruch dayone-urgent\nurgent: true\n---\nDie Hauptstraße ist gesperrt.\n");
    write("c-entwurf.md", "---\ntitle: Sommerfest dayone-draft\ndraft: true\n---\nDas Sommerfest findet im Stadtpark statt.\n");
    // A draft whose front matter breaks off: not even its title can be read.
    write("d-kaputt.md", "---\ntitle: Baustelle dayone-broken\nurgent: [\n---\nText.\n");
  });

  it("publishes exactly the urgent and the normal notice, urgent first, and exits 2 naming the broken file", async () => {
    const due = await cli(["due", notices, "--json"]);
    expect(due.stderr).not.toContain("internal error");
    expect(due.code, due.stdout).toBe(2);
    const report = JSON.parse(due.stdout);
    expect(report).toMatchObject({ scanned: 4, drafts: 1, scheduled: 0, alreadyPublished: 0 });
    const byStatus = (status: string) => report.notices.filter((n: { status: string }) => n.status === status);
    expect(byStatus("invalid")).toEqual([expect.objectContaining({ file: path.join(notices, "d-kaputt.md"), id: "d-kaputt", problems: [expect.objectContaining({ code: "YAML_SYNTAX", file: path.join(notices, "d-kaputt.md") })] })]);
    expect(byStatus("published").map((n: { id: string }) => n.id)).toEqual(["b-eilmeldung", "a-normal"]);

    // What arrived, in the order it arrived: the urgent one, then the normal one; no draft, nothing broken.
    const arrived = await mine("dayone-");
    expect(arrived.map((s) => /dayone-(\w+)/.exec(s.content)?.[1])).toEqual(["urgent", "normal"]);

    // The human report names the broken file and counts the draft.
    const again = await cli(["due", notices]);
    expect(again.code).toBe(2);
    expect(again.stdout).toContain("d-kaputt.md");
    expect(again.stdout).toContain("1 draft (not published)");
    expect(await mine("dayone-")).toHaveLength(2);
  });

  it("post refuses a draft, also with --now; preview shows it as a draft", async () => {
    const draft = path.join(notices, "c-entwurf.md");
    const post = await cli(["post", draft, "--now", "--json"]);
    expect(post.code).toBe(2);
    expect(JSON.parse(post.stdout).problems).toEqual([expect.objectContaining({ code: "NOTICE_DRAFT", key: "draft" })]);
    expect(await mine("dayone-draft")).toHaveLength(0);

    const preview = await cli(["preview", draft, "--json"]);
    expect(preview.code, preview.stdout).toBe(0);
    expect(JSON.parse(preview.stdout).notice).toMatchObject({ id: "c-entwurf", draft: true });
    expect((await cli(["preview", draft])).stdout).toContain("draft: post and due do not publish it");
  });
});
