/**
 * `announce login` for Bluesky against the real PDS: an app password given on stdin is checked by logging
 * in, kept in .env and its session stored (mode 0600), so `check` resumes it; the account's main password
 * is refused before anything is sent or written.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createBlueskyAccount, type BlueskyAccount } from "../setup/accounts.js";
import { blueskyChannel, channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

describe("announce login for Bluesky (real PDS)", () => {
  let account: BlueskyAccount;
  let project: TestProject;
  const cli = (args: string[], input?: string) => runCli([...args, "--config", project.config], { cwd: project.dir, input });

  beforeAll(async () => {
    account = await createBlueskyAccount(inject("pds").url, "login");
    project = await createProject(channels({ "stadt-bluesky": blueskyChannel({ service: inject("pds").url, identifier: account.handle, app_password: "${BLUESKY_APP_PASSWORD}" }) }));
  });

  it("refuses the account's main password: LOGIN_NOT_APP_PASSWORD, nothing written", async () => {
    const run = await cli(["login", "stadt-bluesky", "--json"], `${account.password}\n`);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).problems[0].code).toBe("LOGIN_NOT_APP_PASSWORD");
    expect(existsSync(path.join(project.dir, ".env"))).toBe(false);
    expect(existsSync(path.join(project.stateDir, "sessions", "stadt-bluesky.bluesky.json"))).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(account.password);
  });

  it("an app password: logged in, kept in .env, the session stored; check passes with it", async () => {
    const run = await cli(["login", "stadt-bluesky", "--json"], `${account.appPassword}\n`);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ channel: "stadt-bluesky", variable: "BLUESKY_APP_PASSWORD", account: expect.stringContaining(account.handle) });
    expect(readFileSync(path.join(project.dir, ".env"), "utf8")).toContain(`BLUESKY_APP_PASSWORD='${account.appPassword}'`);
    const session = path.join(project.stateDir, "sessions", "stadt-bluesky.bluesky.json");
    expect(statSync(session).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(session, "utf8")).session.did).toBe(account.did);
    const check = await cli(["check", "--json"]);
    expect(check.code, check.stdout).toBe(0);
    for (const out of [run, check]) expect(out.stdout + out.stderr).not.toContain(account.appPassword);
  });
});
