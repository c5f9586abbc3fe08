/** `announce check`: credentials, limits, quotas and token expiry, per channel. */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake, ThreadsFake } from "./fakes/graph.js";
import { LinkedInFake } from "./fakes/linkedin.js";
import { MastodonFake } from "./fakes/mastodon.js";
import { runCli } from "./helpers/cli.js";
import { createProject, type TestProject } from "./helpers/project.js";

describe("announce check", () => {
  const inFiveDays = Math.floor(Date.now() / 1000) + 5 * 86_400;
  const graph = new GraphFake({ pageId: "1234", pageToken: "fb-check-token", igUserId: "1784", igToken: "ig-check-token", tokenExpiresAt: inFiveDays, quotaTotal: 50 });
  const threads = new ThreadsFake({ userId: "1789", token: "th-check-token" });
  const linkedin = new LinkedInFake({ token: "li-check-token", organization: "urn:li:organization:123" });
  const mastodon = new MastodonFake({ token: "m-check-token", maxCharacters: 1000 });
  let project: TestProject;
  const env = { FB: "fb-check-token", IG: "ig-check-token", TH: "th-check-token", LI: "li-check-token", M: "m-check-token" };

  beforeAll(async () => {
    await Promise.all([graph.start(), threads.start(), linkedin.start(), mastodon.start()]);
    project = await createProject("channels: {}\n");
    writeFileSync(
      project.config,
      [
        "channels:",
        `  m: { platform: mastodon, instance: ${mastodon.url}, access_token: \${M} }`,
        `  fb: { platform: facebook, page_id: "1234", access_token: \${FB}, api_url: ${graph.url} }`,
        `  ig: { platform: instagram, ig_user_id: "1784", access_token: \${IG}, api_url: ${graph.url}, media_base_url: https://media.example/, media_dir: ./media }`,
        `  th: { platform: threads, user_id: "1789", access_token: \${TH}, api_url: ${threads.url} }`,
        `  li: { platform: linkedin, organization: "urn:li:organization:123", access_token: \${LI}, api_url: ${linkedin.url}, version: "202401" }`,
      ].join("\n") + "\n",
    );
  });
  afterAll(() => Promise.all([graph.stop(), threads.stop(), linkedin.stop(), mastodon.stop()]));

  it("shows live limits, quotas and expiring tokens, and warns about them", async () => {
    const result = await runCli(["check", "--config", project.config, "--json"], { env });
    expect(result.code).toBe(0);
    const checks = JSON.parse(result.stdout).channels as { channel: string; ok: boolean; limits?: { maxCharacters?: number }; quota?: { total: number }; tokenExpiresAt?: string; warnings: string[] }[];
    const by = (name: string) => checks.find((c) => c.channel === name)!;
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(by("m").limits!.maxCharacters).toBe(1000);
    expect(by("ig").quota!.total).toBe(50);
    expect(by("fb").tokenExpiresAt).toBeDefined();
    expect(by("fb").warnings.join(" ")).toMatch(/expires in [45] days/);
    expect(by("li").warnings.join(" ")).toMatch(/version/i);
    expect(result.stdout).not.toContain("fb-check-token");
  });

  it("fails a channel with a bad token (exit 1) and says what to do", async () => {
    const result = await runCli(["check", "--config", project.config, "--channel", "m"], { env: { ...env, M: "wrong-check-token" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("AUTH_INVALID");
    expect(result.stdout).toContain("→");
  });
});
