/**
 * `adopt` in-process against the Mastodon fake: what it does with each state the ledger can be in. It
 * records only posts it finds; a channel the ledger knows to be published or changed is left alone, and
 * a post that is not there is reported as not found, with nothing written.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptNotice, parseSince } from "../../src/publish/adopt.js";
import { publishNotice } from "../../src/publish/pipeline.js";
import { InvalidInputError } from "../../src/problems.js";
import type { RetryPolicy } from "../../src/retry.js";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { createProject, type TestProject } from "../helpers/project.js";

const fake = new MastodonFake({ token: "adopt-states-token" });
const env = { M_TOKEN: "adopt-states-token" };
const retry: RetryPolicy = { attempts: 2, baseMs: 1, maxBackoffMs: 2, maxWaitMs: 1000 };
const lock = { waitMs: 2000, staleMs: 2000 };
let project: TestProject;

beforeAll(async () => {
  await fake.start();
  project = await createProject(channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { lang: "de" } }));
});
afterAll(() => fake.stop());

const adopt = (file: string, extra: { dryRun?: boolean; since?: Date } = {}) =>
  adoptNotice({ notice: file, config: project.config, env, since: extra.since ?? new Date(Date.now() - 60_000), dryRun: extra.dryRun, retry, lock });
const ledgerFile = (id: string) => path.join(project.stateDir, "ledger", `${id}.jsonl`);

describe("adopt, by the state of the ledger", () => {
  it("a notice that is nowhere: not-found with the reason, nothing written", async () => {
    const file = project.writeNotice("nowhere", { title: "Nirgends" }, "Meldung adopt-nowhere.");
    const report = await adopt(file);
    expect(report.channels).toMatchObject([{ channel: "m", status: "not-found", total: 1, posts: [] }]);
    expect(report.channels[0]!.reason).toMatch(/^No post of the notice was found since /);
    expect(existsSync(ledgerFile("nowhere"))).toBe(false);
  });

  it("a post made before --since is not taken for the notice's; one made since is adopted", async () => {
    const file = project.writeNotice("older", { title: "Älter" }, "Meldung adopt-older.");
    await publishNotice({ notice: file, config: project.config, env, retry, lock });
    rmSync(ledgerFile("older"));
    // --since after the post, beyond the clock difference allowed (5 minutes).
    expect((await adopt(file, { since: new Date(Date.now() + 6 * 60_000) })).channels).toMatchObject([{ status: "not-found" }]);
    expect(existsSync(ledgerFile("older"))).toBe(false);
    const report = await adopt(file);
    expect(report.channels).toMatchObject([{ status: "adopted", posts: [{ index: 0, id: fake.liveStatuses.find((st) => st.text.includes("adopt-older"))!.id, reconciled: true }] }]);
  });

  it("a channel the ledger knows to be published is known: nothing is asked or written", async () => {
    const file = project.writeNotice("known", { title: "Bekannt" }, "Meldung adopt-known.");
    await publishNotice({ notice: file, config: project.config, env, retry, lock });
    const before = readFileSync(ledgerFile("known"), "utf8");
    const listings = fake.requestsTo("GET", "/api/v1/accounts/:id/statuses").length;
    const report = await adopt(file);
    expect(report.channels).toMatchObject([{ status: "known", posts: [{ index: 0, earlier: true }] }]);
    expect(readFileSync(ledgerFile("known"), "utf8")).toBe(before);
    expect(fake.requestsTo("GET", "/api/v1/accounts/:id/statuses").length).toBe(listings);
  });

  it("a notice edited since it was published is changed: left alone", async () => {
    const file = project.writeNotice("edited", { title: "Geändert" }, "Meldung adopt-edited, erste Fassung.");
    await publishNotice({ notice: file, config: project.config, env, retry, lock });
    project.writeNotice("edited", { title: "Geändert" }, "Meldung adopt-edited, zweite Fassung.");
    const before = readFileSync(ledgerFile("edited"), "utf8");
    const report = await adopt(file);
    expect(report.channels).toMatchObject([{ status: "changed", error: { code: "NOTICE_CHANGED" } }]);
    expect(readFileSync(ledgerFile("edited"), "utf8")).toBe(before);
  });

  it("--since must be a date and time, not in the future", () => {
    const now = new Date("2026-11-29T08:00:00Z");
    expect(parseSince("2026-11-29T06:00+01:00", now).toISOString()).toBe("2026-11-29T05:00:00.000Z");
    expect(parseSince("2026-11-29", now).toISOString()).toBe("2026-11-29T00:00:00.000Z");
    for (const value of ["gestern", "1700000000", "", "2026-11-30"]) {
      const error = (() => {
        try {
          parseSince(value, now);
        } catch (e) {
          return e;
        }
      })();
      expect(error, value).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).code, value).toBe("SINCE_INVALID");
    }
  });
});
