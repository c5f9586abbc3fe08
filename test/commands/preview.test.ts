/** `announce preview`: the text preview as readers see it, and `--html` / `--open` as a whole process. */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const config = path.join(projectRoot, "test/fixtures/channels.yaml");
const notice = (name: string) => path.join(projectRoot, "test/fixtures/notices", `${name}.md`);

describe("announce preview", () => {
  it("shows LinkedIn's text as readers see it, without the escaping backslashes of the wire text", async () => {
    const { code, stdout } = await runCli(["preview", notice("stellenausschreibung"), "--config", config, "--channel", "linkedin", "--no-images"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Wir suchen eine Leitung (m/w/d)");
    expect(stdout).toContain("@personalamt");
    expect(stdout).not.toContain("\\(");
    expect(stdout).not.toContain("\\@");
    expect(stdout).toContain("as readers see it");
  });

  it("--html without a file writes <id>.preview.html in the current folder and names it", async () => {
    const dir = tempDir();
    const { code, stdout } = await runCli(["preview", notice("wasserrohrbruch"), "--config", config, "--html", "--no-images"], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain("HTML preview: wasserrohrbruch.preview.html");
    expect(readFileSync(path.join(dir, "wasserrohrbruch.preview.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
  });

  it("--html into a folder that does not exist: PREVIEW_HTML_UNWRITABLE with the path as typed, exit 2", async () => {
    const dir = tempDir();
    const { code, stdout } = await runCli(["preview", notice("wasserrohrbruch"), "--config", config, "--html", "missing/page.html", "--no-images"], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toContain("PREVIEW_HTML_UNWRITABLE");
    expect(stdout.replace(/\s+/g, " ")).toContain("missing/page.html (ENOENT)");
  });

  it("--open opens the page with the system's opener", async () => {
    const dir = tempDir();
    const bin = path.join(dir, "bin");
    const opened = path.join(dir, "opened.txt");
    // A stand-in for xdg-open that records what it was asked to open.
    mkdirSync(bin);
    writeFileSync(path.join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s' "$1" > "${opened}.tmp" && mv "${opened}.tmp" "${opened}"\n`);
    chmodSync(path.join(bin, "xdg-open"), 0o755);
    const { code, stdout } = await runCli(["preview", notice("wasserrohrbruch"), "--config", config, "--html", "page.html", "--open", "--no-images"], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    expect(code).toBe(0);
    expect(stdout).not.toContain("PREVIEW_NOT_OPENED");
    // The opener runs on after announce has exited: wait for what it wrote (the test's timeout bounds this).
    while (!existsSync(opened)) await sleep(20);
    expect(readFileSync(opened, "utf8")).toBe(path.join(dir, "page.html"));
  });

  it("--open never opens anything in CI, and says where the page is", async () => {
    const dir = tempDir();
    const { code, stdout } = await runCli(["preview", notice("wasserrohrbruch"), "--config", config, "--open", "--no-images", "--json"], { cwd: dir, env: { CI: "true" } });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { html: string; warnings: { code: string; message: string }[] };
    expect(json.html).toBe(path.join(dir, "wasserrohrbruch.preview.html"));
    expect(json.warnings.find((w) => w.code === "PREVIEW_NOT_OPENED")?.message).toContain("not opened in CI");
  });
});
