/** `announce check`: credentials, limits, quotas and token expiry, per channel. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, facebookChannel, instagramChannel, linkedinChannel, mastodonChannel, threadsChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

describe("announce check", () => {
  const inFiveDays = Math.floor(Date.now() / 1000) + 5 * 86_400;
  const graph = new GraphFake({ pageId: "1234", pageToken: "fb-check-token", igUserId: "1784", igToken: "ig-check-token", tokenExpiresAt: inFiveDays, quotaTotal: 50 });
  const threads = new ThreadsFake({ userId: "1789", token: "th-check-token", tokenExpiresAt: Math.floor(Date.now() / 1000) + 10 * 86_400 });
  const threadsNoTester = new ThreadsFake({ userId: "1790", token: "th2-check-token", tester: false });
  const linkedin = new LinkedInFake({ token: "li-check-token", organization: "urn:li:organization:123" });
  const linkedinSoon = new LinkedInFake({ token: "li-check-token", organization: "urn:li:organization:123", tokenExpiresAt: inFiveDays });
  const mastodon = new MastodonFake({ token: "m-check-token", maxCharacters: 1000 });
  let project: TestProject;
  const env = { FB: "fb-check-token", IG: "ig-check-token", TH: "th-check-token", TH2: "th2-check-token", LI: "li-check-token", LI_SECRET: "fake-client-secret", LI_WRONG: "wrong-client-secret", M: "m-check-token" };
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    await Promise.all([graph.start(), threads.start(), threadsNoTester.start(), linkedin.start(), linkedinSoon.start(), mastodon.start()]);
    project = await createProject(
      channels({
        m: mastodonChannel({ instance: mastodon.url, access_token: "${M}" }),
        fb: facebookChannel({ page_id: "1234", access_token: "${FB}", api_url: graph.url }),
        ig: instagramChannel({ ig_user_id: "1784", access_token: "${IG}", api_url: graph.url, media_base_url: "https://media.example/", media_dir: "./media" }),
        th: threadsChannel({ user_id: "1789", access_token: "${TH}", api_url: threads.url }),
        li: linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LI}", api_url: linkedin.url, version: "202401", client_id: "fake-client-id", client_secret: "${LI_SECRET}", oauth_url: `${linkedin.url}/oauth/v2` }),
        "li-wrong": linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LI}", api_url: linkedin.url, client_id: "fake-client-id", client_secret: "${LI_WRONG}", oauth_url: `${linkedin.url}/oauth/v2` }),
        "li-soon": linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LI}", api_url: linkedinSoon.url, client_id: "fake-client-id", client_secret: "${LI_SECRET}", oauth_url: `${linkedinSoon.url}/oauth/v2` }),
        "li-plain": linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LI}", api_url: linkedin.url, token_expires_at: inThreeDays }),
        "th-no-tester": threadsChannel({ user_id: "1790", access_token: "${TH2}", api_url: threadsNoTester.url }),
      }),
    );
  });
  afterAll(() => Promise.all([graph.stop(), threads.stop(), threadsNoTester.stop(), linkedin.stop(), linkedinSoon.stop(), mastodon.stop()]));

  it("shows live limits, quotas and expiring tokens, and warns about them", async () => {
    const result = await runCli(["check", "--config", project.config, "--json"], { env });
    expect(result.code).toBe(0);
    const checks = JSON.parse(result.stdout).channels as { channel: string; ok: boolean; limits?: { maxCharacters?: number }; quota?: { total: number }; tokenExpiresAt?: string; scopes?: string[]; warnings: string[] }[];
    const by = (name: string) => checks.find((c) => c.channel === name)!;
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(by("m").limits!.maxCharacters).toBe(1000);
    expect(by("ig").quota!.total).toBe(50);
    expect(by("fb").tokenExpiresAt).toBeDefined();
    expect(by("fb").warnings.join(" ")).toMatch(/of fb expires on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \([+-]\d{2}:\d{2}\), in [45] days/);
    expect(by("li").warnings.join(" ")).toMatch(/version/i);
    // Threads debug_token: expiry and scopes, and the 14-day warning.
    expect(by("th").tokenExpiresAt).toBeDefined();
    expect(by("th").warnings.join(" ")).toMatch(/of th expires on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \([+-]\d{2}:\d{2}\), in (9|10) days/);
    expect(by("th-no-tester").tokenExpiresAt).toBeUndefined();
    expect(by("th-no-tester").warnings.join(" ")).toMatch(/expiry could not be read .*token_expires_at/);
    // LinkedIn token introspection with the app's client credentials: 60 days, so no warning about it.
    expect(Date.parse(by("li").tokenExpiresAt!) - Date.now()).toBeGreaterThan(50 * 86_400_000);
    expect(by("li").scopes).toEqual(["w_organization_social"]);
    expect(by("li").warnings.join(" ")).not.toMatch(/expires on/);
    expect(by("li-soon").warnings.join(" ")).toMatch(/of li-soon expires on \d{4}-\d\d-\d\d \d\d:\d\d \([+-]\d\d:\d\d\), in [45] days/);
    expect(by("ig").warnings.join(" ")).toMatch(/of ig expires on \d{4}-\d\d-\d\d \d\d:\d\d \([+-]\d\d:\d\d\), in [45] days/);
    expect(by("li-wrong").ok).toBe(true);
    expect(by("li-wrong").tokenExpiresAt).toBeUndefined();
    expect(by("li-wrong").warnings.join(" ")).toMatch(/did not accept client_id\/client_secret of li-wrong .*Client authentication failed/);
    // Without introspection, the expiry written into the config.
    expect(by("li-plain")).toMatchObject({ tokenExpiresAt: `${inThreeDays}T00:00:00.000Z`, tokenExpirySource: "config" });
    expect(by("li-plain").warnings.join(" ")).toMatch(/of li-plain expires on .* \(token_expires_at in the config\), in [23] days/);
    for (const secret of Object.values(env)) expect(result.stdout + result.stderr).not.toContain(secret);
    // What reached the LinkedIn fake: one introspection per channel with client credentials, as a form.
    const introspections = linkedin.requests.filter((r) => r.path === "/oauth/v2/introspectToken");
    expect(introspections).toHaveLength(2); // li and li-wrong; li-soon asked its own fake
    expect(new URLSearchParams(introspections[0]!.body.toString()).get("token")).toBe("li-check-token");
  });

  it("fails a channel with a bad token (exit 1) and says what to do", async () => {
    const result = await runCli(["check", "--config", project.config, "--channel", "m"], { env: { ...env, M: "wrong-check-token" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("AUTH_INVALID");
    expect(result.stdout).toContain("→");
  });
});
