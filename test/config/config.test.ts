import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUTS, parseConfig, readConfig, resolveSecrets, timeoutsFor } from "../../src/config/config.js";
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

describe("timeouts: at the top and per channel", () => {
  const config = (text: string) => {
    const { config: parsed, problems } = parseConfig(text, "/x/c.yaml", {});
    expect(problems).toEqual([]);
    return parsed!;
  };
  const two = "channels:\n  slow: { platform: mastodon, instance: https://slow.example, access_token: ${S}OWN }\n  m: { platform: mastodon, instance: https://m.example, access_token: ${T} }\n";
  const withOwn = (top: string, own: string) => (top ? `timeouts: ${top}\n` : "") + two.replace("OWN", own ? `, timeouts: ${own}` : "");

  it("without any, every channel has the defaults", () => {
    const c = config(withOwn("", ""));
    expect(timeoutsFor(c, "slow")).toEqual(DEFAULT_TIMEOUTS);
    expect(timeoutsFor(c, "m")).toEqual(DEFAULT_TIMEOUTS);
  });

  it("the top-level ones hold for every channel; an urgent connect not set is 5 s, or connect when shorter", () => {
    expect(timeoutsFor(config(withOwn("{ connect: 20, request: 40 }", "")), "m")).toEqual({ connectMs: 20_000, urgentConnectMs: 5_000, requestMs: 40_000 });
    expect(timeoutsFor(config(withOwn("{ connect: 3 }", "")), "slow")).toEqual({ connectMs: 3_000, urgentConnectMs: 3_000, requestMs: 30_000 });
  });

  it("a channel's own keys override the top-level ones for that channel only; what it does not set is inherited", () => {
    const c = config(withOwn("{ connect: 10, urgent_connect: 8, request: 20 }", "{ connect: 30 }"));
    // A slow self-hosted instance waits longer to connect; an urgent notice still waits no longer than before.
    expect(timeoutsFor(c, "slow")).toEqual({ connectMs: 30_000, urgentConnectMs: 8_000, requestMs: 20_000 });
    expect(timeoutsFor(c, "m")).toEqual({ connectMs: 10_000, urgentConnectMs: 8_000, requestMs: 20_000 });
    // A shorter connect of its own shortens its urgent connect too, unless it sets that as well.
    expect(timeoutsFor(config(withOwn("{ connect: 60, urgent_connect: 60 }", "{ connect: 2 }")), "slow")).toEqual({ connectMs: 2_000, urgentConnectMs: 2_000, requestMs: 30_000 });
    expect(timeoutsFor(config(withOwn("", "{ connect: 2, urgent_connect: 4, request: 90 }")), "slow")).toEqual({ connectMs: 2_000, urgentConnectMs: 4_000, requestMs: 90_000 });
    expect(timeoutsFor(config(withOwn("", "{ request: 90 }")), "slow")).toEqual({ ...DEFAULT_TIMEOUTS, requestMs: 90_000 });
  });

  it("are not a platform setting: the channel's settings do not carry them", () => {
    const c = config(withOwn("", "{ connect: 30 }"));
    expect(c.channels[0]!.settings).not.toHaveProperty("timeouts");
    expect(c.channels[0]!.settings.instance).toBe("https://slow.example");
  });

  it("a misspelt or impossible key is a problem with its line, at the top and in a channel", () => {
    const misspelt = parseConfig(withOwn("", "{ conect: 30 }"), "/x/c.yaml", {}).problems;
    expect(misspelt).toMatchObject([{ code: "CONFIG_UNKNOWN_KEY", location: { line: 2 } }]);
    expect(misspelt[0]!.message + (misspelt[0]!.hint ?? "")).toContain("connect");
    expect(parseConfig(withOwn("", "{ connect: 0 }"), "/x/c.yaml", {}).problems).toMatchObject([{ code: "CONFIG_INVALID_VALUE", location: { line: 2, key: "channels.slow.timeouts.connect" } }]);
    expect(parseConfig(withOwn("{ request: 7200 }", ""), "/x/c.yaml", {}).problems).toMatchObject([{ code: "CONFIG_INVALID_VALUE", location: { line: 1, key: "timeouts.request" } }]);
  });

  it("the JSON Schema describes them at the top and in every channel", () => {
    const schema = configJsonSchema() as { properties: { timeouts: { description?: string }; channels: unknown } };
    expect(schema.properties.timeouts.description).toMatch(/seconds/);
    const perChannel = JSON.stringify(schema.properties.channels).split("overrides the top-level timeouts: for this channel only").length - 1;
    expect(perChannel).toBe(7); // one for each platform's entry
  });
});
