/**
 * Messages that help: each wording problem a press officer met, and the message it gives now. The
 * command line as a whole process where the wording comes from parsing, in-process for the reports.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatLog } from "../../src/report/governance.js";
import { formatDelete, formatPublish, formatStatus } from "../../src/report/publish.js";
import type { PublishReport } from "../../src/publish/results.js";
import { wrap } from "../../src/report/problems.js";
import { createStyle } from "../../src/report/style.js";
import { closest } from "../../src/suggest.js";
import { projectRoot, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const fixtures = path.join(projectRoot, "test/fixtures");
const config = path.join(fixtures, "channels.yaml");
const plain = createStyle(false);

/** A throw-away folder with these files; returns its path. */
function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const notice = (frontMatter: string, body = "Die Hauptstraße ist gesperrt.") => `---\n${frontMatter}\n---\n${body}\n`;

/** Human output with its lines unwrapped (long lines are wrapped at 80 columns when not on a terminal). */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("config problems in the words of the YAML people wrote", () => {
  const channels = [
    "channels:",
    "  stadt-mastodon:",
    "    platform: mastodn",
    "    instance: https://nrw.social",
    "    access_token: ${T}",
    "  stadt-facebook:",
    "    platform: facebook",
    "    page_id: 1234",
    "    access_token: ${T}",
    "  stadt-bluesky:",
    "    platform: bluesky",
    "    app_password: ${T}",
    "    servce: https://bsky.social",
    "",
  ].join("\n");

  it("a misspelt platform, a number that needs quotes, a missing key and a misspelt key", async () => {
    const dir = project({ "channels.yaml": channels, "n.md": notice("title: Sperrung") });
    const { code, stdout } = await runCli(["validate", "n.md", "--no-secrets"], { cwd: dir, env: { T: "x" } });
    expect(code).toBe(2);
    expect(flat(stdout)).not.toMatch(/discriminator|received undefined|received number|Invalid input/);
    expect(flat(stdout)).toContain(`The config value 'channels.stadt-mastodon.platform' is "mastodn", which is not one of: mastodon, bluesky, facebook, instagram, linkedin, threads`);
    expect(flat(stdout)).toContain("→ Did you mean 'mastodon'? Then write: platform: mastodon.");
    expect(flat(stdout)).toContain("The config value 'channels.stadt-facebook.page_id' must be text, but 1234 is read as a number.");
    expect(flat(stdout)).toContain('→ Put the value in quotes (page_id: "1234"), so that it is read as text.');
    expect(flat(stdout)).toContain("The config is missing the key 'channels.stadt-bluesky.identifier', which is required.");
    expect(flat(stdout)).toContain("The config has an unknown key 'channels.stadt-bluesky.servce'. → Did you mean 'service'?");
  });
});

describe("notice problems", () => {
  it("a title with an unquoted colon: one problem with the quoted line to paste", async () => {
    const dir = project({ "n.md": notice("title: Straßensperrung: Hauptstraße\nlang: de") });
    const { code, stdout } = await runCli(["validate", "n.md", "--config", config, "--no-secrets"], { cwd: dir });
    expect(code).toBe(2);
    expect(flat(stdout)).toContain("1 problem");
    expect(flat(stdout)).toContain("error YAML_COLON_UNQUOTED n.md:2 (title)");
    expect(flat(stdout)).toContain('paste this line instead: title: "Straßensperrung: Hauptstraße"');
    expect(flat(stdout)).not.toContain("YAML_SYNTAX");
  });

  it("a misspelt front-matter key, a value of the wrong kind and a missing key, without the validator's words", async () => {
    const dir = project({ "n.md": notice("title: Sperrung\nhashtag: [Verkehr]\nurgent: ja bitte\nimages:\n  - alt: Karte der gesperrten Hauptstraße") });
    const { stdout } = await runCli(["validate", "n.md", "--config", config, "--no-secrets"], { cwd: dir });
    expect(flat(stdout)).not.toMatch(/received|Invalid input/);
    expect(flat(stdout)).toContain("The front matter has an unknown key 'hashtag'. → Did you mean 'hashtags'?");
    expect(flat(stdout)).toContain(`The front matter value 'urgent' must be true or false, not "ja bitte".`);
    expect(flat(stdout)).toContain("The front matter is missing the key 'images.0.path', which is required.");
  });

  it("a misspelt channel in the notice and in --channel: did you mean", async () => {
    const dir = project({ "n.md": notice("title: Sperrung\nchannels: [stadt-mastodn]") });
    const validate = await runCli(["validate", "n.md", "--config", config, "--no-secrets"], { cwd: dir });
    expect(flat(validate.stdout)).toContain("The notice names the channel 'stadt-mastodn', which is not in the config. → Did you mean 'stadt-mastodon'?");
    const preview = await runCli(["preview", path.join(fixtures, "notices/ratsbeschluss.md"), "--config", config, "--channel", "blusky", "--no-images"]);
    expect(flat(preview.stdout)).toContain("--channel blusky names no configured channel or platform. → Did you mean 'bluesky'?");
  });

  it("a mistyped command: did you mean", async () => {
    const { code, stderr } = await runCli(["pots"]);
    expect(code).toBe(2);
    expect(stderr).toContain("(Did you mean post?)");
  });

  it("validate without the secrets' variables says that --no-secrets checks without them", async () => {
    const dir = project({ "n.md": notice("title: Sperrung") });
    const { stdout } = await runCli(["validate", "n.md", "--config", config], { cwd: dir });
    expect(flat(stdout)).toContain("CONFIG_ENV_MISSING");
    expect(flat(stdout)).toContain("run validate with --no-secrets");
  });

  it("an image no channel can use: one problem, not one per channel", async () => {
    const dir = project({ "n.md": notice("title: Sperrung\nimages:\n  - path: karte.png\n    alt: Karte der gesperrten Hauptstraße"), "karte.png": "not an image" });
    const validate = await runCli(["validate", "n.md", "--config", config, "--no-secrets"], { cwd: dir });
    expect(validate.stdout.match(/IMAGE_UNUSABLE/g)).toHaveLength(1);
    expect(flat(validate.stdout)).toMatch(/The image karte\.png cannot be prepared for stadt-mastodon, stadt-bluesky, .*stadt-threads: /);
    const preview = await runCli(["preview", "n.md", "--config", config], { cwd: dir });
    // Said once in full below the channels; each channel only points to it.
    expect(preview.stdout.match(/^error IMAGE_UNUSABLE/gm)).toHaveLength(1);
  });
});

