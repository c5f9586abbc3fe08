/**
 * `announce init`: a starter project in an empty folder that validates and previews at once, and a second
 * init that changes nothing. The CI definitions it writes are the ones in examples/.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GITHUB_ACTIONS, GITLAB_CI, isPinnedSpec } from "../../src/config/starter.js";
import { projectRoot, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** Every file under a folder with its bytes and modification time. */
function snapshot(dir: string): Map<string, { content: string; mtimeMs: number }> {
  const files = new Map<string, { content: string; mtimeMs: number }>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), { content: readFileSync(file, "utf8"), mtimeMs: statSync(file).mtimeMs });
  }
  return files;
}

describe("announce init", () => {
  it("writes a starter into an empty folder that validates and previews; a second init changes nothing", async () => {
    const parent = tempDir();
    const init = await runCli(["init", "pressestelle"], { cwd: parent });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const dir = path.join(parent, "pressestelle");
    const files = snapshot(dir);
    expect(new Set(files.keys())).toEqual(new Set([".github/workflows/announce.yml", ".gitattributes", ".gitignore", ".gitlab-ci.yml", "channels.schema.json", "channels.yaml", "notices/beispiel.md", "package.json"]));
    expect(init.stdout).toContain("npm install");

    // The $schema reference resolves: the schema beside the config is the one this version ships.
    expect(files.get("channels.yaml")!.content).toContain("$schema: ./channels.schema.json");
    expect(files.get("channels.schema.json")!.content).toBe(readFileSync(path.join(projectRoot, "schema/channels.schema.json"), "utf8"));
    // Every platform is there, commented out, with the name of its token variable.
    for (const platform of ["mastodon", "bluesky", "facebook", "instagram", "linkedin", "threads"]) expect(files.get("channels.yaml")!.content).toContain(`#   platform: ${platform}`);
    // Secrets and private state stay out of git; the ledger merges line by line.
    expect(files.get(".gitignore")!.content.split("\n")).toEqual(expect.arrayContaining([".env", ".announce/sessions/", ".announce/locks/"]));
    const attributes = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(attributes(files.get(".gitattributes")!.content)).toEqual(attributes(readFileSync(path.join(projectRoot, "examples/gitattributes"), "utf8")));
    // announce pinned to exactly the version that wrote the starter; CI installs from the lockfile.
    const version = (await runCli(["--version"])).stdout.trim();
    expect(JSON.parse(files.get("package.json")!.content)).toMatchObject({ private: true, dependencies: { announce: version } });
    for (const ci of [files.get(".github/workflows/announce.yml")!.content, files.get(".gitlab-ci.yml")!.content]) {
      expect(ci).toContain("npm ci");
      expect(ci).not.toMatch(/npm (install|i) -g|npx announce/);
    }

    // validate and preview work at once, without any account, and show every platform.
    const validate = await runCli(["validate", "notices/beispiel.md"], { cwd: dir });
    expect(validate.code, validate.stdout).toBe(0);
    const preview = await runCli(["preview", "notices/beispiel.md", "--json"], { cwd: dir });
    expect(preview.code, preview.stdout).toBe(0);
    const plan = JSON.parse(preview.stdout);
    expect(plan.notice).toMatchObject({ id: "beispiel", draft: true });
    expect(plan.channels.map((c: { platform: string }) => c.platform)).toEqual(["mastodon", "bluesky", "facebook", "instagram", "linkedin", "threads"]);
    expect(plan.warnings.map((w: { code: string }) => w.code)).toContain("CONFIG_NO_CHANNELS");
    // ...but nothing can be published from it: no channel, and the example is a draft.
    const post = await runCli(["post", "notices/beispiel.md", "--json"], { cwd: dir });
    expect(post.code).toBe(2);
    expect(JSON.parse(post.stdout).problems.map((p: { code: string }) => p.code)).toContain("CONFIG_NO_CHANNELS");

    // A second init, also after the user changed a file, touches nothing.
    writeFileSync(path.join(dir, "channels.yaml"), "# meine Kanäle\nchannels:\n");
    const before = snapshot(dir);
    const again = await runCli(["init", "--json"], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ written: [], kept: expect.arrayContaining(["channels.yaml", "package.json", "notices/beispiel.md"]) });
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a package spec that is not pinned to one release", async () => {
    const dir = tempDir();
    const init = await runCli(["init", "--package", "^0.1.0", "--json"], { cwd: dir });
    expect(init.code).toBe(2);
    expect(JSON.parse(init.stdout).problems[0].code).toBe("INIT_PACKAGE_NOT_PINNED");
    expect(readdirSync(dir)).toEqual([]);
    expect(["0.1.0", "npm:@stadt/announce@0.1.0", "https://downloads.example-stadt.de/announce-0.1.0.tgz", "git+https://codeberg.org/stadt/announce.git#v0.1.0", "file:../announce-0.1.0.tgz"].filter((s) => !isPinnedSpec(s))).toEqual([]);
    expect(["^0.1.0", "~0.1.0", "0.x", "*", "latest", "", "git+https://codeberg.org/stadt/announce.git", "https://example.org/announce"].filter(isPinnedSpec)).toEqual([]);
  });

  it("the CI definitions it writes are examples/github-actions.yml and examples/gitlab-ci.yml", () => {
    expect(readFileSync(path.join(projectRoot, "examples/github-actions.yml"), "utf8")).toBe(GITHUB_ACTIONS);
    expect(readFileSync(path.join(projectRoot, "examples/gitlab-ci.yml"), "utf8")).toBe(GITLAB_CI);
  });
});
