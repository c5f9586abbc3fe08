/**
 * `announce login` for Facebook, Instagram and Threads against the Graph and Threads fakes with Meta's
 * token endpoints (./fakes/meta-login.ts): the documented request shapes (checked by the fakes: a request
 * of another shape is refused), the token kept in .env only after it worked, the ids to configure, and no
 * secret in any output. Without a terminal, each question reads a line of stdin. The flows speak the
 * language of the run: the questions (asked in-process, as only a terminal shows them), the notes and the
 * problems, in German (`LANG=de_DE.UTF-8`) and in English (`LANG=C`).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLanguage, type Language } from "../../src/language.js";
import { facebookLogin } from "../../src/platforms/facebook/login.js";
import { threadsLogin } from "../../src/platforms/threads/login.js";
import type { LoginInput } from "../../src/platforms/shared/login.js";
import { GraphFake, ThreadsFake } from "../fakes/graph.js";
import { addFacebookLogin, addInstagramLogin, addThreadsLogin } from "../fakes/meta-login.js";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
import { channels, facebookChannel, instagramChannel, linkedinChannel, threadsChannel } from "../helpers/channels.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const PAGE_TOKEN = "page-token-stadt-3c9f1e";
const OTHER_PAGE_TOKEN = "page-token-feuerwehr-77ab";
const IG_PAGE_TOKEN = PAGE_TOKEN;
const META = { appId: "4455667788", appSecret: "meta-app-secret-9d2c", shortToken: "short-user-token-51aa", longToken: "long-user-token-e02b" };
const THREADS = { appSecret: "threads-app-secret-17fe", shortToken: "short-threads-token-aa31", longToken: "long-threads-token-8c44", refreshedToken: "refreshed-threads-token-0b9d" };
const INSTAGRAM = { appSecret: "instagram-app-secret-6a0d", shortToken: "short-instagram-token-3e71", longToken: "long-instagram-token-c58f", refreshedToken: "refreshed-instagram-token-91b2" };
const ALL_SECRETS = [PAGE_TOKEN, OTHER_PAGE_TOKEN, META.appSecret, META.shortToken, META.longToken, THREADS.appSecret, THREADS.shortToken, THREADS.longToken, THREADS.refreshedToken, ...Object.values(INSTAGRAM)];

const graph = new GraphFake({ pageId: "1234", pageName: "Stadt Musterstadt", pageToken: PAGE_TOKEN, igUserId: "1784", igUsername: "stadt_musterstadt" });
const threads = new ThreadsFake({ userId: "1789", username: "stadt_musterstadt", token: THREADS.longToken });
addFacebookLogin(graph, { ...META, pages: [{ id: "1234", name: "Stadt Musterstadt", access_token: PAGE_TOKEN }, { id: "5678", name: "Feuerwehr Musterstadt", access_token: OTHER_PAGE_TOKEN }] });
addThreadsLogin(threads, THREADS);
/** graph.instagram.com (Instagram Login), for an account without a Facebook Page. */
const igLogin = new GraphFake({ host: "instagram", pageId: "0", pageToken: INSTAGRAM.longToken, igUserId: "17841400000000042", igUsername: "stadt_musterstadt" });
addInstagramLogin(igLogin, INSTAGRAM);
let media: StaticServer;
let project: TestProject;

const cli = (args: string[], input?: string, env: Record<string, string> = {}) => runCli([...args, "--config", project.config], { cwd: project.dir, input, env });
const envFile = () => (existsSync(path.join(project.dir, ".env")) ? readFileSync(path.join(project.dir, ".env"), "utf8") : "");
const noSecrets = (...runs: CliResult[]) => {
  for (const run of runs) for (const secret of ALL_SECRETS) expect(run.stdout + run.stderr).not.toContain(secret);
};

