/**
 * Images are uploaded once per image, however often the post is retried: the uploads are saved as steps
 * of the attempt in the ledger and used again, in the same run and by a re-run. Counted where they
 * arrive: on snac2 and the real PDS behind a counting proxy (which also answers the status or record
 * creation with 429s), and on the Mastodon fake, which counts itself.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { PdsProxy } from "../fakes/pds-proxy.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { realAccounts, type RealAccounts } from "../helpers/real-servers.js";
import { readBlueskyPosts, readSnacStatuses } from "../setup/accounts.js";
import { Ledger } from "../../src/state/ledger.js";

const CREATE_RECORD = "com.atproto.repo.createRecord";
const UPLOAD_BLOB = "com.atproto.repo.uploadBlob";
const IMAGES = [
  { path: "images/karte.png", alt: "Stadtplan mit den gesperrten Straßen" },
  { path: "images/karte.png", alt: "Derselbe Stadtplan, noch einmal zum Vergleich" },
];

describe("one upload per image across retries and re-runs", () => {
  const pdsUrl = inject("pds").url;
  const snac = inject("snac");
  const pdsProxy = new PdsProxy(pdsUrl);
  const snacProxy = new PdsProxy(snac.url);
  const fake = new MastodonFake({ token: "reuse-fake-token" });
  let real: RealAccounts;
  let project: TestProject;
  let env: Record<string, string>;

  beforeAll(async () => {
    await Promise.all([pdsProxy.start(), snacProxy.start(), fake.start()]);
    real = await realAccounts({ snac, snacUser: "heidi", pds: inject("pds"), blueskyAccount: "reuse" });
    env = { ...real.env, FAKE_TOKEN: "reuse-fake-token" };
    project = await createProject(
      channels(
        {
          snac: real.mastodon({ instance: snacProxy.url }),
          bluesky: real.bluesky({ service: pdsProxy.url }),
          fake: mastodonChannel({ instance: fake.url, access_token: "${FAKE_TOKEN}" }),
        },
        { defaults: { lang: "de" } },
      ),
    );
  });
  afterAll(() => Promise.all([pdsProxy.stop(), snacProxy.stop(), fake.stop()]));

  const post = async (file: string, channel: string) => {
    const result = await runCli(["post", file, "--config", project.config, "--channel", channel, "--json"], { env, timeoutMs: 120_000 });
    expect(result.stderr).not.toContain("internal error");
    return { ...result, report: JSON.parse(result.stdout) as { channels: { status: string; error?: { code: string } }[] } };
  };
  const notice = (tag: string) => project.writeNotice(tag, { title: `Meldung ${tag}`, images: IMAGES }, `Text der Meldung ${tag}.`);
  const snacStatuses = async (tag: string) => (await readSnacStatuses(snac.url, real.snac.token)).filter((s) => (s.text ?? s.content).includes(tag));
  const blueskyPosts = async (tag: string) => (await readBlueskyPosts(pdsUrl, real.account.did)).filter((p) => p.value.text.includes(tag));

  it("snac2: four 429s on the status, five attempts, two uploads; one status with both images", async () => {
    const file = notice("reuse-snac");
    const before = snacProxy.requestsTo("/api/v2/media").length;
    snacProxy.fail429("/api/v1/statuses", { retryAfterSeconds: 1, times: 4 });
    const result = await post(file, "snac");
    expect(result.code, result.stdout).toBe(0);
    expect(snacProxy.requestsTo("/api/v1/statuses").filter((r) => r.method === "POST" && r.fault === "429")).toHaveLength(4);
    expect(snacProxy.requestsTo("/api/v2/media").length - before).toBe(2);
    const statuses = await snacStatuses("reuse-snac");
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.media_attachments.map((m) => m.description)).toEqual(IMAGES.map((i) => i.alt));
  });

  it("Bluesky: four 429s on the record, two blobs uploaded; one post with both images", async () => {
    const file = notice("reuse-bsky");
    const before = pdsProxy.requestsTo(UPLOAD_BLOB).length;
    pdsProxy.fail429(CREATE_RECORD, { retryAfterSeconds: 1, times: 4 });
    const result = await post(file, "bluesky");
    expect(result.code, result.stdout).toBe(0);
    expect(pdsProxy.requestsTo(UPLOAD_BLOB).length - before).toBe(2);
    const posts = await blueskyPosts("reuse-bsky");
    expect(posts).toHaveLength(1);
    const embed = posts[0]!.value.embed as { images: { alt: string }[] };
    expect(embed.images.map((i) => i.alt)).toEqual(IMAGES.map((i) => i.alt));
  });

  it("Bluesky: a run that gives up after five 429s, then a re-run: still two uploads; the re-run uses the saved blobs", async () => {
    const file = notice("reuse-bsky-rerun");
    const before = pdsProxy.requestsTo(UPLOAD_BLOB).length;
    pdsProxy.fail429(CREATE_RECORD, { retryAfterSeconds: 1, times: 5 });
    const first = await post(file, "bluesky");
    expect(first.report.channels).toMatchObject([{ status: "failed", error: { code: "RATE_LIMITED" } }]);
    const saved = (await new Ledger(project.stateDir).records("reuse-bsky-rerun")).filter((r) => r.type === "progress");
    expect(saved.flatMap((r) => Object.keys(r.type === "progress" ? r.step : {}))).toHaveLength(2);
    const second = await post(file, "bluesky");
    expect(second.code, second.stdout).toBe(0);
    expect(pdsProxy.requestsTo(UPLOAD_BLOB).length - before).toBe(2);
    const posts = await blueskyPosts("reuse-bsky-rerun");
    expect(posts).toHaveLength(1);
    expect((posts[0]!.value.embed as { images: unknown[] }).images).toHaveLength(2);
  });

  it("Bluesky: saved blobs the PDS no longer has (BlobNotFound) are uploaded again, and the post goes out once", async () => {
    const file = notice("reuse-bsky-gone");
    const before = pdsProxy.requestsTo(UPLOAD_BLOB).length;
    pdsProxy.fail429(CREATE_RECORD, { retryAfterSeconds: 1, times: 5 });
    await post(file, "bluesky");
    // As if the PDS had removed the blobs, never referenced in time: the saved steps name blobs it does not have.
    const ledger = new Ledger(project.stateDir);
    const [progress] = (await ledger.records("reuse-bsky-gone")).filter((r) => r.type === "progress");
    if (progress?.type !== "progress") throw new Error("no progress record");
    const missing = Object.fromEntries(Object.entries(progress.step).map(([step, saved]) => [step, saved.replace(/("\$link":"bafkrei)(.)/, (_, head: string, c: string) => head + (c === "a" ? "b" : "a"))]));
    expect(missing).not.toEqual(progress.step);
    await ledger.append({ ...progress, at: new Date().toISOString(), step: missing });

    const rerun = await post(file, "bluesky");
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(pdsProxy.requestsTo(CREATE_RECORD).filter((r) => !r.fault).length).toBeGreaterThanOrEqual(2);
    expect(pdsProxy.requestsTo(UPLOAD_BLOB).length - before).toBe(4);
    const posts = await blueskyPosts("reuse-bsky-gone");
    expect(posts).toHaveLength(1);
    expect((posts[0]!.value.embed as { images: unknown[] }).images).toHaveLength(2);
  });

  it("Mastodon: a re-run uses the media that are still unattached and uploads again the one that is gone", async () => {
    const file = notice("reuse-fake");
    fake.fail429("/api/v1/statuses", { retryAfterSeconds: 1, times: 5 });
    const first = await post(file, "fake");
    expect(first.report.channels).toMatchObject([{ status: "failed", error: { code: "RATE_LIMITED" } }]);
    expect(fake.requestsTo("POST", "/api/v2/media")).toHaveLength(2);

    const rerun = await post(file, "fake");
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(fake.requestsTo("POST", "/api/v2/media")).toHaveLength(2);
    expect(fake.liveStatuses.filter((s) => s.text.includes("reuse-fake")).map((s) => s.mediaIds)).toEqual([fake.media.slice(0, 2).map((m) => m.id)]);

    // The second image an earlier run uploaded is gone (removed by the server after a day unattached).
    const gone = project.writeNotice("reuse-gone", { title: "Meldung reuse-gone", images: IMAGES }, "Text der Meldung reuse-gone.");
    fake.fail429("/api/v1/statuses", { retryAfterSeconds: 1, times: 5 });
    await post(gone, "fake");
    fake.media.at(-1)!.deleted = true;
    const again = await post(gone, "fake");
    expect(again.code, again.stdout).toBe(0);
    expect(fake.requestsTo("POST", "/api/v2/media")).toHaveLength(5);
    const [status] = fake.liveStatuses.filter((s) => s.text.includes("reuse-gone"));
    expect(status!.mediaIds).toEqual([fake.media[2]!.id, fake.media[4]!.id]);
    expect(fake.media[4]!.description).toBe(IMAGES[1]!.alt);
  });
});
