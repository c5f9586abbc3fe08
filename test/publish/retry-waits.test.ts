/**
 * Waits a platform announces, measured where they matter: on the server. Each fake answers the first
 * create request with a throttle (429 with Retry-After and/or X-RateLimit-Reset, or Meta's throttling codes
 * with X-Business-Use-Case-Usage), and the recorded arrival times (`RecordedRequest.at`) show that the next
 * create request came no earlier than the announced wait (a lower bound only: a slow machine is fine).
 * A wait longer than the retry policy's `maxWaitMs` (5 minutes, not tunable from the environment) fails the
 * channel at once as RATE_LIMITED instead of sleeping.
 *
 * Also the Mastodon instance limits as `post --dry-run --json` plans them: `/api/v2/instance`, falling back
 * to `/api/v1/instance` (`configuration.statuses.max_characters`, or Pleroma's `max_toot_chars`), then to 500
 * with a warning. (v2 answering is covered by faults-fake.test.ts and test/platforms/mastodon.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeResponse, FakeServer, RecordedRequest } from "../fakes/fake-server.js";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { MastodonFake } from "../fakes/mastodon.js";
import { type StaticServer } from "../fakes/static-server.js";
import { channels as channelsYaml, mastodonChannel } from "../helpers/channels.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { createFakesProject, createProject, type TestProject } from "../helpers/project.js";

const M_TOKEN = "SECRET-mastodon-token-wait-51c2";
const env = { M_TOKEN, FB: "fb-token-w", IG: "ig-token-w", TH: "th-token-w", LI: "li-token-w", ANNOUNCE_LOCK_STALE_MS: "2000" };

/**
 * Timer and clock slack: a wait may end a few milliseconds "early" as the server measures it. Waits are 2 s
 * or more, longer than the policy's first backoff without a platform's word (0.5-1 s), so a wait that is
 * ignored shows.
 */
const SLACK_MS = 50;
/** A run that must not sleep is killed after this (a normal run takes a second or two). */
const QUICK_RUN_MS = 20_000;

const mastodon = new MastodonFake({ token: M_TOKEN, maxCharacters: 500 });
const graph = new GraphFake({ pageId: "1234", pageToken: env.FB, igUserId: "1784", igToken: env.IG });
const threads = new ThreadsFake({ userId: "1789", token: env.TH });
const linkedin = new LinkedInFake({ token: env.LI, organization: "urn:li:organization:123" });
let media: StaticServer;
let project: TestProject;

beforeAll(async () => {
  await Promise.all([mastodon.start(), graph.start(), threads.start(), linkedin.start()]);
  ({ project, media } = await createFakesProject({ mastodon: mastodon.url, facebook: graph.url, instagram: graph.url, threads: threads.url, linkedin: linkedin.url }));
});
afterAll(async () => {
  await Promise.all([mastodon.stop(), graph.stop(), threads.stop(), linkedin.stop(), media?.stop()]);
});

interface Channel {
  name: string;
  fake: FakeServer;
  /** Route pattern of the request that creates (publishes) a post, as the fake records it. */
  create: string;
  /** Live copies of the post carrying `tag`. */
  copies: (tag: string) => number;
  images?: boolean;
}

const channels: Record<string, Channel> = {
  m: { name: "m", fake: mastodon, create: "/api/v1/statuses", copies: (t) => mastodon.liveStatuses.filter((s) => s.text.includes(t)).length },
  fb: { name: "fb", fake: graph, create: "/:version/:id/feed", copies: (t) => graph.pagePosts.filter((p) => p.published && !p.deleted && p.message?.includes(t)).length },
  ig: { name: "ig", fake: graph, create: "/:version/:id/media_publish", copies: (t) => graph.igMedia.filter((m) => m.caption?.includes(t)).length, images: true },
  th: { name: "th", fake: threads, create: "/:version/:id/threads_publish", copies: (t) => threads.threadsPosts.filter((p) => !p.deleted && p.text?.includes(t)).length },
  li: { name: "li", fake: linkedin, create: "/rest/posts", copies: (t) => linkedin.livePosts.filter((p) => p.visibleText.includes(t)).length },
};

function notice(c: Channel, tag: string): string {
  const fm: Record<string, unknown> = { title: `Titel ${tag}` };
  if (c.images) fm.images = [{ path: "images/karte.png", alt: "Stadtplan mit dem gesperrten Bereich der Innenstadt" }];
  return project.writeNotice(tag, fm, `Meldung ${tag} mit einer kurzen Nachricht.`);
}

/** `announce post FILE --channel NAME --json`, timed; the create requests the run sent, in order. */
async function post(c: Channel, file: string, timeoutMs = 60_000): Promise<{ result: CliResult; ms: number; creates: RecordedRequest[] }> {
  const before = c.fake.requests.length;
  const started = Date.now();
  const result = await runCli(["post", file, "--config", project.config, "--channel", c.name, "--json"], { env, timeoutMs });
  const ms = Date.now() - started;
  const mine = new Set(c.fake.requests.slice(before));
  return { result, ms, creates: c.fake.requestsTo("POST", c.create).filter((r) => mine.has(r)) };
}

