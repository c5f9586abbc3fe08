import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, readConfig, resolveSecrets } from "../../src/config/config.js";
import { configJsonSchema } from "../../src/config/schema.js";
import { projectRoot } from "../helpers/cli.js";

describe("channels.yaml", () => {
  it("reads the shipped example with every platform", async () => {
    const { config, problems } = await readConfig(path.join(projectRoot, "channels.example.yaml"), {});
    expect(problems).toEqual([]);
    expect(config!.channels.map((c) => c.platform)).toEqual(["website", "mastodon", "bluesky", "facebook", "instagram", "linkedin", "threads"]);
    expect(config!.stateDir).toBe(path.join(projectRoot, ".announce"));
    // Secrets stay references until a channel connects.
    expect(config!.channels[1]!.settings.access_token).toBe("${MASTODON_TOKEN}");
  });

  it("accepts the compact flow style with unquoted ${VAR}", () => {
    const { config, problems } = parseConfig("channels:\n  m: { platform: mastodon, instance: https://m.example, access_token: ${MASTO_TOKEN} }\n", "/x/c.yaml", {});
    expect(problems).toEqual([]);
    expect(config!.channels[0]!.settings.access_token).toBe("${MASTO_TOKEN}");
  });

  it("names the missing environment variable", () => {
    const { config } = parseConfig("channels:\n  m: { platform: mastodon, instance: https://m.example, access_token: ${MASTO_TOKEN} }\n", "/x/c.yaml", {});
    const { problems, secrets } = resolveSecrets(config!.channels[0]!, {}, "/x/c.yaml");
    expect(secrets).toEqual({});
    expect(problems[0]).toMatchObject({ code: "CONFIG_ENV_MISSING", channel: "m" });
    expect(problems[0]!.message).toContain("MASTO_TOKEN");
    expect(resolveSecrets(config!.channels[0]!, { MASTO_TOKEN: "tok-123" }).secrets).toEqual({ access_token: "tok-123" });
  });

  it("fills ${VAR} in other values and reports missing ones with their line", () => {
    const text = "channels:\n  m:\n    platform: mastodon\n    instance: ${MASTO_URL}\n    access_token: ${T}\n";
    expect(parseConfig(text, "/x/c.yaml", { MASTO_URL: "https://m.example" }).config!.channels[0]!.settings.instance).toBe("https://m.example");
    const { problems } = parseConfig(text, "/x/c.yaml", {});
    expect(problems.find((p) => p.code === "CONFIG_ENV_MISSING")).toMatchObject({ location: { line: 4, key: "channels.m.instance" } });
  });

  it("refuses a secret written into the file, without repeating it", () => {
    const { problems } = parseConfig("channels:\n  m: { platform: mastodon, instance: https://m.example, access_token: abcdef123456 }\n", "/x/c.yaml", {});
    expect(problems[0]).toMatchObject({ code: "CONFIG_SECRET_LITERAL", location: { line: 2 } });
    expect(JSON.stringify(problems)).not.toContain("abcdef123456");
  });

  it("reports unknown platforms and keys, all at once", () => {
    const { problems } = parseConfig("channels:\n  x: { platform: myspace }\n  m: { platform: mastodon, instance: https://m.example, access_token: ${T}, colour: red }\n", "/x/c.yaml", {});
    expect(problems.map((p) => p.code).sort()).toEqual(["CONFIG_INVALID_VALUE", "CONFIG_UNKNOWN_KEY"]);
    expect(problems.find((p) => p.code === "CONFIG_INVALID_VALUE")!.location).toMatchObject({ line: 2 });
  });

  it("LinkedIn client credentials: optional, together, the secret as a reference; token_expires_at a date", () => {
    const li = (extra: string) => parseConfig(`channels:\n  li: { platform: linkedin, organization: "urn:li:organization:1", access_token: \${LI}${extra} }\n`, "/x/c.yaml", {});
    expect(li("").problems).toEqual([]);
    const { config, problems } = li(", client_id: abc, client_secret: ${LI_SECRET}, token_expires_at: 2027-01-31");
    expect(problems).toEqual([]);
    expect(resolveSecrets(config!.channels[0]!, { LI: "t-1" }).problems[0]).toMatchObject({ code: "CONFIG_ENV_MISSING", location: { key: "channels.li.client_secret" } });
    expect(resolveSecrets(config!.channels[0]!, { LI: "t-1", LI_SECRET: "s-1" }).secrets).toEqual({ access_token: "t-1", client_secret: "s-1" });
    expect(li(", client_id: abc").problems[0]!.message).toMatch(/client_id and client_secret go together/);
    expect(li(", client_id: abc, client_secret: plain-secret-value").problems[0]).toMatchObject({ code: "CONFIG_SECRET_LITERAL" });
    expect(li(", token_expires_at: next week").problems[0]!.message).toMatch(/a date such as 2027-01-31/);
  });

  it("ships a JSON Schema in sync with the zod schema", () => {
    const shipped = JSON.parse(readFileSync(path.join(projectRoot, "schema/channels.schema.json"), "utf8"));
    expect(shipped).toEqual(configJsonSchema());
  });
});
