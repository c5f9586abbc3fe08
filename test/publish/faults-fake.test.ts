/**
 * The pipeline's failure handling, end to end (`announce post` as a process) against the Mastodon fake,
 * which follows the documented API incl. Idempotency-Key and 429 headers: 429 with Retry-After, a 500 on
 * status creation, a connection dropped after the server stored the status, an invalid token, and no
 * secret anywhere in output or written files.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const TOKEN = "SECRET-mastodon-token-7f3a9c1e";

describe("failures while publishing (Mastodon fake)", () => {
  const fake = new MastodonFake({ token: TOKEN, maxCharacters: 500 });
  let project: TestProject;
  const env = { M_TOKEN: TOKEN, ANNOUNCE_LOCK_STALE_MS: "2000" };

  beforeAll(async () => {
    await fake.start();
    project = await createProject(channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { lang: "de" } }));
  });
  afterAll(() => fake.stop());

  const statusesWith = (tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
  const post = (file: string, extraEnv: Record<string, string> = {}) => runCli(["post", file, "--config", project.config, "--json"], { env: { ...env, ...extraEnv } });

  it("--dry-run checks credentials and live limits, prints the plan and publishes nothing", async () => {
    const dryFake = new MastodonFake({ token: TOKEN, maxCharacters: 1234 });
    await dryFake.start();
    try {
      const dry = await createProject(channels({ m: mastodonChannel({ instance: dryFake.url, access_token: "${M_TOKEN}" }) }));
      const file = dry.writeNotice("trocken", { title: "Trocken" }, "Meldung dry-run.");
      const result = await runCli(["post", file, "--config", dry.config, "--dry-run", "--json"], { env });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.dryRun).toBe(true);
      expect(report.channels[0]).toMatchObject({ channel: "m", status: "planned", account: expect.stringContaining("stadt") });
      // Rendered with the instance's live limit, not the default 500.
      expect(report.plan.channels[0].posts[0].limit).toBe(1234);
      expect(dryFake.requestsTo("GET", "/api/v1/accounts/verify_credentials")).toHaveLength(1);
      expect(dryFake.requestsTo("POST", "/api/v1/statuses")).toHaveLength(0);
      expect(dryFake.statuses).toHaveLength(0);
      const human = await runCli(["post", file, "--config", dry.config, "--dry-run"], { env });
      expect(human.stdout).toContain("Dry run");
      expect(human.stdout).toContain("post 1/1 · ");
    } finally {
      await dryFake.stop();
    }
  });

  it("status and due judge 'all published' by the plan made at publishing time (live limit), not by the offline plan", async () => {
    const wide = new MastodonFake({ token: TOKEN, maxCharacters: 2000 });
    await wide.start();
    try {
      const live = await createProject(channels({ m: mastodonChannel({ instance: wide.url, access_token: "${M_TOKEN}" }) }));
      // About 1,100 characters: a thread under the default 500, one post under the instance's 2000.
      const body = Array.from({ length: 9 }, (_, i) => `Satz ${i + 1} der Meldung über die Sperrung der Brücke am Hafen, mit Umleitung über die Ringstraße und dem Ersatzverkehr.`).join(" ");
      const file = live.writeNotice("breit", { title: "Breit" }, body);
      const offline = JSON.parse((await runCli(["preview", file, "--config", live.config, "--json"], { env })).stdout);
      expect(offline.channels[0].posts.length).toBeGreaterThan(1);
      const posted = await runCli(["post", file, "--config", live.config, "--json"], { env });
      expect(posted.code, posted.stderr).toBe(0);
      expect(JSON.parse(posted.stdout).channels[0].posts).toHaveLength(1);
      expect(wide.liveStatuses).toHaveLength(1);
      const status = JSON.parse((await runCli(["status", file, "--config", live.config, "--json"], { env })).stdout);
      expect(status.channels[0]).toMatchObject({ channel: "m", status: "published", changed: false });
      const due = JSON.parse((await runCli(["due", live.dir, "--config", live.config, "--json"], { env })).stdout);
      expect(due).toMatchObject({ alreadyPublished: 1, notices: [] });
      expect(wide.liveStatuses).toHaveLength(1);
    } finally {
      await wide.stop();
    }
  });

  it("prepares images within the instance's own image_size_limit", async () => {
    const small = new MastodonFake({ token: TOKEN, imageSizeLimit: 300_000 });
    await small.start();
    try {
      const limited = await createProject(channels({ m: mastodonChannel({ instance: small.url, access_token: "${M_TOKEN}" }) }));
      // Noise does not compress: a PNG of about 1.4 MB, well within Mastodon's usual 16 MiB.
      const noise = Buffer.alloc(800 * 600 * 3);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
      writeFileSync(path.join(limited.dir, "images", "rauschen.png"), await sharp(noise, { raw: { width: 800, height: 600, channels: 3 } }).png().toBuffer());
      const file = limited.writeNotice("klein", { title: "Klein", images: [{ path: "images/rauschen.png", alt: "Ein Bild aus zufälligem Rauschen" }] }, "Meldung kleinbild.");
      const result = await runCli(["post", file, "--config", limited.config, "--json"], { env });
      expect(result.code, result.stdout).toBe(0);
      const uploaded = small.requestsTo("POST", "/api/v2/media");
      expect(uploaded).toHaveLength(1);
      expect(uploaded[0]!.body.length).toBeLessThan(320_000);
      expect(small.liveStatuses.filter((s) => s.text.includes("kleinbild"))).toHaveLength(1);
    } finally {
      await small.stop();
    }
  });

  it("waits as long as a 429's Retry-After says, then publishes once", async () => {
    const file = project.writeNotice("rate", { title: "Rate" }, "Meldung rate-limit.");
    fake.fail429("/api/v1/statuses", { retryAfterSeconds: 1 });
    const started = Date.now();
    // Without --json, progress (including the retry) goes to stderr.
    const result = await runCli(["post", file, "--config", project.config], { env });
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result.stderr).toMatch(/post 1: rate limited \(RATE_LIMITED\), retrying in 1\.\d s \(attempt 2\/5\)/);
    expect(result.stdout).toContain("Published");
    expect(statusesWith("rate-limit")).toHaveLength(1);
  });

  it("reconciles after a 500 on creation and publishes exactly once", async () => {
    const file = project.writeNotice("server", { title: "Server" }, "Meldung server-error.");
    fake.fail500("/api/v1/statuses");
    const result = await post(file);
    expect(result.code).toBe(0);
    expect(statusesWith("server-error")).toHaveLength(1);
  });

  it("finds the status after the connection dropped once the server had stored it, and does not post again", async () => {
    const file = project.writeNotice("dropped", { title: "Dropped" }, "Meldung dropped-connection.");
    fake.dropAfterStore("/api/v1/statuses");
    const result = await post(file);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).channels[0].posts[0].reconciled).toBe(true);
    expect(statusesWith("dropped-connection")).toHaveLength(1);
  });

  it("sends the same Idempotency-Key when a re-run retries a post whose outcome was unknown", async () => {
    const file = project.writeNotice("idem", { title: "Idem" }, "Meldung idempotency.");
    // The first run dies after recording its intent, before the server answered anything.
    const killed = await post(file, { ANNOUNCE_TEST_CRASH: "after:1" });
    expect(killed.signal).toBe("SIGKILL");
    expect(await post(file).then((r) => r.code)).toBe(0);
    const keys = fake.requestsTo("POST", "/api/v1/statuses").map((r) => r.headers["idempotency-key"]);
    const stored = statusesWith("idempotency");
    expect(stored).toHaveLength(1);
    expect(keys).toContain(stored[0]!.idempotencyKey);
  });

  it("fails fast on an invalid token: exit 2, a clear message, no retry, nothing published", async () => {
    const file = project.writeNotice("token", { title: "Token" }, "Meldung invalid-token.");
    const before = fake.requests.length;
    const result = await runCli(["post", file, "--config", project.config], { env: { ...env, M_TOKEN: "SECRET-wrong-token-0b5d" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("AUTH_INVALID");
    expect(result.stdout).toMatch(/token/i);
    const calls = fake.requests.slice(before);
    expect(calls.filter((r) => r.path === "/api/v1/accounts/verify_credentials")).toHaveLength(1);
    expect(calls.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(result.stdout + result.stderr).not.toContain("SECRET-wrong-token-0b5d");
  });

  it("never writes the token to output, the ledger, the audit log or any other file", async () => {
    const file = project.writeNotice("secret", { title: "Secret" }, "Meldung secret-check.");
    fake.fail500("/api/v1/statuses", "POST", 5); // make it fail, so error paths write too
    const failed = await post(file);
    expect(failed.code).toBe(1);
    const ok = await post(file);
    const status = await runCli(["status", file, "--config", project.config, "--json"], { env });
    const log = await runCli(["log", "--config", project.config], { env });
    for (const run of [failed, ok, status, log]) expect(run.stdout + run.stderr).not.toContain(TOKEN);
    const written = project.writtenFiles();
    expect(written.some((f) => f.file.includes("ledger"))).toBe(true);
    for (const { file: name, content } of written) expect(content.includes(TOKEN), name).toBe(false);
  });
});
