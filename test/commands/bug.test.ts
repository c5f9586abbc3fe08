/**
 * A bug in one channel's code, through the CLI as a process: the other channel publishes, the report is
 * printed (that channel failed with INTERNAL_ERROR), then the stack goes to stderr and the exit code is 70.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const ONE = "SECRET-bug-token-one-51c8";
const TWO = "SECRET-bug-token-two-93d0";

describe("a bug in one channel's code", () => {
  const one = new MastodonFake({ token: ONE });
  const two = new MastodonFake({ token: TWO });
  let project: TestProject;
  const env = { ONE, TWO };

  beforeAll(async () => {
    await Promise.all([one.start(), two.start()]);
    project = await createProject(channels({ m1: mastodonChannel({ instance: one.url, access_token: "${ONE}" }), m2: mastodonChannel({ instance: two.url, access_token: "${TWO}" }) }));
  });
  afterAll(() => Promise.all([one.stop(), two.stop()]));

  /** m2 answers its next status creation with a 200 whose body is `null`: the client reads the id of nothing. */
  const breakNextCreate = () => two.failNext("POST", "/api/v1/statuses", { kind: "respond", response: { status: 200, headers: { "content-type": "application/json" }, body: "null" } });

  it("post --json: the report with INTERNAL_ERROR on that channel (no bug in the JSON), then the stack; exit 70", async () => {
    const file = project.writeNotice("bug-json", { title: "Bug" }, "Meldung bug-json.");
    breakNextCreate();
    const result = await runCli(["post", file, "--config", project.config, "--json"], { env });
    expect(result.code).toBe(70);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.channels).toMatchObject([
      { channel: "m1", status: "published" },
      { channel: "m2", status: "failed", error: { code: "INTERNAL_ERROR" } },
    ]);
    expect(Object.keys(report.channels[1])).not.toContain("bug");
    expect(result.stderr).toMatch(/^announce: internal error in channel m2: TypeError: .*\n\s+at /);
    expect(result.stderr).toContain("Please report this with the command you ran.");
    expect(one.liveStatuses.filter((s) => s.text.includes("bug-json"))).toHaveLength(1);
    for (const token of [ONE, TWO]) expect(result.stdout + result.stderr).not.toContain(token);
  });

  it("post, for people: the report on stdout, the stack on stderr after the progress; exit 70", async () => {
    const file = project.writeNotice("bug-human", { title: "Bug für Menschen" }, "Meldung bug-human.");
    breakNextCreate();
    const result = await runCli(["post", file, "--config", project.config], { env });
    expect(result.code).toBe(70);
    expect(result.stdout).toMatch(/1 of 2 channels failed: Bug für Menschen/);
    expect(result.stdout).toContain("INTERNAL_ERROR");
    expect(result.stderr.indexOf("internal error in channel m2")).toBeGreaterThan(result.stderr.indexOf("m2: failed"));
  });

  it("check: a bug while checking one channel fails that check alone, the other is checked; the stack follows; exit 70", async () => {
    // verify_credentials answers 200 with `null`: the client reads the username of nothing.
    two.failNext("GET", "/api/v1/accounts/verify_credentials", { kind: "respond", response: { status: 200, headers: { "content-type": "application/json" }, body: "null" } });
    const result = await runCli(["check", "--config", project.config, "--json"], { env });
    expect(result.code).toBe(70);
    const report = JSON.parse(result.stdout);
    expect(report.channels).toMatchObject([
      { channel: "m1", ok: true },
      { channel: "m2", ok: false, error: { code: "INTERNAL_ERROR" } },
    ]);
    expect(Object.keys(report.channels[1])).not.toContain("bug");
    expect(result.stderr).toMatch(/^announce: internal error in channel m2: TypeError: .*\n\s+at /);
  });
});