beforeAll(async () => {
  await Promise.all([graph.start(), threads.start(), igLogin.start()]);
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
afterAll(() => Promise.all([graph.stop(), threads.stop(), igLogin.stop(), media.stop()]));

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

/** A hand-written channels.yaml with comments, as a press office keeps it (the test servers' URLs filled in). */
const handWritten = (igUrl: string, mediaUrl: string, fbUrl: string) => `# Kanäle der Pressestelle
timeouts:
  connect: 60               # die Test-Server teilen sich die Maschine

channels:
  # ── Instagram (Instagram-Login, ohne Facebook-Seite) ──
  stadt-instagram:
    platform: instagram
    api_url: ${igUrl}
    login: instagram          # der Test-Server steht für graph.instagram.com
    ig_user_id: "17841400000000000"   # Platzhalter: announce login trägt die richtige ein
    access_token: \${IG_LOGIN_TOKEN}
    media_base_url: ${mediaUrl}/
    media_dir: './media'

  # ── Facebook-Seite ──
  stadt-facebook:
    platform: facebook
    page_id: "1"              # Platzhalter
    access_token: \${FB_PAGE_TOKEN}
    api_url: ${fbUrl}

  # stadt-threads:
  #   platform: threads
`;

describe("announce login for Instagram with Instagram Login (graph.instagram.com fake), and the ids written into channels.yaml", () => {
  let own: TestProject;
  let original: string;
  const run = (args: string[], input?: string, env: Record<string, string> = {}) => runCli([...args, "--config", own.config], { cwd: own.dir, input, env });
  const yaml = () => readFileSync(own.config, "utf8");
  const dotEnv = () => readFileSync(path.join(own.dir, ".env"), "utf8");

  beforeAll(async () => {
    original = handWritten(igLogin.url, media.url, graph.url);
    own = await createProject(original);
  });

  it("the fake refuses what graph.instagram.com would: another grant_type, no client_secret, a versioned path", async () => {
    const get = async (pathAndQuery: string) => {
      const response = await fetch(`${igLogin.url}${pathAndQuery}`);
      return { status: response.status, body: (await response.json()) as { error?: { code?: number } } };
    };
    const short = `access_token=${INSTAGRAM.shortToken}`;
    expect(await get(`/access_token?grant_type=fb_exchange_token&client_secret=${INSTAGRAM.appSecret}&${short}`)).toMatchObject({ status: 400, body: { error: { code: 100 } } });
    expect(await get(`/access_token?grant_type=ig_exchange_token&${short}`)).toMatchObject({ status: 400, body: { error: { code: 1 } } });
    expect((await get(`/v24.0/access_token?grant_type=ig_exchange_token&client_secret=${INSTAGRAM.appSecret}&${short}`)).status).toBe(400);
    expect(await get(`/refresh_access_token?grant_type=th_refresh_token&access_token=${INSTAGRAM.longToken}`)).toMatchObject({ status: 400, body: { error: { code: 100 } } });
    // No debug_token on this host.
    expect((await get(`/v24.0/debug_token?input_token=${INSTAGRAM.longToken}&access_token=${INSTAGRAM.longToken}`)).status).toBe(400);
    // The tests below look at what announce sent, not at these.
    igLogin.requests.length = 0;
  });

  it("a wrong app secret is refused by the exchange: nothing is written", async () => {
    const wrong = await run(["login", "stadt-instagram", "--json"], `${INSTAGRAM.shortToken}\n`, { INSTAGRAM_APP_SECRET: "not-the-secret" });
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stdout).problems[0]).toMatchObject({ code: "LOGIN_FAILED", message: expect.stringContaining("GET /access_token") });
    expect(yaml()).toBe(original);
    expect(existsSync(path.join(own.dir, ".env"))).toBe(false);
    noSecrets(wrong);
  });

  it("exchanges the short-lived token, reads the account's user_id, and writes the token to .env and the id and expiry into channels.yaml", async () => {
    const login = await run(["login", "stadt-instagram", "--json"], `${INSTAGRAM.shortToken}\n`, { INSTAGRAM_APP_SECRET: INSTAGRAM.appSecret });
    expect(login.code, login.stdout + login.stderr).toBe(0);
    const report = JSON.parse(login.stdout);
    const expires = report.expiresAt.slice(0, 10);
    expect(report).toMatchObject({
      variable: "IG_LOGIN_TOKEN",
      account: "@stadt_musterstadt",
      settings: { ig_user_id: "17841400000000042", token_expires_at: expires },
      config: { file: own.config, written: ["ig_user_id", "token_expires_at"], kept: [] },
    });
    // The login knows the expiry: no note that nothing does.
    expect(report.notes.join("\n")).not.toContain("token_expires_at");
    expect(report.notes).toEqual(expect.arrayContaining([expect.stringContaining("Instagram account @stadt_musterstadt (ig_user_id 17841400000000042)")]));
    const days = (Date.parse(report.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(60);
    // What arrived: the documented exchange (no version in the path), then /me with the long-lived token.
    const exchange = igLogin.requests.filter((r) => r.path === "/access_token");
    expect(exchange.map((r) => [r.method, Object.fromEntries(r.query)]).at(-1)).toEqual(["GET", { grant_type: "ig_exchange_token", client_secret: INSTAGRAM.appSecret, access_token: INSTAGRAM.shortToken }]);
    const me = igLogin.requests.find((r) => /^\/v\d+\.\d+\/me$/.test(r.path))!;
    expect(Object.fromEntries(me.query)).toEqual({ fields: "user_id,username", access_token: INSTAGRAM.longToken });
    // graph.instagram.com has no debug_token: it was not asked.
    expect(igLogin.requests.some((r) => r.path.includes("debug_token"))).toBe(false);
    expect(dotEnv()).toContain(`IG_LOGIN_TOKEN='${INSTAGRAM.longToken}'`);
    // channels.yaml: the placeholder replaced, token_expires_at added at the end of the entry; every other byte kept.
    expect(yaml()).toBe(
      original
        .replace(`ig_user_id: "17841400000000000"   # Platzhalter`, `ig_user_id: "17841400000000042"   # Platzhalter`)
        .replace("    media_dir: './media'\n", `    media_dir: './media'\n    token_expires_at: "${expires}"\n`),
    );
    noSecrets(login);
  });

  it("check passes against the fake, with the expiry from channels.yaml", async () => {
    const check = await run(["check", "--channel", "stadt-instagram", "--json"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const [channel] = JSON.parse(check.stdout).channels;
    expect(channel).toMatchObject({ channel: "stadt-instagram", ok: true, account: "@stadt_musterstadt", tokenExpirySource: "config", warnings: [] });
    expect(channel.tokenExpiresAt.slice(0, 10)).toBe(yaml().match(/token_expires_at: "(.+)"/)![1]);
  });

  it("check warns when the token expires within 14 days", async () => {
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const before = yaml();
    writeFileSync(own.config, before.replace(/token_expires_at: ".+"/, `token_expires_at: "${soon}"`));
    try {
      const check = await run(["check", "--channel", "stadt-instagram", "--json"]);
      const [channel] = JSON.parse(check.stdout).channels;
      expect(channel.ok).toBe(true);
      expect(channel.warnings).toEqual([expect.stringContaining("The access token of stadt-instagram expires on")]);
    } finally {
      writeFileSync(own.config, before);
    }
  });

  it("--refresh renews the token from .env, and check works with the new one", async () => {
    const refresh = await run(["login", "stadt-instagram", "--refresh"]);
    expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
    const request = igLogin.requests.find((r) => r.path === "/refresh_access_token")!;
    expect([request.method, Object.fromEntries(request.query)]).toEqual(["GET", { grant_type: "ig_refresh_token", access_token: INSTAGRAM.longToken }]);
    expect(dotEnv()).toContain(`IG_LOGIN_TOKEN='${INSTAGRAM.refreshedToken}'`);
    expect(refresh.stdout).toContain("announce login stadt-instagram --refresh");
    const check = await run(["check", "--channel", "stadt-instagram", "--json"]);
    expect(JSON.parse(check.stdout).channels[0]).toMatchObject({ ok: true, warnings: [] });
    noSecrets(refresh, check);
  });

  it("Facebook: the Page's id replaces the placeholder in channels.yaml; --print writes nothing and lists it", async () => {
    const secrets = { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret };
    const before = yaml();
    const printed = await run(["login", "stadt-facebook", "--page", "1234", "--print"], `${META.shortToken}\n`, secrets);
    expect(printed.code, printed.stdout + printed.stderr).toBe(0);
    expect(printed.stdout).toContain(`Set in channels.yaml under stadt-facebook: page_id: "1234" (not written: --print writes no file).`);
    expect(yaml()).toBe(before);
    const login = await run(["login", "stadt-facebook", "--page", "1234"], `${META.shortToken}\n`, secrets);
    expect(login.code, login.stdout + login.stderr).toBe(0);
    expect(login.stdout).toContain(`Written to channels.yaml under stadt-facebook: page_id: "1234".`);
    expect(yaml()).toBe(before.replace(`page_id: "1"              # Platzhalter`, `page_id: "1234"              # Platzhalter`));
    noSecrets(login);
  });

  it("a value given as ${VAR} is not written: the report says what to set and why", async () => {
    const before = yaml();
    writeFileSync(own.config, before.replace(`page_id: "1234"`, "page_id: ${FB_PAGE_ID}"));
    try {
      const login = await run(["login", "stadt-facebook", "--page", "1234", "--json"], `${META.shortToken}\n`, { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret, FB_PAGE_ID: "99" });
      expect(login.code, login.stdout + login.stderr).toBe(0);
      expect(JSON.parse(login.stdout).config).toEqual({ file: own.config, written: [], kept: [{ key: "page_id", reason: "reference" }] });
      expect(yaml()).toBe(before.replace(`page_id: "1234"`, "page_id: ${FB_PAGE_ID}"));
    } finally {
      writeFileSync(own.config, before);
    }
  });
});

describe("announce login in the language of the run", () => {
  const LOCALES = { de: "de_DE.UTF-8", en: "C" } as const;
  let own: TestProject;
  const run = (lang: Language, args: string[], input?: string, env: Record<string, string> = {}) =>
    runCli([...args, "--config", own.config], { cwd: own.dir, input, env: { LANG: LOCALES[lang], TZ: "Europe/Berlin", ...env } });

  beforeAll(async () => {
    own = await createProject(
      channels({
        "stadt-facebook": facebookChannel({ page_id: "1234", access_token: "${FB_PAGE_TOKEN}", api_url: graph.url }),
        "stadt-threads": threadsChannel({ user_id: "1789", access_token: "${THREADS_TOKEN}", api_url: threads.url, media_base_url: `${media.url}/`, media_dir: "./media" }),
      }),
    );
  });
  afterEach(() => setLanguage("en"));

  /**
   * Runs a flow in-process with the language set, answering its questions in turn (a question that names a
   * variable from `env`); returns what it asked and its result.
   */
  async function questions<S>(language: Language, flow: { run(input: LoginInput<S>): Promise<unknown> }, settings: S, answers: string[], more: Partial<LoginInput<S>> & { env?: Record<string, string> } = {}) {
    setLanguage(language);
    const asked: string[] = [];
    const { env = {}, ...input } = more;
    const result = await flow.run({
      channel: "stadt",
      settings,
      options: {},
      stateDir: own.dir,
      ask: async (question, options) => {
        asked.push(question);
        return (options?.env ? env[options.env] : undefined) ?? answers.shift();
      },
      say: () => {},
      ...input,
    });
    return { asked, result };
  }

  it("Facebook asks for the app's id and secret and the user token in German, and notes the Page in German", async () => {
    const { asked, result } = await questions("de", facebookLogin, { api_url: graph.url, page_id: "1234" } as never, [META.appId, META.appSecret, META.shortToken]);
    expect(asked).toEqual([
      "Die ID der Meta-App: ",
      "Der App-Geheimschlüssel der Meta-App (App-Einstellungen → Allgemeines): ",
      expect.stringMatching(/^Ein kurzlebiges Nutzertoken \(z\. B\. aus dem Graph API Explorer, mit pages_show_list/),
    ]);
    expect(result).toMatchObject({
      notes: [
        "Seite Stadt Musterstadt (1234).",
        "Die Person verwaltet außerdem: Feuerwehr Musterstadt (5678).",
        expect.stringMatching(/^Ein Seiten-Token, das aus einem langlebigen Nutzertoken stammt, läuft nicht ab/),
      ],
    });
  });

  it("the same questions in English", async () => {
    const { asked } = await questions("en", facebookLogin, { api_url: graph.url, page_id: "1234" } as never, [META.appId, META.appSecret, META.shortToken]);
    expect(asked.slice(0, 2)).toEqual(["The Meta app's id: ", "The Meta app's secret (App settings → Basic): "]);
    expect(asked[2]).toMatch(/^A short-lived user token \(e\.g\. from the Graph API Explorer/);
  });

  it("Threads asks in German, and says until when the token lasts as a German date", async () => {
    // The questions come before any request.
    setLanguage("de");
    const asked: string[] = [];
    const secret = { api_url: "http://127.0.0.1:9", user_id: "1789" } as never;
    const ask = async (question: string) => void asked.push(question);
    await expect(threadsLogin.run({ channel: "stadt", settings: secret, options: {}, stateDir: own.dir, ask, say: () => {} })).rejects.toMatchObject({
      problems: [{ code: "LOGIN_INPUT_MISSING", message: "Für die Anmeldung fehlt der App-Geheimschlüssel der Threads-App." }],
    });
    expect(asked).toEqual([expect.stringMatching(/^Der App-Geheimschlüssel der Threads-App \(App-Dashboard → App-Einstellungen → Allgemeines\): $/)]);

    const previous = process.env.TZ;
    process.env.TZ = "Europe/Berlin";
    try {
      const { result } = await questions("de", threadsLogin, { api_url: threads.url, user_id: "1789" } as never, [], { options: { refresh: true }, current: THREADS.longToken });
      expect((result as { notes: string[] }).notes).toEqual([
        expect.stringMatching(/^Das Token gilt 60 Tage \(bis \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} \(\+0[12]:00\)\): Erneuern Sie es frühestens nach 24 Stunden und vor Ablauf mit announce login stadt --refresh\.$/),
      ]);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it("LANG=de_DE.UTF-8: the notes of a Facebook login, and what a Threads login misses, in German", async () => {
    const secrets = { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret };
    const login = await run("de", ["login", "stadt-facebook"], `${META.shortToken}\n`, secrets);
    expect(login.code, login.stdout + login.stderr).toBe(0);
    const out = login.stdout.replace(/\s+/g, " ");
    expect(out).toContain("Seite Stadt Musterstadt (1234).");
    expect(out).toContain("Die Person verwaltet außerdem: Feuerwehr Musterstadt (5678).");
    expect(out).toContain("Ein Seiten-Token, das aus einem langlebigen Nutzertoken stammt, läuft nicht ab, solange die Person ihre Rolle auf der Seite behält;");
    expect(out).not.toMatch(/Page token|The user also manages/);

    const missing = await run("de", ["login", "stadt-threads"]);
    expect(missing.code).toBe(2);
    const said = (missing.stdout + missing.stderr).replace(/\s+/g, " ");
    expect(said).toContain("Für die Anmeldung fehlt der App-Geheimschlüssel der Threads-App.");
    expect(said).toContain("Geben Sie den Wert mit der Variablen THREADS_APP_SECRET an");

    const refresh = await run("de", ["login", "stadt-threads", "--refresh"], undefined, { THREADS_TOKEN: "" });
    expect(refresh.code).toBe(2);
    expect((refresh.stdout + refresh.stderr).replace(/\s+/g, " ")).toContain("Für die Anmeldung fehlt das aktuelle langlebige Threads-Token des Kanals.");
  });

  it("LANG=C: the same in English", async () => {
    const secrets = { META_APP_ID: META.appId, META_APP_SECRET: META.appSecret };
    const login = await run("en", ["login", "stadt-facebook"], `${META.shortToken}\n`, secrets);
    expect(login.code, login.stdout + login.stderr).toBe(0);
    const out = login.stdout.replace(/\s+/g, " ");
    expect(out).toContain("Page Stadt Musterstadt (1234).");
    expect(out).toContain("The user also manages: Feuerwehr Musterstadt (5678).");
    expect(out).toContain("A Page token from a long-lived user token does not expire while the user keeps the Page role;");

    const missing = await run("en", ["login", "stadt-threads"]);
    expect(missing.code).toBe(2);
    const said = (missing.stdout + missing.stderr).replace(/\s+/g, " ");
    expect(said).toContain("The login needs the secret of the Threads app.");
    expect(said).toContain("Give it with the variable THREADS_APP_SECRET");
  });
});
