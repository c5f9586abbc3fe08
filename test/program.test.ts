/** The CLI as a whole process: output, --json, exit codes. */
import { copyFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const fixtures = path.join(projectRoot, "test/fixtures");
const config = path.join(fixtures, "channels.yaml");
const notice = (name: string) => path.join(fixtures, "notices", name);
const secrets = { MASTODON_TOKEN: "m", BLUESKY_APP_PASSWORD: "b", FB_PAGE_TOKEN: "f", IG_TOKEN: "i", LINKEDIN_TOKEN: "l", THREADS_TOKEN: "t" };

describe("announce CLI", () => {
  it("documents the exit codes in --help", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Exit codes:[\s\S]*0 {3}success[\s\S]*1 {3}publishing failed[\s\S]*2 {3}invalid input/);
    for (const command of ["preview", "validate", "post", "status", "delete"]) expect(stdout).toContain(command);
  });

  it("exits 2 on a usage error", async () => {
    const { code, stderr } = await runCli(["preview"]);
    expect(code).toBe(2);
    expect(stderr).toContain("missing required argument");
  });

  it("previews a notice for every channel, without colours when not on a terminal", async () => {
    const { code, stdout } = await runCli(["preview", notice("wasserrohrbruch.md"), "--config", config]);
    expect(code).toBe(0);
    for (const name of ["stadt-mastodon", "stadt-bluesky", "stadt-facebook", "stadt-linkedin", "stadt-threads"]) expect(stdout).toContain(name);
    expect(stdout).toMatch(/stadt-instagram \(Instagram\) skipped: Instagram needs at least one image/);
    expect(stdout).not.toContain("\u001b[");
    expect(stdout).toContain("Not set: MASTODON_TOKEN");
  });

  it("prints the documented JSON plan with --json", async () => {
    const { code, stdout } = await runCli(["preview", notice("bombenentschaerfung.md"), "--config", config, "--json", "--channel", "stadt-bluesky", "mastodon"]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.version).toBe(1);
    expect(plan.channels.map((c: { channel: string }) => c.channel)).toEqual(["stadt-mastodon", "stadt-bluesky"]);
    const bluesky = plan.channels[1];
    expect(bluesky.posts[0].images).toEqual([0]);
    expect(bluesky.images[0].prepared).toMatchObject({ format: expect.any(String), bytes: expect.any(Number) });
    expect(bluesky.images[0].prepared.bytes).toBeLessThanOrEqual(2_000_000);
  });

  it("rejects an unknown --channel with exit 2", async () => {
    const { code, stdout } = await runCli(["preview", notice("ratsbeschluss.md"), "--config", config, "--channel", "stadt-myspace"]);
    expect(code).toBe(2);
    expect(stdout).toContain("UNKNOWN_CHANNEL");
  });

  it("validates all shared notices", async () => {
    const files = ["bombenentschaerfung.md", "ratsbeschluss.md", "sommerfest.md", "stellenausschreibung.md", "wasserrohrbruch.md"].map(notice);
    const { code, stdout } = await runCli(["validate", "--config", config, ...files], { env: secrets });
    expect(stdout).toContain("All valid.");
    expect(code).toBe(0);
  });

  it("lists every problem at once and exits 2: missing env var, missing alt, unknown channel, missing image", async () => {
    const dir = tempDir();
    copyFileSync(config, path.join(dir, "channels.yaml"));
    const file = path.join(dir, "bad.md");
    writeFileSync(file, ["---", "title: Test", "channels: [stadt-mastodon, stadt-xing]", "images:", "  - path: fehlt.png", "---", "Text"].join("\n"));
    const { code, stdout } = await runCli(["validate", file, "--json"], { cwd: dir, env: { ...secrets, MASTODON_TOKEN: undefined } });
    expect(code).toBe(2);
    const result = JSON.parse(stdout);
    expect(result.valid).toBe(false);
    expect(result.config.problems.map((p: { code: string; message: string }) => [p.code, p.message.includes("MASTODON_TOKEN")])).toEqual([["CONFIG_ENV_MISSING", true]]);
    expect(result.notices[0].problems.map((p: { code: string }) => p.code).sort()).toEqual(["NOTICE_IMAGE_ALT_MISSING", "NOTICE_IMAGE_NOT_FOUND"]);
    // Unknown channel names are found once the notice itself is readable.
    writeFileSync(file, ["---", "title: Test", "channels: [stadt-mastodon, stadt-xing]", "---", "Text"].join("\n"));
    const second = JSON.parse((await runCli(["validate", file, "--json"], { cwd: dir, env: secrets })).stdout);
    expect(second.notices[0].problems[0]).toMatchObject({ code: "NOTICE_UNKNOWN_CHANNEL", key: "channels" });
  });

  it("uses ANNOUNCE_CONFIG when --config is not given, and says when there is no config", async () => {
    const ok = await runCli(["preview", notice("ratsbeschluss.md"), "--no-images"], { env: { ANNOUNCE_CONFIG: config } });
    expect(ok.code).toBe(0);
    const dir = tempDir();
    const missing = await runCli(["preview", notice("ratsbeschluss.md")], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("CONFIG_NOT_FOUND");
    expect(missing.stdout).toContain("--config");
  });

  it("says 'Nothing was published.' after input problems only for commands that publish", async () => {
    const dir = tempDir();
    const run = (command: string) => runCli([command, notice("ratsbeschluss.md")], { cwd: dir });
    const [post, remove, status] = await Promise.all([run("post"), run("delete"), run("status")]);
    for (const result of [post, remove, status]) expect(result.code).toBe(2);
    expect(post.stderr).toBe("Nothing was published.\n");
    expect(remove.stderr).toBe("Nothing was deleted.\n");
    expect(status.stderr).toBe("");
    expect(status.stdout).toContain("CONFIG_NOT_FOUND");
  });
});
