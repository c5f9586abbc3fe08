/**
 * `announce login` for Mastodon, end to end against the real snac2: the app is registered on the server,
 * the person opens the authorization address and logs in with snac's own form (as a browser would), the
 * code goes back to `announce login --code`, the token lands in .env (mode 0600, ignored by git), and
 * `check` then works with it. The token never appears in any output.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** What a browser does with the authorization address: show snac's login form and submit it. */
async function authorizeInBrowser(authorizeUrl: string, login: string, password: string): Promise<string> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
  expect(form, html.slice(0, 500)).not.toBeNull();
  const fields = new URLSearchParams({ login, passwd: password });
  for (const [, name, value] of form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(name!, value!);
  // The form posts to the server's configured host name; the test reaches it at the address it listens on.
  const action = new URL(new URL(form![1]!).pathname, authorizeUrl);
  const answer = await fetch(action, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: fields });
  const location = answer.headers.get("location");
  const body = (await answer.text()).trim();
  // With the out-of-band redirect, the instance shows the code to copy (snac: as the page's body).
  const code = location ? new URL(location, authorizeUrl).searchParams.get("code") : /^[A-Za-z0-9]{16,}$/.test(body) ? body : null;
  expect(code, `${answer.status} ${location ?? ""} ${body.slice(0, 200)}`).toBeTruthy();
  return code!;
}

describe("announce login for Mastodon (real snac2)", () => {
  const snac = inject("snac");
  let project: TestProject;
  const user = snac.users.find((u) => u.name === "kim")!;

  beforeAll(async () => {
    project = await createProject(channels({ "stadt-mastodon": mastodonChannel({ instance: snac.url, access_token: "${MASTODON_TOKEN}" }) }, { defaults: { lang: "de" } }));
    writeFileSync(path.join(project.dir, ".gitignore"), "node_modules/\n");
  });

  it("registers an app, takes the code, writes the token to .env, and check passes with it", async () => {
    const cli = (args: string[]) => runCli([...args, "--config", project.config], { cwd: project.dir });
    // Step 1 without a terminal and without a code: the authorization address and how to go on.
    const first = await cli(["login", "stadt-mastodon", "--json"]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const pending = JSON.parse(first.stdout);
    expect(pending).toMatchObject({ channel: "stadt-mastodon", platform: "mastodon", variable: "MASTODON_TOKEN", pending: { next: "announce login stadt-mastodon --code CODE" } });
    const authorize = new URL(pending.pending.url);
    expect(authorize.origin + authorize.pathname).toBe(`${snac.url}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: "code", redirect_uri: "urn:ietf:wg:oauth:2.0:oob", scope: "read:accounts read:statuses write:statuses write:media" });

    const code = await authorizeInBrowser(authorize.href, user.name, user.password);

    // Step 2: the code; the app registered in step 1 is reused.
    const second = await cli(["login", "stadt-mastodon", "--code", code]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain("works as");
    expect(second.stdout).toContain("MASTODON_TOKEN written to .env (mode 0600, not committed)");
    const envFile = path.join(project.dir, ".env");
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const token = /^MASTODON_TOKEN='([^']+)'$/m.exec(readFileSync(envFile, "utf8"))?.[1];
    expect(token).toBeTruthy();
    expect(readFileSync(path.join(project.dir, ".gitignore"), "utf8").split("\n")).toContain(".env");

    // The token works on the server: the account it belongs to is the one that authorized.
    const me = await fetch(`${snac.url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe(user.name);

    const check = await cli(["check", "--json"]);
    expect(check.code, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout).channels[0]).toMatchObject({ channel: "stadt-mastodon", ok: true });
    for (const run of [first, second, check]) expect(run.stdout + run.stderr).not.toContain(token!);
  });
});