/** The run published once, and its second create request came at least `waitMs` after the throttled first. */
function expectWaitedThenPublishedOnce(c: Channel, tag: string, run: Awaited<ReturnType<typeof post>>, waitMs: number): void {
  const { result, creates } = run;
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(JSON.parse(result.stdout).channels[0]).toMatchObject({ channel: c.name, status: "published" });
  expect(creates, "one throttled create, one that succeeded").toHaveLength(2);
  expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(waitMs - SLACK_MS);
  expect(c.copies(tag)).toBe(1);
}

/** A wait beyond the policy's maximum: failed at once (exit 1, RATE_LIMITED), one create request, nothing posted, no sleep. */
function expectFailedAtOnce(c: Channel, tag: string, run: Awaited<ReturnType<typeof post>>): void {
  const { result, creates, ms } = run;
  expect(result.signal, "the run was killed: it slept for the announced wait").toBeNull();
  expect(result.code, result.stdout + result.stderr).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report.ok).toBe(false);
  expect(report.channels[0]).toMatchObject({ channel: c.name, status: "failed", error: { code: "RATE_LIMITED" } });
  expect(report.channels[0].error.message).toMatch(/rate limit/i);
  expect(creates, "no retry of a wait that is too long").toHaveLength(1);
  expect(c.copies(tag)).toBe(0);
  expect(ms).toBeLessThan(QUICK_RUN_MS);
}

describe("announced waits are honoured, as the server sees them", () => {
  it("Mastodon: 429 with Retry-After: 2 (X-RateLimit-Reset already 0.5 s ahead): the next create comes ≥ 2 s later", async () => {
    const c = channels.m!;
    const tag = "wmretryafter";
    mastodon.fail429(c.create, { retryAfterSeconds: 2, resetInMs: 500 });
    const run = await post(c, notice(c, tag));
    expectWaitedThenPublishedOnce(c, tag, run, 2000);
  });

  it("Mastodon: 429 with only X-RateLimit-Reset (as upstream answers): the next create comes no earlier than the reset", async () => {
    const c = channels.m!;
    const tag = "wmreset";
    const resetInMs = 2500;
    const queuedAt = Date.now(); // the fake stamps the reset at now + resetInMs, so the reset is ≥ queuedAt + resetInMs
    mastodon.fail429(c.create, { resetInMs });
    const run = await post(c, notice(c, tag));
    expectWaitedThenPublishedOnce(c, tag, run, 0);
    expect(run.creates[1]!.at).toBeGreaterThanOrEqual(queuedAt + resetInMs - SLACK_MS);
  });

  for (const name of ["fb", "ig", "th"]) {
    it(`${name}: 429 with Retry-After: 2 (and Meta's usage header): the next publish request comes ≥ 2 s later`, async () => {
      const c = channels[name]!;
      const tag = `w${name}retryafter`;
      (c.fake as GraphFake | ThreadsFake).fail429(c.create.replace("/:version", ""), 2);
      const run = await post(c, notice(c, tag));
      expectWaitedThenPublishedOnce(c, tag, run, 2000);
    });
  }

  it("fb: Graph throttling (code 32, HTTP 400) with only X-Business-Use-Case-Usage: waits estimated_time_to_regain_access", async () => {
    const c = channels.fb!;
    const tag = "wfbbuc";
    // Meta sends whole minutes; a fraction keeps the test short (0.035 min = 2.1 s) and still shows the header is the wait.
    graph.failGraph("POST", "/:id/feed", { code: 32, regainMinutes: 0.035 });
    const run = await post(c, notice(c, tag));
    expectWaitedThenPublishedOnce(c, tag, run, 2100);
  });

  it("li: 429 with Retry-After: 2: the next create comes ≥ 2 s later", async () => {
    const c = channels.li!;
    const tag = "wliretryafter";
    linkedin.fail429(c.create, 2);
    const run = await post(c, notice(c, tag));
    expectWaitedThenPublishedOnce(c, tag, run, 2000);
  });
});

