/**
 * The `.env` file beside the config: read with Node's parser, the environment wins, every value redacted
 * from all output, written back with mode 0600 without losing other lines. In-process through `main` with
 * a command that shows what it got, and as a whole process against the Mastodon fake.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCommand, type AnyCommand } from "../src/commands/command.js";
import { envLine, parseEnvText, withEnvFile, writeEnvVariables } from "../src/env-file.js";
import { ExitCode } from "../src/problems.js";
import { main } from "../src/program.js";
import { MastodonFake } from "./fakes/mastodon.js";
import { channels, mastodonChannel } from "./helpers/channels.js";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const TOKEN = "envfile-secret-token-7f3a9c";

/** A command that prints the variables it was given, as a careless command would. */
const show: AnyCommand = defineCommand({
  name: "show",
  description: "prints variables",
  arguments: [{ name: "<names...>", description: "variable names" }],
  async run([names]: [string[]], _options: unknown, ctx) {
    return names.map((n) => `${n}=${ctx.env[n] ?? "(unset)"}`);
  },
  async present(lines) {
    return { json: lines, human: lines.join("\n"), exitCode: ExitCode.Ok };
  },
});

async function runShow(dir: string, env: Record<string, string>, ...names: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["show", ...names, "--config", path.join(dir, "channels.yaml")], { stdout: { write: (t: string) => (stdout += t) }, stderr: () => ({ write: (t: string) => (stderr += t) }), env, cwd: dir }, [show]);
  return { code, stdout, stderr };
}

describe(".env beside the config", () => {
  it("fills in what the environment lacks; the environment wins", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, ".env"), `# Zugangsdaten\nM_TOKEN='${TOKEN}'\nexport OTHER="from-file-value"\nEMPTY=\n`);
    const loaded = await withEnvFile({ OTHER: "from-environment", KEEP: "x" }, path.join(dir, "channels.yaml"));
    expect(loaded.env).toEqual({ M_TOKEN: TOKEN, OTHER: "from-environment", KEEP: "x" });
    expect(loaded.file).toBe(path.join(dir, ".env"));
    // An empty variable in the environment counts as not set.
    expect((await withEnvFile({ M_TOKEN: "" }, path.join(dir, "channels.yaml"))).env.M_TOKEN).toBe(TOKEN);
    // No file: the environment as it is.
    expect(await withEnvFile({ A: "1" }, path.join(tempDir(), "channels.yaml"))).toEqual({ env: { A: "1" }, secrets: [] });
  });

  it("redacts every value of the file from the output, also one the environment overrides", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, ".env"), `M_TOKEN=${TOKEN}\nOTHER=overridden-file-value\n`);
    const { code, stdout } = await runShow(dir, { OTHER: "overridden-file-value-from-env" }, "M_TOKEN", "OTHER");
    expect(code).toBe(0);
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).toContain("M_TOKEN=***");
    expect(stdout).not.toContain("overridden-file-value");
  });

  it("a .env that cannot be read (here: a folder) is invalid input, named, not taken for a missing file", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, ".env"));
    const { code, stdout } = await runShow(dir, {}, "M_TOKEN");
    expect(code).toBe(ExitCode.InvalidInput);
    expect(stdout).toContain("ENV_FILE_UNREADABLE");
  });

  it("is written with mode 0600, replacing the variable's line and keeping the others", async () => {
    const file = path.join(tempDir(), ".env");
    writeFileSync(file, "# Kommentar\nA=1\nexport M_TOKEN=old\nB='zwei'\n", { mode: 0o644 });
    await writeEnvVariables(file, { M_TOKEN: "neu#mit$zeichen und leerzeichen", C: "drei" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    expect(text).toBe("# Kommentar\nA=1\nM_TOKEN='neu#mit$zeichen und leerzeichen'\nB='zwei'\nC='drei'\n");
    expect(parseEnvText(text)).toEqual({ A: "1", M_TOKEN: "neu#mit$zeichen und leerzeichen", B: "zwei", C: "drei" });
    const fresh = path.join(tempDir(), ".env");
    await writeEnvVariables(fresh, { X: "y" });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(() => envLine("X", "it's")).toThrow();
    expect(() => envLine("1X", "a")).toThrow();
  });
});

describe(".env in a real run (Mastodon fake)", () => {
  const fake = new MastodonFake({ token: TOKEN });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it("check takes the token from .env and never shows it; a token in the environment wins", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "channels.yaml"), channels({ stadt: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }));
    writeFileSync(path.join(dir, ".env"), `M_TOKEN=${TOKEN}\n`, { mode: 0o600 });
    const ok = await runCli(["check", "--json"], { cwd: dir });
    expect(ok.code, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout).channels[0]).toMatchObject({ channel: "stadt", ok: true });
    const wrong = await runCli(["check", "--json"], { cwd: dir, env: { M_TOKEN: "a-wrong-token-from-the-environment" } });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).channels[0].error.code).toBe("AUTH_INVALID");
    for (const run of [ok, wrong]) expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});
