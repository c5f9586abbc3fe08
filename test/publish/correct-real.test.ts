/**
 * `announce correct` as a whole process against the real servers: snac2 (Mastodon API, edits in place)
 * and a Bluesky PDS (no edits: the `reply` and `replace` policies). Assertions read back what the servers
 * hold, and what the ledger and `status` say.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readBlueskyPosts, readSnacStatuses, snacRead, type BlueskyAccount, type SnacStatus } from "../setup/accounts.js";
import { channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";

/** A paragraph of about 200 characters: two make a two-post thread at 300 characters, three make three. */
const paragraph = (tag: string, n: number, people: string) =>
  `Absatz ${n} der Meldung ${tag}: Wegen der Entschärfung werden ${people} Menschen evakuiert. Bitte verlassen Sie das Sperrgebiet bis 10 Uhr und folgen Sie den Hinweisen der Einsatzkräfte vor Ort.`;
const body = (tag: string, paragraphs: number, people: string) => Array.from({ length: paragraphs }, (_, i) => paragraph(tag, i + 1, people)).join("\n\n");

interface Json {
  ok: boolean;
  channels: { channel: string; status: string; how?: string; version?: number; posts: { id: string; url?: string; earlier?: boolean }[]; removed: { id: string }[] }[];
  change?: { command: string; diff?: { op: string; text: string }[] };
}

describe("announce correct on snac2: edited in place", () => {
  const snac = inject("snac");
  let project: TestProject;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    const real = await realAccounts({ snac, snacUser: "grace" });
    ({ env, snac: { token } } = real);
    project = await createProject(channels({ "stadt-mastodon": real.mastodon({ max_characters: 300 }) }, { defaults: { lang: "de" } }));
  });

  /** One status by id, as snac2 answers `GET /api/v1/statuses/:id`. */
  const readSnacStatus = async (id: string): Promise<SnacStatus> => {
    const response = await snacRead(new URL(`/api/v1/statuses/${encodeURIComponent(id)}`, snac.url), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as SnacStatus;
  };
  /** snac2's status ids: a time prefix, then the object's hash (the identity). */
  const sameStatus = (a: string | null | undefined, b: string) => typeof a === "string" && a.slice(-32) === b.slice(-32);
  const mine = async (tag: string) => (await readSnacStatuses(snac.url, token)).filter((s) => (s.text ?? s.content).includes(tag));
  const run = async (...args: string[]) => runCli([...args, "--config", project.config, "--json"], { env });

  it("edits a two-post thread in place, appends a third post as a reply, and a re-run changes nothing", async () => {
    const tag = "korrsnac";
    const file = project.writeNotice(tag, { title: "Bombenentschärfung" }, body(tag, 2, "9.800"));
    const posted = await run("post", file);
    expect(posted.code, posted.stdout + posted.stderr).toBe(0);
    const before = await mine(tag);
    expect(before).toHaveLength(2);
    expect(before[1]!.in_reply_to_id).toBe(before[0]!.id);

    // The number was wrong: `post` says changed (not failed), shows the change and the command.
    project.writeNotice(tag, { title: "Bombenentschärfung" }, body(tag, 2, "9.900"));
    const again = await run("post", file);
    expect(again.code).toBe(1);
    const changed = JSON.parse(again.stdout) as Json;
    expect(changed.channels[0]!.status).toBe("changed");
    expect(changed.change!.command).toBe(`announce correct ${file}`);
    expect(changed.change!.diff).toEqual(expect.arrayContaining([{ op: "-", text: expect.stringContaining("9.800") }, { op: "+", text: expect.stringContaining("9.900") }]));
    const human = await runCli(["post", file, "--config", project.config], { env });
    expect(human.stdout).toContain("Changed since published on stadt-mastodon");
    expect(human.stdout).not.toContain("failed");

    const corrected = await run("correct", file);
    expect(corrected.code, corrected.stdout + corrected.stderr).toBe(0);
    const report = JSON.parse(corrected.stdout) as Json;
    expect(report.channels[0]).toMatchObject({ status: "corrected", how: "edit", version: 2 });
    const edited = await mine(tag);
    // The same statuses (snac's API ids carry the time of the last change before the object's hash, so
    // the identity is the object's uri, and the ids the ledger holds still lead to the edited statuses).
    expect(edited.map((s) => s.uri)).toEqual(before.map((s) => s.uri));
    for (const [i, status] of edited.entries()) {
      expect(status.text ?? status.content).toContain("9.900");
      expect(status.text ?? status.content).not.toContain("9.800");
      expect((status as { edited_at?: string | null }).edited_at).toBeTruthy();
      const byOldId = await readSnacStatus(before[i]!.id);
      expect(byOldId.uri).toBe(status.uri);
      expect(byOldId.text ?? byOldId.content).toContain("9.900");
    }
    expect(sameStatus(edited[1]!.in_reply_to_id, edited[0]!.id)).toBe(true);

    // Longer now: the two posts are edited, the third is appended as a reply to the second.
    project.writeNotice(tag, { title: "Bombenentschärfung" }, body(tag, 3, "9.900"));
    const longer = await run("correct", file);
    expect(longer.code, longer.stdout + longer.stderr).toBe(0);
    expect((JSON.parse(longer.stdout) as Json).channels[0]).toMatchObject({ status: "corrected", how: "edit", version: 3 });
    const three = await mine(tag);
    expect(three).toHaveLength(3);
    expect(three.slice(0, 2).map((s) => s.uri)).toEqual(before.map((s) => s.uri));
    expect(sameStatus(three[2]!.in_reply_to_id, three[1]!.id)).toBe(true);
    expect(three[2]!.text ?? three[2]!.content).toContain(`Absatz 3 der Meldung ${tag}`);

    // Running it again changes nothing; `post` and `status` agree.
    const rerun = await run("correct", file);
    expect(rerun.code).toBe(0);
    expect((JSON.parse(rerun.stdout) as Json).channels[0]).toMatchObject({ status: "unchanged", version: 3 });
    const after = await mine(tag);
    expect(after.map((s) => [s.uri, s.text ?? s.content])).toEqual(three.map((s) => [s.uri, s.text ?? s.content]));
    expect((await run("post", file)).code).toBe(0);
    const status = JSON.parse((await run("status", file)).stdout) as { channels: { status: string; version: number; changed: boolean }[] };
    expect(status.channels[0]).toMatchObject({ status: "published", version: 3, changed: false });
    // The audit log has both corrections, each with the old and the new content hash.
    const log = JSON.parse((await run("log", file)).stdout) as { records: { action: string; outcome: string; content?: string; previous?: string }[] };
    const corrections = log.records.filter((r) => r.action === "correct");
    expect(corrections.map((r) => r.outcome)).toEqual(["corrected", "corrected"]);
    expect(corrections[0]!.content).toBe(corrections[1]!.previous);
    for (const r of corrections) expect(r.previous).not.toBe(r.content);
  });
});