describe("a wait longer than the retry policy accepts (5 minutes) fails the channel at once", () => {
  it("Mastodon: 429 with Retry-After: 3600 → RATE_LIMITED, exit 1, nothing posted, no hour of sleep", async () => {
    const c = channels.m!;
    const tag = "wmhour";
    mastodon.fail429(c.create, { retryAfterSeconds: 3600, resetInMs: 3_600_000 });
    const run = await post(c, notice(c, tag), QUICK_RUN_MS);
    expectFailedAtOnce(c, tag, run);
    const error = JSON.parse(run.result.stdout).channels[0].error as { status: number; message: string; hint: string };
    expect(error.status).toBe(429);
    // It says how long the platform asked for, and when a re-run makes sense.
    expect(error.message).toMatch(/asks to wait 60 min, longer than the 5 min a run waits/);
    expect(error.hint).toMatch(/^Run the same command again after \d{4}-\d{2}-\d{2} \d{2}:\d{2} \([+-]\d{2}:\d{2}\)/);
  });

  it("fb: Graph throttling with estimated_time_to_regain_access: 60 (minutes) → RATE_LIMITED at once", async () => {
    const c = channels.fb!;
    const tag = "wfbhour";
    graph.failGraph("POST", "/:id/feed", { code: 32, regainMinutes: 60 });
    const run = await post(c, notice(c, tag), QUICK_RUN_MS);
    expectFailedAtOnce(c, tag, run);
  });
});

describe("Mastodon instance limits: /api/v2/instance, then /api/v1/instance, then 500", () => {
  /** About 650 characters: one post at a limit above that, two at 500. */
  const LONG = Array.from({ length: 8 }, (_, i) => `Satz ${i + 1} der langen Meldung über die Sperrung der Brücke und die Umleitung über den Ring.`).join(" ");

  async function dryRun(fake: MastodonFake): Promise<{ report: { channels: { warnings: string[] }[]; plan: { channels: { posts: { limit: number; text: string }[] }[] } }; v2: RecordedRequest[]; v1: RecordedRequest[] }> {
    await fake.start();
    try {
      const dry = await createProject(channelsYaml({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { lang: "de" } }));
      const file = dry.writeNotice("limits", { title: "Brücke gesperrt" }, LONG);
      const result = await runCli(["post", file, "--config", dry.config, "--dry-run", "--json"], { env, timeoutMs: QUICK_RUN_MS });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(fake.requestsTo("POST", "/api/v1/statuses")).toHaveLength(0);
      return { report: JSON.parse(result.stdout), v2: fake.requestsTo("GET", "/api/v2/instance"), v1: fake.requestsTo("GET", "/api/v1/instance") };
    } finally {
      await fake.stop();
    }
  }
  const answer = (response: FakeResponse) => ({ kind: "respond" as const, response });
  const notFound = answer({ status: 404, body: { error: "Record not found" } });
  const serverError = answer({ status: 500, body: { error: "Internal Server Error" } });
  /** Faults are queued generously: a publisher may retry; left-overs die with the per-test fake. */
  const TIMES = 5;

  it("v2 404 → v1's configuration.statuses.max_characters", async () => {
    const fake = new MastodonFake({ token: M_TOKEN, maxCharacters: 777 });
    fake.failNext("GET", "/api/v2/instance", notFound, TIMES);
    const { report, v2, v1 } = await dryRun(fake);
    expect(v2.length).toBeGreaterThanOrEqual(1);
    expect(v1.length).toBeGreaterThanOrEqual(1);
    expect(report.plan.channels[0]!.posts.map((p) => p.limit)).toEqual([777]);
    expect(report.channels[0]!.warnings.join(" ")).not.toMatch(/assuming 500/);
  });

  it("v2 404 → v1 without configuration, with Pleroma's max_toot_chars", async () => {
    const fake = new MastodonFake({ token: M_TOKEN, maxCharacters: 500 });
    fake.failNext("GET", "/api/v2/instance", notFound, TIMES);
    const pleroma = { uri: "pleroma.example", title: "Pleroma", description: "", version: "2.7.2 (compatible; Pleroma 2.5.0)", languages: ["de"], max_toot_chars: 5000 };
    fake.failNext("GET", "/api/v1/instance", answer({ status: 200, body: pleroma }), TIMES);
    const { report, v2, v1 } = await dryRun(fake);
    expect(v2.length).toBeGreaterThanOrEqual(1);
    expect(v1.length).toBeGreaterThanOrEqual(1);
    expect(report.plan.channels[0]!.posts.map((p) => p.limit)).toEqual([5000]);
  });

  for (const [label, fault] of [["404", notFound], ["500", serverError]] as const) {
    it(`v2 and v1 both ${label} → 500 characters (a two-post thread) with a warning`, async () => {
      const fake = new MastodonFake({ token: M_TOKEN, maxCharacters: 5000 });
      fake.failNext("GET", "/api/v2/instance", fault, TIMES);
      fake.failNext("GET", "/api/v1/instance", fault, TIMES);
      const { report, v2, v1 } = await dryRun(fake);
      expect(v2.length).toBeGreaterThanOrEqual(1);
      expect(v1.length).toBeGreaterThanOrEqual(1);
      const posts = report.plan.channels[0]!.posts;
      expect(posts.map((p) => p.limit)).toEqual([500, 500]);
      expect(posts[0]!.text).toMatch(/1\/2$/);
      expect(report.channels[0]!.warnings.join(" ")).toMatch(/\/api\/v2\/instance.*\/api\/v1\/instance.*assuming 500 characters/);
    });
  }
});
