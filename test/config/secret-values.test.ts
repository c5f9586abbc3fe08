/**
 * Secrets that are wrong in form, and secrets in places they should not be: a token with a line break is
 * invalid input (exit 2, no request, no retries), and a password inside a configured URL
 * (https://user:password@host) is never printed nor written into the state folder.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, resolveSecrets } from "../../src/config/config.js";
import { Redactor } from "../../src/redact.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function project(instance: string): { dir: string; config: string; notice: string } {
  const dir = tempDir();
  const config = path.join(dir, "channels.yaml");
  writeFileSync(config, channels({ m: mastodonChannel({ instance, access_token: "${M_TOKEN}" }) }));
  const notice = path.join(dir, "meldung.md");
  writeFileSync(notice, "---\ntitle: Straßensperrung\n---\nDie Kampstraße ist gesperrt.\n");
  return { dir, config, notice };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("a token with a line break", () => {
  it("is CONFIG_SECRET_INVALID, not a missing variable", () => {
    const { config } = parseConfig(channels({ m: mastodonChannel({ instance: "https://social.example", access_token: "${M_TOKEN}" }) }), "/x/c.yaml", {});
    const { problems, secrets } = resolveSecrets(config!.channels[0]!, { M_TOKEN: "tok-123\n" });
    expect(problems.map((p) => p.code)).toEqual(["CONFIG_SECRET_INVALID"]);
    expect(problems[0]!.message).toContain("M_TOKEN");
    expect(problems[0]!.message).not.toContain("tok-123");
    expect(secrets).toEqual({});
  });

  it("post: exit 2 with CONFIG_SECRET_INVALID before any request (not a network failure after retries)", async () => {
    const { config, notice } = project("http://127.0.0.1:1");
    const result = await runCli(["post", notice, "--config", config, "--json"], { env: { M_TOKEN: "abcd-token\nX-Injected: 1" } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems.map((p: { code: string }) => p.code)).toEqual(["CONFIG_SECRET_INVALID"]);
    expect(result.stdout + result.stderr).not.toContain("abcd-token");
  });
});

describe("a password in a configured URL", () => {
  it("is redacted from any text", () => {
    const redactor = new Redactor();
    expect(redactor.redact("fetch https://pressestelle:Geheim%21Wort@social.example/api/v1/statuses failed")).toBe(
      "fetch https://pressestelle:***@social.example/api/v1/statuses failed",
    );
    expect(redactor.redact("see https://social.example/@stadt and mailto:a@b.de")).toBe("see https://social.example/@stadt and mailto:a@b.de");
  });

  it("is refused in the config (exit 2), and appears in no output and no file", async () => {
    const { dir, config, notice } = project("http://pressestelle:Geheim1Wort@127.0.0.1:1");
    for (const args of [["post", notice, "--json"], ["post", notice], ["check", "--json"], ["validate", notice]]) {
      const result = await runCli([...args, "--config", config], { env: { M_TOKEN: "token-abcdef" } });
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).toContain("CONFIG_INVALID_VALUE");
      expect(result.stdout + result.stderr).not.toContain("Geheim1Wort");
    }
    for (const file of filesUnder(dir).filter((f) => f !== config)) expect(readFileSync(file, "utf8"), file).not.toContain("Geheim1Wort");
  });
});
