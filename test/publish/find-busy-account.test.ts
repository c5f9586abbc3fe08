/**
 * Reconciliation on a busy account, against the real snac2 (which ignores Idempotency-Key, so only `find`
 * stands between a re-run and a second copy): `announce post` is killed after the status was created but
 * before the ledger knew it, the account then posts 45 other statuses (a city account during a crisis:
 * more than the 40 one page of the listing holds), and the re-run must find the status by reading the
 * account's statuses back page by page, not post it again. (70 newer posts on every platform are in the
 * client tests against the fakes; snac2 takes about half a second per status, so the real server gets
 * just enough to need a second page.) What
 * the server holds and what the ledger says must agree: one status, the one recorded.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readSnacStatuses } from "../setup/accounts.js";
import { channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";

describe("a re-run after 45 other statuses finds the interrupted one (snac2, user erin)", () => {
  const snac = inject("snac");
  let project: TestProject;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    const real = await realAccounts({ snac, snacUser: "erin" });
    ({ env, snac: { token } } = real);
    env = { ...env, ANNOUNCE_LOCK_STALE_MS: "2000" };
    project = await createProject(channels({ m: real.mastodon() }, { defaults: { lang: "de" } }));
  });

  /** Posts a status as the account, past announce (another person of the press office, another tool). */
  const postOther = async (text: string) => {
    const response = await fetch(`${snac.url}/api/v1/statuses`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ status: text, visibility: "public" }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    await response.body?.cancel();
  };

  it("killed after the status was created, 45 other statuses, then re-run: the status is found on the second page, not posted again", { timeout: 180_000 }, async () => {
    const tag = "vielbeschaeftigt";
    const file = project.writeNotice(tag, { title: `Hochwasserwarnung ${tag}` }, "Der Pegel steigt.\n\nBitte meiden Sie die Uferwege.");
    // "before:2": the status is on the server, the ledger holds only the intent.
    const killed = await runCli(["post", file, "--config", project.config, "--json"], { env: { ...env, ANNOUNCE_TEST_CRASH: "before:2" } });
    expect(killed.signal).toBe("SIGKILL");
    const ours = async () => (await readSnacStatuses(snac.url, token)).filter((s) => (s.text ?? s.content).includes(tag));
    expect(await ours()).toHaveLength(1);

    // Ten at a time: snac takes a while to answer each post, but takes several at once.
    for (let batch = 0; batch < 45; batch += 15) {
      await Promise.all(Array.from({ length: 15 }, (_, i) => postOther(`Lagemeldung ${batch + i + 1}: Sandsäcke an der Ausgabestelle ${i % 5}.`)));
    }
    const rerun = await runCli(["post", file, "--config", project.config, "--json"], { env });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    const report = JSON.parse(rerun.stdout);
    expect(report.channels[0].posts).toMatchObject([{ index: 0, reconciled: true }]);
    const onServer = await ours();
    expect(onServer).toHaveLength(1);
    expect(report.channels[0].posts[0].id).toBe(onServer[0]!.id);

    const status = JSON.parse((await runCli(["status", file, "--config", project.config, "--json"], { env })).stdout);
    expect(status.channels[0]).toMatchObject({ channel: "m", status: "published", posts: [{ index: 0, id: onServer[0]!.id }] });
  });
});
