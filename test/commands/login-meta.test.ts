/**
 * `announce login` for Facebook, Instagram and Threads against the Graph and Threads fakes with Meta's
 * token endpoints (./fakes/meta-login.ts): the documented request shapes (checked by the fakes: a request
 * of another shape is refused), the token kept in .env only after it worked, the ids to configure, and no
 * secret in any output. Without a terminal, each question reads a line of stdin.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { addFacebookLogin, addThreadsLogin } from "../fakes/meta-login.js";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
import { channels, facebookChannel, instagramChannel, linkedinChannel, threadsChannel } from "../helpers/channels.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const PAGE_TOKEN = "page-token-stadt-3c9f1e";
const OTHER_PAGE_TOKEN = "page-token-feuerwehr-77ab";
const IG_PAGE_TOKEN = PAGE_TOKEN;
const META = { appId: "4455667788", appSecret: "meta-app-secret-9d2c", shortToken: "short-user-token-51aa", longToken: "long-user-token-e02b" };
const THREADS = { appSecret: "threads-app-secret-17fe", shortToken: "short-threads-token-aa31", longToken: "long-threads-token-8c44", refreshedToken: "refreshed-threads-token-0b9d" };
const ALL_SECRETS = [PAGE_TOKEN, OTHER_PAGE_TOKEN, META.appSecret, META.shortToken, META.longToken, THREADS.appSecret, THREADS.shortToken, THREADS.longToken, THREADS.refreshedToken];

const graph = new GraphFake({ pageId: "1234", pageName: "Stadt Musterstadt", pageToken: PAGE_TOKEN, igUserId: "1784", igUsername: "stadt_musterstadt" });
const threads = new ThreadsFake({ userId: "1789", username: "stadt_musterstadt", token: THREADS.longToken });
addFacebookLogin(graph, { ...META, pages: [{ id: "1234", name: "Stadt Musterstadt", access_token: PAGE_TOKEN }, { id: "5678", name: "Feuerwehr Musterstadt", access_token: OTHER_PAGE_TOKEN }] });
addThreadsLogin(threads, THREADS);
let media: StaticServer;
let project: TestProject;

const cli = (args: string[], input?: string, env: Record<string, string> = {}) => runCli([...args, "--config", project.config], { cwd: project.dir, input, env });
const envFile = () => (existsSync(path.join(project.dir, ".env")) ? readFileSync(path.join(project.dir, ".env"), "utf8") : "");
const noSecrets = (...runs: CliResult[]) => {
  for (const run of runs) for (const secret of ALL_SECRETS) expect(run.stdout + run.stderr).not.toContain(secret);
};

beforeAll(async () => {
  await Promise.all([graph.start(), threads.start()]);
  media = await startStaticServer(process.cwd());
  const hosted = { media_base_url: `${media.url}/`, media_dir: "./media" };
  project = await createProject(
    channels({
      "stadt-facebook": facebookChannel({ page_id: "1234", access_token: "${FB_PAGE_TOKEN}", api_url: graph.url }),
      "stadt-instagram": instagramChannel({ ig_user_id: "1784", access_token: "${IG_TOKEN}", api_url: graph.url, ...hosted }),
      "stadt-threads": threadsChannel({ user_id: "1789", access_token: "${THREADS_TOKEN}", api_url: threads.url, ...hosted }),
      "stadt-linkedin": linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LINKEDIN_TOKEN}" }),
    }),
  );
});
afterAll(() => Promise.all([graph.stop(), threads.stop(), media.stop()]));

describe("announce login for Facebook and Instagram (Graph fake)", () => {
  it("exchanges the user token, takes the configured Page's token and writes it to .env", async () => {
    // App id as a flag; app secret and the short-lived token as lines of stdin.
    const run = await cli(["login", "stadt-facebook", "--app-id", META.appId, "--json"], `${META.appSecret}\n${META.shortToken}\n`);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ channel: "stadt-facebook", variable: "FB_PAGE_TOKEN", account: expect.any(String), written: path.join(project.dir, ".env") });
    expect(envFile()).toContain(`FB_PAGE_TOKEN='${PAGE_TOKEN}'`);
    expect(statSync(path.join(project.dir, ".env")).mode & 0o777).toBe(0o600);
    // The documented request shapes arrived: the exchange as a GET with its four parameters, then /me/accounts.
    const [exchange] = graph.requests.filter((r) => r.path.endsWith("/oauth/access_token"));
    expect(exchange!.method).toBe("GET");
    expect(Object.fromEntries(exchange!.query)).toEqual({ grant_type: "fb_exchange_token", client_id: META.appId, client_secret: META.appSecret, fb_exchange_token: META.shortToken });
    const accounts = graph.requests.filter((r) => r.path.endsWith("/me/accounts"));
    expect(accounts.at(-1)!.query.get("access_token")).toBe(META.longToken);
    noSecrets(run);
  });

  it("several Pages and --page names none of them: LOGIN_CHOOSE_PAGE lists them, nothing written", async () => {
    const before = envFile();
    const secrets = { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret };
    const wrong = await cli(["login", "stadt-facebook", "--page", "9999", "--json"], `${META.shortToken}\n`, secrets);
    expect(wrong.code).toBe(2);
    const problem = JSON.parse(wrong.stdout).problems[0];
    expect(problem.code).toBe("LOGIN_CHOOSE_PAGE");
    expect(problem.message).toContain("Feuerwehr Musterstadt (5678)");
    expect(envFile()).toBe(before);
    noSecrets(wrong);
  });

  it("Instagram: the Page's token and the id of its linked Instagram account", async () => {
    const run = await cli(["login", "stadt-instagram", "--json"], `${META.shortToken}\n`, { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ variable: "IG_TOKEN", notes: expect.arrayContaining([expect.stringContaining("Instagram account 1784, linked to the Page Stadt Musterstadt (1234)")]) });
    expect(envFile()).toContain(`IG_TOKEN='${IG_PAGE_TOKEN}'`);
    expect(graph.requests.some((r) => r.path.endsWith("/1234") && r.query.get("fields")?.startsWith("instagram_business_account"))).toBe(true);
    noSecrets(run);
  });
});

describe("announce login for Threads (Threads fake)", () => {
  it("exchanges a short-lived token for a long-lived one and says when it expires", async () => {
    const run = await cli(["login", "stadt-threads", "--json"], `${THREADS.shortToken}\n`, { THREADS_APP_SECRET: THREADS.appSecret });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ variable: "THREADS_TOKEN", expiresAt: expect.any(String) });
    const days = (Date.parse(report.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(58);
    expect(days).toBeLessThan(61);
    expect(envFile()).toContain(`THREADS_TOKEN='${THREADS.longToken}'`);
    const exchange = threads.requests.find((r) => r.path === "/access_token")!;
    expect(Object.fromEntries(exchange.query)).toEqual({ grant_type: "th_exchange_token", client_secret: THREADS.appSecret, access_token: THREADS.shortToken });
    noSecrets(run);
  });

  it("--refresh renews the token in .env (read from there), and check works with the new one", async () => {
    const run = await cli(["login", "stadt-threads", "--refresh"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const refresh = threads.requests.find((r) => r.path === "/refresh_access_token")!;
    expect(Object.fromEntries(refresh.query)).toEqual({ grant_type: "th_refresh_token", access_token: THREADS.longToken });
    expect(envFile()).toContain(`THREADS_TOKEN='${THREADS.refreshedToken}'`);
    expect(envFile()).not.toContain(THREADS.longToken);
    const check = await cli(["check", "--channel", "stadt-threads", "--json"]);
    expect(JSON.parse(check.stdout).channels[0]).toMatchObject({ channel: "stadt-threads", ok: true });
    noSecrets(run, check);
  });
});

describe("announce login, other cases", () => {
  it("an unknown channel, and a LinkedIn login without the app's client id, are refused with what to do", async () => {
    const linkedin = await cli(["login", "stadt-linkedin", "--json"]);
    expect(linkedin.code).toBe(2);
    expect(JSON.parse(linkedin.stdout).problems[0]).toMatchObject({ code: "LOGIN_INPUT_MISSING", hint: expect.stringContaining("--app-id") });
    const unknown = await cli(["login", "stadt-myspace", "--json"]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).problems[0].code).toBe("UNKNOWN_CHANNEL");
  });

  it("--print prints the line for a CI secret store and writes nothing", async () => {
    // A project of its own: no .env whose values would be redacted from the output.
    const own = await createProject(channels({ "stadt-facebook": facebookChannel({ page_id: "1234", access_token: "${FB_PAGE_TOKEN}", api_url: graph.url }) }));
    const run = await runCli(["login", "stadt-facebook", "--print", "--config", own.config], { cwd: own.dir, input: `${META.shortToken}\n`, env: { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`FB_PAGE_TOKEN=${PAGE_TOKEN}`);
    expect(run.stdout).toContain("store it as the secret FB_PAGE_TOKEN");
    expect(existsSync(path.join(own.dir, ".env"))).toBe(false);
  });
});