describe("hints name the notice as it was typed", () => {
  it("the approval a notice in a folder needs: the command to paste has the notice's path, not its bare file name", async () => {
    const dir = project({ "channels.yaml": 'defaults: { require_approval: true }\nchannels:\n  m: { platform: mastodon, instance: "http://127.0.0.1:9", access_token: ${T} }\n' });
    mkdirSync(path.join(dir, "notices"));
    writeFileSync(path.join(dir, "notices", "sperrung.md"), notice("title: Sperrung"));
    const { code, stdout } = await runCli(["post", "notices/sperrung.md"], { cwd: dir, env: { T: "x" } });
    expect(code).toBe(2);
    expect(flat(stdout)).toContain("runs: announce approve notices/sperrung.md --key ~/.ssh/id_ed25519");
  });
});

describe("reports in words", () => {
  const notice = { id: "sperrung", title: "Sperrung", file: "notices/sperrung.md" };

  it("no internal tokens: 'nothing to delete', 'not published', 'not paused'", () => {
    const deleted = formatDelete({ notice, channels: [{ channel: "stadt-bluesky", platform: "bluesky", status: "nothing-to-delete", posts: [], warnings: [] }] }, plain);
    expect(deleted).toContain("stadt-bluesky (bluesky) nothing to delete");
    const status = formatStatus({ notice: { ...notice, content: "sha256:0" }, channels: [{ channel: "stadt-bluesky", platform: "bluesky", status: "not-published", posts: [], changed: false, version: 0, versions: [] }], recorded: false, typed: "notices/sperrung.md" }, plain);
    expect(status).toContain("stadt-bluesky (bluesky) not published");
    // Nothing in the ledger at all: a lost ledger is one reason, and adopt the way back.
    expect(status).toContain("announce adopt notices/sperrung.md --since TIME");
    expect(status).not.toContain("not-published");
    const log = formatLog({ records: [{ v: 1, at: "2026-12-05T08:00:00.000Z", actor: "M. Muster", action: "resume", outcome: "not-paused" }], warnings: [] } as Parameters<typeof formatLog>[0], plain, "/");
    expect(log).toContain("resume  not paused");
  });

  it("one channel that failed is not '1 of 1 channels'", () => {
    const report = {
      notice: { ...notice, urgent: false, content: "sha256:0" },
      dryRun: false,
      channels: [{ channel: "stadt-bluesky", platform: "bluesky", status: "failed", posts: [], warnings: [], error: { code: "NETWORK", message: "Bluesky could not be reached." } }],
    } as unknown as PublishReport;
    const text = formatPublish(report, plain);
    expect(text).not.toContain("1 of 1");
    expect(text.split("\n")[0]).toBe("Failed on stadt-bluesky: Sperrung");
  });

  it("log of a notice without records says so, not that the audit log is empty", async () => {
    const dir = project({ "channels.yaml": "channels:\n  m: { platform: mastodon, instance: https://m.example, access_token: ${T} }\n" });
    const { code, stdout } = await runCli(["log", "notices/unbekannt.md"], { cwd: dir });
    expect(code).toBe(0);
    expect(flat(stdout)).not.toContain("The audit log is empty");
    expect(flat(stdout)).toContain("The audit log has no records of notices/unbekannt.md");
  });
});

describe("closest", () => {
  it("suggests the name a typo meant, and nothing when no name is close", () => {
    expect(closest("servce", ["service", "identifier", "app_password"])).toBe("service");
    expect(closest("mastodn", ["mastodon", "bluesky"])).toBe("mastodon");
    expect(closest("mastodon", ["stadt-mastodon", "stadt-bluesky"])).toBe("stadt-mastodon");
    expect(closest("instagram", ["mastodon", "bluesky"])).toBeUndefined();
    expect(closest("xy", ["ab"])).toBeUndefined();
  });
});

describe("long lines", () => {
  it("are wrapped at 80 columns when the output is not a terminal, words and URLs kept whole", async () => {
    const dir = project({ "n.md": notice("title: Sperrung\nchannels: [stadt-mastodn]") });
    const { stdout } = await runCli(["validate", "n.md", "--config", config, "--no-secrets"], { cwd: dir });
    const lines = stdout.split("\n");
    expect(lines.some((line) => line.startsWith("    stadt-"))).toBe(true); // the hint went on over several lines
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it("wrap: continuation lines are indented, a word longer than a line stays whole", () => {
    const url = `https://www.example-stadt.de/${"x".repeat(80)}`;
    expect(wrap(`Siehe ${url} und mehr`, 40, "  → ", "    ")).toEqual(["  → Siehe", `    ${url}`, "    und mehr"]);
    expect(wrap("kurz", 40, "  ")).toEqual(["  kurz"]);
  });
});
