/**
 * The whole command line in German (`LANG=de_DE.UTF-8`) and in English (`LANG=C`): the same session of
 * commands (help, preview, validate, post, status, due, check, log) against the Facebook and LinkedIn
 * fakes, its human output kept as golden files (test/golden/de/cli.txt, test/golden/en/cli.txt), with the
 * times in the time zone of the run (TZ=Europe/Berlin, on both sides of a change to summer time).
 * Then how the language is chosen, and that JSON stays the same in both languages but for the wording.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake } from "../fakes/graph.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { runCli, projectRoot, type CliResult } from "../helpers/cli.js";
import { createFakesProject, type TestProject } from "../helpers/project.js";

const LOCALES = { de: "de_DE.UTF-8", en: "C" } as const;
type Lang = keyof typeof LOCALES;

/** 28 March 2027, 01:30 in Berlin, half an hour before the clocks go forward (+01:00). */
const PAUSED_AT = "2027-03-28T00:30:00.000Z";
/**
 * The notice is scheduled at 03:30 of the night the clocks go forward in 2036 (+02:00), far enough ahead
 * for `post` without --now to refuse it for years.
 */
const PUBLISH_AT = "2036-03-30T03:30:00+02:00";
/** The Facebook token runs out on a winter evening (+01:00); LinkedIn's, from the config, in summer (+02:00). */
const FB_EXPIRES = Date.parse("2036-01-15T17:45:00Z") / 1000;
const LI_EXPIRES = "2036-07-01T06:00:00Z";