describe("announce correct on a Bluesky PDS: the reply and replace policies", () => {
  const pds = inject("pds");
  let project: TestProject;
  let env: Record<string, string>;
  let account: BlueskyAccount;

  beforeAll(async () => {
    const real = await realAccounts({ pds, blueskyAccount: "korr" });
    ({ env, account } = real);
    project = await createProject(
      channels({ "b-reply": real.bluesky(), "b-replace": real.bluesky({ corrections: "replace" }) }, { defaults: { lang: "de" } }),
    );
  });
  const run = async (...args: string[]) => runCli([...args, "--config", project.config, "--json"], { env });
  const records = async (tag: string) => (await readBlueskyPosts(pds.url, account.did)).filter((r) => r.value.text.includes(tag));

  it("reply: exactly one correction reply per correction, in the thread, starting with the correction line", async () => {
    const tag = "korrreply";
    const file = project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: Die Kampstraße ist ab 8 Uhr gesperrt.`);
    expect((await run("post", file, "--channel", "b-reply")).code).toBe(0);
    const [original] = await records(tag);

    project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: Die Kampstraße ist ab 9 Uhr gesperrt.`);
    // `due` never corrects on its own.
    const due = await run("due", project.dir);
    expect(due.code, due.stdout).toBe(0);
    expect(await records(tag)).toHaveLength(1);
    const first = await run("correct", file, "--channel", "b-reply", "--note", "Die Sperrung beginnt eine Stunde später.");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as Json).channels[0]).toMatchObject({ status: "corrected", how: "reply", version: 2 });
    expect((await run("correct", file, "--channel", "b-reply")).code).toBe(0);
    let all = await records(tag);
    expect(all).toHaveLength(2);
    const reply = all[1]!;
    expect(reply.value.text.startsWith("Korrektur: Die Sperrung beginnt eine Stunde später.")).toBe(true);
    expect(reply.value.text).toContain("ab 9 Uhr");
    expect(reply.value.reply).toMatchObject({ root: { uri: original!.uri }, parent: { uri: original!.uri } });

    // A second correction: one more reply, to the first correction.
    project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: Die Kampstraße ist ab 10 Uhr gesperrt.`);
    expect((await run("correct", file, "--channel", "b-reply")).code).toBe(0);
    expect((await run("correct", file, "--channel", "b-reply")).code).toBe(0);
    all = await records(tag);
    expect(all).toHaveLength(3);
    expect(all[2]!.value.text.startsWith("Korrektur: Sperrung")).toBe(true);
    expect(all[2]!.value.text).toContain("ab 10 Uhr");
    expect(all[2]!.value.reply).toMatchObject({ root: { uri: original!.uri }, parent: { uri: reply.uri } });
    const status = JSON.parse((await run("status", file)).stdout) as { channels: { channel: string; status: string; version: number; posts: { id: string }[] }[] };
    expect(status.channels.find((c) => c.channel === "b-reply")).toMatchObject({ status: "published", version: 3, posts: [{ id: all[2]!.uri }] });
  });

  it("replace: exactly one live copy of the new text and none of the old", async () => {
    const tag = "korrersetz";
    const file = project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: Die Kampstraße ist ab 8 Uhr gesperrt.`);
    expect((await run("post", file, "--channel", "b-replace")).code).toBe(0);
    project.writeNotice(tag, { title: "Sperrung" }, `Meldung ${tag}: Die Kampstraße ist ab 9 Uhr gesperrt.`);
    const corrected = await run("correct", file, "--channel", "b-replace");
    expect(corrected.code, corrected.stdout + corrected.stderr).toBe(0);
    const report = (JSON.parse(corrected.stdout) as Json).channels[0]!;
    expect(report).toMatchObject({ status: "corrected", how: "replace", version: 2 });
    expect(report.removed).toHaveLength(1);
    expect((await run("correct", file, "--channel", "b-replace")).code).toBe(0);
    const live = await records(tag);
    expect(live).toHaveLength(1);
    expect(live[0]!.value.text).toContain("ab 9 Uhr");
    expect(live[0]!.value.reply).toBeUndefined();
  });
});
