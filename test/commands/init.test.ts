/**
 * `announce init`: a starter project in an empty folder that validates and previews at once, and a second
 * init that changes nothing. The CI definitions it writes are the ones in examples/.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GITHUB_ACTIONS, GITLAB_CI, installedSource, isPinnedSpec } from "../../src/config/starter.js";
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
    // The registry's "announce" is another project's package: the lockfile is the next test's (offline) case.
    const init = await runCli(["init", "pressestelle", "--no-lockfile"], { cwd: parent });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const dir = path.join(parent, "pressestelle");
    const files = snapshot(dir);
    expect(new Set(files.keys())).toEqual(new Set([".github/workflows/announce.yml", ".gitattributes", ".gitignore", ".gitlab-ci.yml", "channels.schema.json", "channels.yaml", "notices/beispiel.md", "package.json"]));
    expect(init.stdout).toContain("npm install --package-lock-only");

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
    const again = await runCli(["init", "--json", "--no-lockfile"], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ written: [], kept: expect.arrayContaining(["channels.yaml", "package.json", "notices/beispiel.md"]) });
    expect(snapshot(dir)).toEqual(before);
  });

  it("pins announce in package-lock.json with the integrity hash of the exact release, which npm ci installs", async () => {
    const work = tempDir();
    // No registry in this test: npm runs offline, with its own empty cache.
    const npmEnv = { ...process.env, npm_config_offline: "true", npm_config_cache: path.join(work, "npm-cache"), npm_config_update_notifier: "false" };
    // A release tarball of a package named announce, without dependencies (so npm needs nothing else).
    const pack = (marker: string): string => {
      const source = path.join(work, `release-${marker}`);
      mkdirSync(source);
      writeFileSync(path.join(source, "package.json"), JSON.stringify({ name: "announce", version: "0.1.0", bin: { announce: "cli.js" } }));
      writeFileSync(path.join(source, "cli.js"), `#!/usr/bin/env node\nconsole.log(${JSON.stringify(marker)});\n`);
      execFileSync("npm", ["pack", "--pack-destination", work, "--loglevel=error"], { cwd: source, env: npmEnv, stdio: "pipe" });
      return path.join(work, "announce-0.1.0.tgz");
    };
    const tarball = pack("reviewed");
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;

    const init = await runCli(["init", "stelle", "--package", `file:${tarball}`, "--json"], { cwd: work, env: npmEnv, timeoutMs: 120_000 });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const report = JSON.parse(init.stdout);
    expect(report).toMatchObject({ lockfile: "written", warnings: [] });
    expect(report.written).toContain("package-lock.json");
    const dir = path.join(work, "stelle");
    const lock = JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8"));
    expect(lock.packages["node_modules/announce"]).toMatchObject({ version: "0.1.0", integrity, resolved: expect.stringContaining("announce-0.1.0.tgz") });
    expect(existsSync(path.join(dir, "node_modules")), "nothing installed by init").toBe(false);

    // CI's `npm ci` installs exactly that release.
    execFileSync("npm", ["ci", "--ignore-scripts", "--loglevel=error"], { cwd: dir, env: npmEnv, stdio: "pipe" });
    expect(execFileSync(process.execPath, [path.join(dir, "node_modules/announce/cli.js")], { encoding: "utf8" }).trim()).toBe("reviewed");
    // A second init keeps the lockfile.
    const again = await runCli(["init", "--json"], { cwd: dir, env: npmEnv });
    expect(JSON.parse(again.stdout)).toMatchObject({ written: [], lockfile: "kept" });
  });

  it("pins the source the running announce was installed from; without one, asks npm nothing and says what to set", async () => {
    // announce installed into a project from a release tarball: the project's lockfile says from where.
    const project = tempDir();
    const installed = path.join(project, "node_modules", "@stadt", "announce");
    mkdirSync(path.join(installed, "dist", "chunks"), { recursive: true });
    writeFileSync(path.join(installed, "package.json"), JSON.stringify({ name: "@stadt/announce", version: "0.1.0" }));
    const tarball = "https://downloads.example-stadt.de/announce-0.1.0.tgz";
    const lock = { lockfileVersion: 3, packages: { "": {}, "node_modules/@stadt/announce": { version: "0.1.0", resolved: tarball, integrity: "sha512-AAAA" } } };
    writeFileSync(path.join(project, "package-lock.json"), JSON.stringify(lock));
    expect(await installedSource(path.join(installed, "dist", "chunks", "init-X.js"))).toBe(tarball);
    // A range or a missing entry is no source; neither is a source checkout outside node_modules.
    writeFileSync(path.join(project, "package-lock.json"), JSON.stringify({ packages: {} }));
    expect(await installedSource(path.join(installed, "dist", "cli.js"))).toBeUndefined();
    expect(await installedSource(path.join(projectRoot, "dist", "cli.js"))).toBeUndefined();

    // Here announce runs from its source: the bare version is written, npm is not asked to resolve it.
    const dir = tempDir();
    const init = await runCli(["init", "--json"], { cwd: dir, env: { npm_config_offline: "true" } });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const report = JSON.parse(init.stdout);
    expect(report).toMatchObject({ lockfile: "failed", warnings: [{ code: "INIT_LOCKFILE_NOT_WRITTEN", message: expect.stringContaining("not known where") }] });
    expect(report.warnings[0].hint).toContain("--package");
    expect(existsSync(path.join(dir, "package-lock.json"))).toBe(false);
  });

  it("writes the starter and says what to do when npm cannot write the lockfile", async () => {
    const work = tempDir();
    const env = { npm_config_offline: "true", npm_config_cache: path.join(work, "npm-cache"), npm_config_update_notifier: "false" };
    const init = await runCli(["init", "--package", `file:${path.join(work, "announce-9.9.9.tgz")}`], { cwd: work, env, timeoutMs: 120_000 });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain("INIT_LOCKFILE_NOT_WRITTEN");
    expect(init.stdout).toContain("npm install --package-lock-only");
    expect(existsSync(path.join(work, "package-lock.json"))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(work, "package.json"), "utf8")).dependencies.announce).toBe(`file:${path.join(work, "announce-9.9.9.tgz")}`);
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
