/**
 * Independent channels, in-process against two Mastodon fakes: a rejected token stops a notice that is not
 * urgent everywhere (its hint names the `--channel` command for the others), but an urgent notice goes
 * out wherever it can, with the rejected channel failed and reported first. Counted on the fakes and in
 * the ledger.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotice } from "../../src/publish/pipeline.js";
import type { PublishEvent } from "../../src/publish/results.js";
import { InvalidInputError } from "../../src/problems.js";
import { formatPublish } from "../../src/report/publish.js";
import { createStyle } from "../../src/report/style.js";
import { Ledger } from "../../src/state/ledger.js";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { createProject, type TestProject } from "../helpers/project.js";

const good = new MastodonFake({ token: "independent-good" });
const expired = new MastodonFake({ token: "independent-current" });
/** `gone` holds a token the fake no longer accepts (401), like an expired LinkedIn token. */
const env = { GOOD: "independent-good", GONE: "independent-expired" };
const retry = { attempts: 3, baseMs: 1, maxBackoffMs: 4, maxWaitMs: 2000 };
let project: TestProject;

beforeAll(async () => {
  await Promise.all([good.start(), expired.start()]);
  project = await createProject(channels({}));
  writeFileSync(
    project.config,
    channels({ ok: mastodonChannel({ instance: good.url, access_token: "${GOOD}" }), gone: mastodonChannel({ instance: expired.url, access_token: "${GONE}" }) }, { defaults: { lang: "de" } }),
  );
});
afterAll(() => Promise.all([good.stop(), expired.stop()]));

const live = (fake: MastodonFake, tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
const publish = (file: string, onEvent?: (e: PublishEvent) => void) => publishNotice({ notice: file, config: project.config, env, retry, onEvent, lock: { waitMs: 2000, staleMs: 2000 } });

describe("a rejected credential", () => {
  it("stops a notice that is not urgent everywhere; the hint names the command for the other channels", async () => {
    const file = project.writeNotice("normal", { title: "Normal" }, "Meldung ind-normal.");
    const error = await publish(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    const problems = (error as InvalidInputError).problems;
    expect(problems).toMatchObject([{ code: "AUTH_INVALID", channel: "gone" }]);
    expect(problems[0]!.hint).toContain(`To publish on the other channels now: announce post ${file} --channel ok`);
    expect(good.requestsTo("POST", "/api/v1/statuses")).toHaveLength(0);
    expect(live(good, "ind-normal")).toHaveLength(0);
  });

  it("fails only its own channel for an urgent notice: the others publish, it is reported first and loudly", async () => {
    const file = project.writeNotice("urgent", { title: "Dringend", urgent: true }, "Meldung ind-urgent.");
    const events: PublishEvent[] = [];
    const report = await publish(file, (e) => events.push(e));
    expect(report.channels).toMatchObject([
      { channel: "ok", status: "published" },
      { channel: "gone", status: "failed", rejected: true, error: { code: "AUTH_INVALID" } },
    ]);
    expect(live(good, "ind-urgent")).toHaveLength(1);
    expect(expired.requestsTo("POST", "/api/v1/statuses")).toHaveLength(0);
    // The ledger says the channel failed, so the next `due` tries it again.
    const records = (await new Ledger(project.stateDir).channels("urgent")).get("gone") ?? [];
    expect(records).toMatchObject([{ type: "failed", code: "AUTH_INVALID", kind: "permanent" }]);
    const human = formatPublish(report, createStyle(false)).split("\n");
    expect(human[0]).toBe("‼ Not published on gone: the credentials were rejected. Renew them and run the same command again.");
    expect(human.findIndex((l) => l.includes("gone"), 1)).toBeLessThan(human.findIndex((l) => l.includes(" ok ")));
    expect(events.find((e) => e.type === "finished")).toMatchObject({ published: 1, failed: ["gone"], skipped: 0 });
  });
});

describe("progress", () => {
  it("says which image is uploading, which post is going out, and sums the run up", async () => {
    writeFileSync(project.config, channels({ ok: mastodonChannel({ instance: good.url, access_token: "${GOOD}" }) }, { defaults: { lang: "de" } }));
    const file = project.writeNotice("bild", { title: "Bild", images: [{ path: "images/karte.png", alt: "Karte des Sperrgebiets in der Innenstadt" }] }, "Meldung ind-bild.");
    const events: PublishEvent[] = [];
    const report = await publish(file, (e) => events.push(e));
    expect(report.channels).toMatchObject([{ channel: "ok", status: "published" }]);
    expect(good.requestsTo("POST", "/api/v2/media").length).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual(["connecting", "connected", "publishing", "uploading", "channel-done", "finished"]);
    expect(events.find((e) => e.type === "uploading")).toMatchObject({ channel: "ok", index: 0, image: 0, images: 1 });
    expect(events.at(-1)).toMatchObject({ type: "finished", published: 1, failed: [], skipped: 0, dryRun: false });
  });
});

describe("a thread longer than the channel's maximum", () => {
  it("is invalid with a hint, before any platform is contacted", async () => {
    writeFileSync(project.config, channels({ ok: mastodonChannel({ instance: good.url, access_token: "${GOOD}", max_characters: 100, max_thread_posts: 3 }) }, { defaults: { lang: "de" } }));
    const paragraphs = Array.from({ length: 8 }, (_, i) => `Absatz ${i + 1} der Meldung ind-long: Bitte beachten Sie die Umleitungen in der Innenstadt.`);
    const file = project.writeNotice("long", { title: "Lang" }, paragraphs.join("\n\n"));
    const before = good.requests.length;
    const error = await publish(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as InvalidInputError).problems).toMatchObject([{ code: "THREAD_TOO_LONG", channel: "ok" }]);
    expect((error as InvalidInputError).problems[0]!.message).toMatch(/needs a thread of \d+ posts on ok; at most 3 are allowed there/);
    expect(good.requests.length).toBe(before);
  });
});
