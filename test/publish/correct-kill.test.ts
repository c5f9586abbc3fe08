/**
 * `announce correct` killed at each step (SIGKILL just before or after each of its ledger writes, as a
 * power cut would: ANNOUNCE_TEST_CRASH), then run again: every channel ends with exactly one current
 * version (no post of the old text left where it is replaced, no post twice), and the ledger (read by
 * `status`) agrees with what the servers hold. On the real snac2 (edits, and a tail post appended) and
 * the real PDS (the reply and replace policies).
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readBlueskyPosts, readSnacStatuses, type BlueskyAccount } from "../setup/accounts.js";
import { channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";

const paragraph = (tag: string, n: number, people: string) =>
  `Absatz ${n} der Meldung ${tag}: Wegen der Entschärfung werden ${people} Menschen evakuiert. Bitte verlassen Sie das Sperrgebiet bis 10 Uhr und folgen Sie den Hinweisen der Einsatzkräfte vor Ort.`;
const body = (tag: string, paragraphs: number, people: string) => Array.from({ length: paragraphs }, (_, i) => paragraph(tag, i + 1, people)).join("\n\n");

interface StatusJson {
  channels: { channel: string; status: string; version: number; posts: { id: string }[] }[];
}

let project: TestProject;
let env: Record<string, string>;
let account: BlueskyAccount;
let snacToken: string;
const snac = inject("snac");
const pds = inject("pds");

beforeAll(async () => {
  const real = await realAccounts({ snac, snacUser: "heidi", pds, blueskyAccount: "korrkill" });
  ({ account, snac: { token: snacToken } } = real);
  env = { ...real.env, ANNOUNCE_LOCK_STALE_MS: "2000" };
  project = await createProject(
    channels(
      { m: real.mastodon({ max_characters: 300 }), "b-reply": real.bluesky(), "b-replace": real.bluesky({ corrections: "replace" }) },
      { defaults: { lang: "de" } },
    ),
  );
});

const cli = (args: string[], extra: Record<string, string> = {}) => runCli([...args, "--config", project.config, "--json"], { env: { ...env, ...extra }, timeoutMs: 120_000 });

/** Posts a notice on `channel`, edits it with `edit`, kills `correct` at `crash`, runs it again; returns the status. */
async function killAndRerun(channel: string, file: string, edit: () => void, crash: string): Promise<StatusJson["channels"][number]> {
  const posted = await cli(["post", file, "--channel", channel]);
  expect(posted.code, posted.stdout + posted.stderr).toBe(0);
  edit();
  const killed = await cli(["correct", file, "--channel", channel], { ANNOUNCE_TEST_CRASH: crash });
  expect(killed.signal, `not killed at ${crash}: ${killed.stdout}${killed.stderr}`).toBe("SIGKILL");
  if (crash === "after:1") {
    // The correction is begun, nothing of it done: `due` leaves it to a person, `post` says changed.
    const due = await cli(["due", project.dir]);
    expect(due.code, due.stdout).toBe(0);
    const posted = await cli(["post", file, "--channel", channel]);
    expect(posted.code).toBe(1);
    expect(JSON.parse(posted.stdout)).toMatchObject({ channels: [{ channel, status: "changed" }] });
  }
  const rerun = await cli(["correct", file, "--channel", channel]);
  expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
  expect(["corrected", "unchanged"]).toContain((JSON.parse(rerun.stdout) as { channels: { status: string }[] }).channels[0]!.status);
  // Once more: nothing left to do.
  const again = await cli(["correct", file, "--channel", channel]);
  expect((JSON.parse(again.stdout) as { channels: { status: string }[] }).channels[0]!.status).toBe("unchanged");
  const status = JSON.parse((await cli(["status", file])).stdout) as StatusJson;
  return status.channels.find((c) => c.channel === channel)!;
}

describe("correct killed at each step on snac2 (edit in place, a third post appended), then re-run", { concurrent: false }, () => {
  // Writes: 1 correction, 2 edited (post 1), 3 edited (post 2), 4 intent (post 3), 5 published (post 3).
  const points = ["before:1", "after:1", "after:2", "after:3", "after:4", "before:5", "after:5"];
  it.each(points)("killed at %s", async (crash) => {
    const tag = `kcm${crash.replace(/\W/g, "")}`;
    const file = project.writeNotice(tag, { title: "Entschärfung" }, body(tag, 2, "9.800"));
    const mine = async () => (await readSnacStatuses(snac.url, snacToken)).filter((s) => (s.text ?? s.content).includes(tag));
    const status = await killAndRerun("m", file, () => project.writeNotice(tag, { title: "Entschärfung" }, body(tag, 3, "9.900")), crash);

    const statuses = await mine();
    expect(statuses).toHaveLength(3);
    for (const s of statuses) {
      expect(s.text ?? s.content).toContain("9.900");
      expect(s.text ?? s.content).not.toContain("9.800");
    }
    expect(statuses[2]!.in_reply_to_id?.slice(-32)).toBe(statuses[1]!.id.slice(-32));
    // The ledger agrees: version 2, the three statuses (snac ids: a time prefix, then the object's hash).
    expect(status).toMatchObject({ status: "published", version: 2 });
    expect(status.posts.map((p) => p.id.slice(-32))).toEqual(statuses.map((s) => s.id.slice(-32)));
  });
});

describe("correct killed at each step on the PDS, then re-run", { concurrent: false }, () => {
  const mine = async (tag: string) => (await readBlueskyPosts(pds.url, account.did)).filter((r) => r.value.text.includes(tag));

  // Writes: 1 correction, 2 intent, 3 published.
  it.each(["after:1", "after:2", "before:3"])("reply policy, killed at %s: exactly one correction reply", async (crash) => {
    const tag = `kcr${crash.replace(/\W/g, "")}`;
    const file = project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: ab 8 Uhr gesperrt.`);
    const status = await killAndRerun("b-reply", file, () => project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: ab 9 Uhr gesperrt.`), crash);
    const records = await mine(tag);
    expect(records).toHaveLength(2);
    expect(records[1]!.value.text).toContain("ab 9 Uhr");
    expect(records[1]!.value.reply?.parent.uri).toBe(records[0]!.uri);
    expect(status).toMatchObject({ status: "published", version: 2, posts: [{ id: records[1]!.uri }] });
  });

  // Writes: 1 correction, 2 intent, 3 published, 4 deleted.
  it.each(["after:1", "after:2", "before:3", "before:4", "after:4"])("replace policy, killed at %s: one live copy, of the new text", async (crash) => {
    const tag = `kcx${crash.replace(/\W/g, "")}`;
    const file = project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: ab 8 Uhr gesperrt.`);
    const status = await killAndRerun("b-replace", file, () => project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: ab 9 Uhr gesperrt.`), crash);
    const records = await mine(tag);
    expect(records).toHaveLength(1);
    expect(records[0]!.value.text).toContain("ab 9 Uhr");
    expect(status).toMatchObject({ status: "published", version: 2, posts: [{ id: records[0]!.uri }] });
  });
});