interface Session {
  graph: GraphFake;
  linkedin: LinkedInFake;
  project: TestProject;
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function session(lang: Lang): Promise<Session> {
  const graph = new GraphFake({ pageId: "1234", pageName: "Stadt Beispiel", pageToken: "fb-token-1", igUserId: "1784", tokenExpiresAt: FB_EXPIRES });
  const linkedin = new LinkedInFake({ token: "li-token-1", organization: "urn:li:organization:123" });
  await Promise.all([graph.start(), linkedin.start()]);
  // This month's API version: LinkedIn's age warning would otherwise enter the golden output some day.
  const version = new Date().toISOString().slice(0, 7).replace("-", "");
  const { project, media } = await createFakesProject({ facebook: graph.url, linkedin: linkedin.url }, { li: { token_expires_at: LI_EXPIRES, version } });
  return {
    graph,
    linkedin,
    project,
    env: { LANG: LOCALES[lang], TZ: "Europe/Berlin", FB: "fb-token-1", LI: "li-token-1", ANNOUNCE_ACTOR: "Pressestelle" },
    stop: async () => {
      await Promise.all([graph.stop(), linkedin.stop(), media.stop()]);
    },
  };
}

/** Runs the same commands as a press officer would, and returns the transcript. */
async function transcript(s: Session, lang: Lang): Promise<string> {
  const { project, env } = s;
  const notice = project.writeNotice(
    "sperrung",
    { title: "Sperrung der Hauptstraße", publish_at: PUBLISH_AT, hashtags: ["StadtInfo"], images: [{ path: "images/karte.png", alt: "Karte der Umleitung um die Hauptstraße" }] },
    "Die Hauptstraße ist am Sonntag **zwischen Markt und Bahnhof** gesperrt. Die Busse fahren eine Umleitung.",
  );
  const broken = project.writeNotice("kaputt", { title: "Ohne Bildbeschreibung", titel: "Tippfehler", images: [{ path: "images/karte.png", alt: "karte.png" }] }, "Text der Meldung.");
  const out: string[] = [];
  const run = async (args: string[], options: { stderr?: boolean } = {}): Promise<CliResult> => {
    const result = await runCli(args, { cwd: project.dir, env, timeoutMs: 120_000 });
    out.push(`$ announce ${args.join(" ")}`, result.stdout.trimEnd());
    if (options.stderr) out.push(`[stderr] ${result.stderr.trimEnd()}`);
    out.push(`[exit ${result.code}]`, "");
    return result;
  };
  const file = path.basename(notice);

  await run(["--help"]);
  await run(["post", "--help"]);
  await run(["preview", file, "--channel", "fb"]);
  await run(["validate", file, path.basename(broken)]);
  await run(["post", file], { stderr: true });
  const posted = await run(["post", file, "--now"]);
  expect(posted.code).toBe(0);
  // The progress on stderr (not in the transcript: the channels publish at the same time, in any order).
  const progress = posted.stderr.split("\n");
  if (lang === "de") expect(progress).toEqual(expect.arrayContaining(["… fb: Verbindung wird aufgebaut", "… fb: Beitrag 1/1", "✔ fb: veröffentlicht", "✔ li: veröffentlicht"]));
  else expect(progress).toEqual(expect.arrayContaining(["… fb: connecting", "… fb: post 1/1", "✔ fb: published", "✔ li: published"]));
  writeFileSync(path.join(project.stateDir, "pause.json"), JSON.stringify({ reason: "Trauertag", by: "A. Schmidt", at: PAUSED_AT }) + "\n");
  await run(["status", file]);
  // A folder for due: the published notice, one due now, one scheduled for later; the pause holds them.
  rmSync(broken);
  project.writeNotice("hinweis", { title: "Hinweis zur Müllabfuhr" }, "Die Müllabfuhr kommt am Montag eine Stunde später.");
  project.writeNotice("spaeter", { title: "Neujahrsempfang", publish_at: "2037-01-01T11:00:00+01:00" }, "Die Stadt lädt zum Neujahrsempfang ein.");
  await run(["due", "."]);
  await run(["check"]);
  // The audit log holds the times of this run: they are set to fixed ones for the golden output.
  const auditFile = path.join(project.stateDir, "audit.jsonl");
  const records = readFileSync(auditFile, "utf8").trim().split("\n");
  writeFileSync(auditFile, records.map((line) => JSON.stringify({ ...JSON.parse(line), at: PAUSED_AT })).join("\n") + "\n");
  await run(["log"]);

  return (out.join("\n") + "\n")
    .split(s.graph.url)
    .join("<facebook>")
    .split(s.linkedin.url)
    .join("<linkedin>")
    .split(project.dir)
    .join("<project>");
}

describe.each(Object.keys(LOCALES) as Lang[])("the command line with LANG=%s", (lang) => {
  let s: Session;
  beforeAll(async () => {
    s = await session(lang);
  });
  afterAll(() => s.stop());

  it("says everything in its language, with local times (golden transcript)", async () => {
    const text = await transcript(s, lang);
    await expect(text).toMatchFileSnapshot(path.join(projectRoot, "test/golden", lang, "cli.txt"));
    // What arrived on the platforms does not depend on the language of the tool.
    expect(s.graph.livePosts()).toHaveLength(1);
    expect(s.linkedin.livePosts).toHaveLength(1);
    // Eleven runs of the command line, one after the other, on a machine that may be busy.
  }, 300_000);
});

describe("choosing the language", () => {
  let s: Session;
  beforeAll(async () => {
    s = await session("en");
  });
  afterAll(() => s.stop());

  const say = (args: string[], env: Record<string, string>) => runCli(args, { cwd: s.project.dir, env: { ...s.env, ...env } });
  const missing = ["validate", "nicht-da.md", "--no-secrets"];

  it.each([
    [{ LANG: "de_DE.UTF-8" }, [], "de"],
    [{ LANG: "C" }, [], "en"],
    [{ LANG: "de_DE.UTF-8" }, ["--lang", "en"], "en"],
    [{ LANG: "C" }, ["--lang=de"], "de"],
    [{ LANG: "C", ANNOUNCE_LANG: "de" }, [], "de"],
    [{ LANG: "de_DE.UTF-8", ANNOUNCE_LANG: "en" }, [], "en"],
    [{ LANG: "C", LC_ALL: "de_AT.UTF-8" }, [], "de"],
    [{ LANG: "de_DE.UTF-8", LC_ALL: "C" }, [], "en"],
    [{ LANG: "C", LC_MESSAGES: "de_CH" }, [], "de"],
    [{ LANG: "fr_FR.UTF-8" }, [], "en"],
  ] as const)("%o %o → %s", async (env, flags, expected) => {
    const result = await say([...flags, ...missing], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(expected === "de" ? "Die Meldungsdatei" : "The notice file");
  });

  it("refuses a language it does not have, in the language of the environment", async () => {
    const result = await say(["--lang", "fr", ...missing], { LANG: "de_DE.UTF-8" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Fehler: 'fr' ist kein gültiger Wert für '--lang <language>'. Erlaubt: en, de.");
  });

  it("keeps JSON the same in both languages: codes, keys and values, only the wording differs", async () => {
    const notice = s.project.writeNotice("json", { title: "Kurz", images: [{ path: "images/karte.png", alt: "kurz" }], titel: "x" }, "Text.");
    const [de, en] = await Promise.all([say(["validate", notice, "--json"], { LANG: "de_DE.UTF-8" }), say(["validate", notice, "--json"], { LANG: "C" })]);
    const wordless = (stdout: string) => JSON.stringify(JSON.parse(stdout), (key, value: unknown) => (key === "message" || key === "hint" ? "…" : value));
    expect(wordless(de.stdout)).toBe(wordless(en.stdout));
    expect(JSON.parse(de.stdout).notices[0].problems.map((p: { code: string }) => p.code)).toEqual(["NOTICE_UNKNOWN_KEY", "NOTICE_IMAGE_ALT_TOO_SHORT"]);
    expect(de.stdout).not.toBe(en.stdout);
  });
});
