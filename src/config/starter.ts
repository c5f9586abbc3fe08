/**
 * `announce init`: the files of a starter project for a German press office. Every file is written only
 * when it does not exist yet, so running init again (or in a project that has some of them) changes
 * nothing that is there.
 */
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { configJsonSchema } from "./schema.js";

/** What init did: the files it wrote and those it found and left alone (paths relative to the folder). */
export interface InitResult {
  dir: string;
  written: string[];
  kept: string[];
  /** The dependency written into package.json (an exact version, a tarball URL or a git URL with a commit or tag). */
  packageSpec: string;
  /**
   * package-lock.json: `written` by `npm install --package-lock-only` (announce and every dependency with
   * its integrity hash), `kept` (it was there), `skipped` (`--no-lockfile`) or `failed` (see `warnings`).
   */
  lockfile: "written" | "kept" | "skipped" | "failed";
  warnings: Problem[];
}

export interface InitOptions {
  dir: string;
  version: string;
  /** `--package`: where CI installs announce from. */
  packageSpec?: string;
  /** Where the running announce was installed from, when known ({@link installedSource}): the default spec. */
  installedSpec?: string;
  /** Write package-lock.json with npm (default true). */
  lockfile?: boolean;
  /** The environment npm runs with (the registry settings, proxy, cache). */
  env?: NodeJS.ProcessEnv;
  /** Called before npm starts, which may take a while (it asks the registry). */
  onLockfile?: () => void;
}

/**
 * Whether a package spec pins one release: an exact version (`0.1.0`, `npm:@stadt/announce@0.1.0`), a
 * tarball (`https://…/announce-0.1.0.tgz`, `file:…`) or git with a ref (`git+https://…#v0.1.0`). A range
 * (`^0.1.0`, `0.x`, `*`, `latest`) would let CI install a version nobody reviewed.
 */
export function isPinnedSpec(spec: string): boolean {
  const exact = /^(?:npm:(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*@)?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
  if (exact.test(spec)) return true;
  if (/^(?:https:\/\/\S+\.tgz|file:\S+)$/.test(spec)) return true;
  return /^git\+(?:https|ssh):\/\/\S+#\S+$/.test(spec);
}

/** Writes the starter project into `dir` (created if needed), keeping every file that exists. */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const packageSpec = options.packageSpec ?? options.installedSpec ?? options.version;
  if (!isPinnedSpec(packageSpec)) throw new InvalidInputError([problem("INIT_PACKAGE_NOT_PINNED", { spec: packageSpec })]);
  const files = starterFiles(packageSpec);
  const result: InitResult = { dir: options.dir, written: [], kept: [], packageSpec, lockfile: "skipped", warnings: [] };
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(options.dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    try {
      // O_EXCL: never overwrites, also when the file appears between a check and the write.
      await writeFile(file, content, { flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY });
      result.written.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      result.kept.push(name);
    }
  }
  if (options.lockfile === false) return result;
  if (await exists(path.join(options.dir, LOCKFILE))) {
    result.kept.push(LOCKFILE);
    return { ...result, lockfile: "kept" };
  }
  // A bare version names a package in whatever registry npm is set to, and the public registry's
  // "announce" is another project: without a known source, npm is not asked to resolve it.
  if (options.packageSpec === undefined && options.installedSpec === undefined) {
    return { ...result, lockfile: "failed", warnings: [problem("INIT_LOCKFILE_NOT_WRITTEN", { reason: "source-unknown" })] };
  }
  options.onLockfile?.();
  const failure = await writeLockfile(options.dir, options.env ?? process.env);
  if (failure === undefined) {
    result.written.push(LOCKFILE);
    return { ...result, lockfile: "written" };
  }
  return { ...result, lockfile: "failed", warnings: [problem("INIT_LOCKFILE_NOT_WRITTEN", { reason: failure })] };
}

const LOCKFILE = "package-lock.json";

/**
 * Where the running announce was installed from, as the lockfile of the project it is installed in says
 * (`resolved` of `node_modules/<name>`: the tarball's or the git URL), when that pins one release; undefined
 * when announce does not run from a project's node_modules (a source checkout) or nothing says so.
 * `file` is a file of the running package (its import.meta.filename).
 */
export async function installedSource(file: string): Promise<string | undefined> {
  const { readFile } = await import("node:fs/promises");
  // The package's own folder: the nearest package.json above the file.
  let dir = path.dirname(file);
  let name: string | undefined;
  for (; ; dir = path.dirname(dir)) {
    name = await readFile(path.join(dir, "package.json"), "utf8").then(
      (text) => (JSON.parse(text) as { name?: string }).name,
      () => undefined,
    );
    if (name !== undefined || path.dirname(dir) === dir) break;
  }
  if (name === undefined) return undefined;
  // <project>/node_modules/<name> (a scoped name is two folders deep).
  const modules = path.resolve(dir, ...name.split("/").map(() => ".."));
  if (path.basename(modules) !== "node_modules" || path.join(modules, ...name.split("/")) !== dir) return undefined;
  const lock = await readFile(path.join(path.dirname(modules), LOCKFILE), "utf8").then(
    (text) => JSON.parse(text) as { packages?: Record<string, { resolved?: string }> },
    () => undefined,
  );
  const resolved = lock?.packages?.[`node_modules/${name}`]?.resolved;
  return resolved !== undefined && isPinnedSpec(resolved) ? resolved : undefined;
}
/** npm asks the registry for every dependency: generous, but not endless on a broken network. */
const NPM_TIMEOUT_MS = 5 * 60_000;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes package-lock.json for the package.json in `dir` with npm itself, without installing anything
 * and without running any package's scripts: the lockfile then holds the exact source (`resolved`) and
 * the integrity hash of announce and of every dependency, which `npm ci` in CI checks. Returns npm's
 * reason when it could not (offline, a tarball that is not there, no npm).
 */
async function writeLockfile(dir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  // The npm that runs this (npm exec, npx, an npm script), else the one on PATH.
  const npmCli = env.npm_execpath && /npm-cli\.[cm]?js$/.test(env.npm_execpath) ? env.npm_execpath : undefined;
  const [file, prefix] = npmCli ? [process.execPath, [npmCli]] : [process.platform === "win32" ? "npm.cmd" : "npm", []];
  const args = [...prefix, "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"];
  return new Promise((resolve) => {
    execFile(file, args, { cwd: dir, env, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, shell: process.platform === "win32" }, (error, _stdout, stderr) => {
      if (!error) return resolve(undefined);
      const said = String(stderr)
        .split("\n")
        .map((line) => line.replace(/^npm (?:error|ERR!)\s*/, "").trim())
        // npm's detail lines (code, syscall, path, errno, the log file) say less than its sentences.
        .filter((line) => line !== "" && !/^(?:A complete log|(?:code|syscall|path|errno|dest) \S+$)/.test(line));
      resolve(said.slice(0, 2).join(" ") || ((error as NodeJS.ErrnoException).code === "ENOENT" ? "npm was not found" : error.message));
    });
  });
}

/** Every file of the starter, by its path in the project. */
export function starterFiles(packageSpec: string): Record<string, string> {
  return {
    "channels.yaml": CHANNELS_YAML,
    "channels.schema.json": JSON.stringify(configJsonSchema(), null, 2) + "\n",
    "notices/beispiel.md": EXAMPLE_NOTICE,
    ".gitignore": GITIGNORE,
    ".gitattributes": GITATTRIBUTES,
    "package.json": packageJson(packageSpec),
    ".github/workflows/announce.yml": GITHUB_ACTIONS,
    ".gitlab-ci.yml": GITLAB_CI,
  };
}

function packageJson(spec: string): string {
  const manifest = {
    name: "pressestelle-meldungen",
    private: true,
    description: "Meldungen der Pressestelle, veröffentlicht mit announce",
    type: "module",
    engines: { node: ">=22.12" },
    scripts: { validate: "announce validate notices/*.md", due: "announce due notices/" },
    dependencies: { announce: spec },
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

const CHANNELS_YAML = `# channels.yaml: die Kanäle, auf denen announce eine Meldung veröffentlicht.
#
# Ein Kanal ist ein Konto auf einer Plattform. Noch ist keiner eingerichtet: Entfernen Sie bei jeder
# Plattform, die Sie nutzen, die Raute (#) am Zeilenanfang des Eintrags und tragen Sie Ihre Daten ein.
# Solange kein Kanal eingetragen ist, zeigen "announce preview" und "announce validate" jede Plattform
# mit ihren üblichen Grenzen.
#
# Zugangsdaten (Tokens, App-Passwörter) stehen NIE in dieser Datei, nur ihr Name als \${NAME}. Der Wert
# kommt aus der Umgebung oder aus der Datei .env neben dieser Datei ("announce login KANAL" schreibt sie,
# sie wird nicht eingecheckt). In CI sind es Secrets (GitHub) bzw. CI/CD-Variablen (GitLab).
#
# Ihr Editor prüft und ergänzt diese Datei mit dem Schema daneben:
$schema: ./channels.schema.json

defaults:
  lang: de                  # Sprache der Meldungen ohne "lang:"
  # require_approval: true  # Vier-Augen-Prinzip: nur Meldungen veröffentlichen, die jemand anderes
  #                         # mit "announce approve" freigegeben hat

channels:
  # ── Die eigene Website (die kanonische Fassung jeder Meldung, ohne Konto lesbar) ────────────────
  # Schreibt für jede Meldung eine barrierefreie Seite, eine Übersicht und Atom-/JSON-Feeds in den
  # Ordner "dir", der mit der Website veröffentlicht wird (siehe README: Deploy-Rezepte). Alle anderen
  # Kanäle verlinken auf diese Seite; Instagram und Threads holen ihre Bilder aus deren media/-Ordner.
  # stadt-website:
  #   platform: website
  #   dir: ./public/meldungen
  #   base_url: https://www.example-stadt.de/meldungen/
  #   title: Meldungen der Stadt

  # ── Mastodon (jede Instanz) ───────────────────────────────────────────────────────────────────
  # Token: "announce login stadt-mastodon" (registriert eine App auf der Instanz und fragt nach dem
  # Code aus dem Browser), oder von Hand: Einstellungen → Entwicklung → Neue Anwendung mit den
  # Berechtigungen read:accounts read:statuses write:statuses write:media. Läuft nicht ab.
  # stadt-mastodon:
  #   platform: mastodon
  #   instance: https://social.example-stadt.de
  #   access_token: \${MASTODON_TOKEN}

  # ── Bluesky ───────────────────────────────────────────────────────────────────────────────────
  # Ein App-Passwort (Einstellungen → Datenschutz und Sicherheit → App-Passwörter), nie das
  # Passwort des Kontos. Prüfen und speichern: "announce login stadt-bluesky". Läuft nicht ab.
  # stadt-bluesky:
  #   platform: bluesky
  #   service: https://bsky.social
  #   identifier: stadt.example-stadt.de
  #   app_password: \${BLUESKY_APP_PASSWORD}

  # ── Facebook-Seite ────────────────────────────────────────────────────────────────────────────
  # Ein Seiten-Token mit pages_manage_posts, pages_read_engagement, pages_show_list. Am besten ein
  # System-User-Token aus der Meta Business Suite (läuft nicht ab), oder "announce login
  # stadt-facebook" mit einem Nutzer-Token aus dem Graph API Explorer (das Seiten-Token daraus läuft
  # nicht ab, solange die Person ihre Rolle auf der Seite behält).
  # stadt-facebook:
  #   platform: facebook
  #   page_id: "123456789"
  #   access_token: \${FB_PAGE_TOKEN}

  # ── Instagram (professionelles Konto, mit einer Facebook-Seite verbunden) ───────────────────────
  # Token wie bei Facebook, zusätzlich instagram_basic und instagram_content_publish
  # ("announce login stadt-instagram" findet das verbundene Konto und trägt ig_user_id hier ein).
  # Ohne Facebook-Seite (Instagram-Login): api_url: https://graph.instagram.com; das Token holt
  # "announce login stadt-instagram", erneuern mit "--refresh" (läuft nach 60 Tagen ab).
  # Instagram holt die Bilder von einer öffentlichen Adresse: vom media/-Ordner der Website oben,
  # oder von media_dir unter media_base_url.
  # stadt-instagram:
  #   platform: instagram
  #   ig_user_id: "17841400000000000"
  #   access_token: \${IG_TOKEN}
  #   media_base_url: https://www.example-stadt.de/media/
  #   media_dir: ./public/media

  # ── LinkedIn (Unternehmensseite) ──────────────────────────────────────────────────────────────
  # Eine App im LinkedIn Developer Portal mit dem Produkt "Community Management API" (Prüfung durch
  # LinkedIn, oft mehrere Wochen), Berechtigung w_organization_social; die Person muss die Seite
  # verwalten. In der App als Redirect-URL eintragen: http://localhost:8765/callback.
  # Token: "announce login stadt-linkedin". Läuft nach 60 Tagen ab.
  # stadt-linkedin:
  #   platform: linkedin
  #   organization: urn:li:organization:123456
  #   access_token: \${LINKEDIN_TOKEN}
  #   client_id: 86abc123def456                   # die App (für announce login und check)
  #   client_secret: \${LINKEDIN_CLIENT_SECRET}
  #   token_expires_at: 2027-03-01                # "announce check" warnt 14 Tage vorher

  # ── Threads ───────────────────────────────────────────────────────────────────────────────────
  # Eine Meta-App mit dem Anwendungsfall "Threads API", Berechtigungen threads_basic,
  # threads_content_publish, threads_manage_replies und threads_delete. Langlebiges Token: "announce login stadt-threads", erneuern mit
  # "announce login stadt-threads --refresh". Läuft nach 60 Tagen ab.
  # stadt-threads:
  #   platform: threads
  #   user_id: "1789"
  #   access_token: \${THREADS_TOKEN}
`;

const EXAMPLE_NOTICE = `---
title: Sperrung der Musterstraße am Samstag
# Ein Entwurf: "announce preview" zeigt ihn, "announce post" und "announce due" veröffentlichen ihn nie.
# Entfernen Sie die Zeile, wenn die Meldung fertig ist.
draft: true
hashtags: [StadtInfo, Verkehr]
link: https://www.example-stadt.de/aktuelles/musterstrasse
# urgent: true                        # Eilmeldung: geht vor allen anderen hinaus
# publish_at: 2027-01-09T07:00:00+01:00   # erst ab diesem Zeitpunkt (announce due)
# images:
#   - path: bilder/umleitung.png
#     alt: Stadtplan mit der gesperrten Musterstraße und der Umleitung über die Ringstraße
---
Wegen Bauarbeiten ist die **Musterstraße** am Samstag von 7 bis 18 Uhr zwischen Marktplatz und
Bahnhof gesperrt.

Die Buslinien 3 und 5 fahren eine Umleitung über die Ringstraße. Bitte planen Sie mehr Zeit ein.
`;

const GITIGNORE = `# Zugangsdaten: nie einchecken
.env
# Sitzungen (Tokens) und Sperren von announce; der Rest von .announce/ (das Journal) wird eingecheckt
.announce/sessions/
.announce/locks/
node_modules/
announce-report.json
`;

const GITATTRIBUTES = `# The ledger, approvals and audit log of announce are append-only JSON lines: two runs' additions
# merge line by line instead of conflicting.
.announce/**/*.jsonl merge=union
.announce/*.jsonl merge=union
`;

/** The GitHub Actions workflow (also examples/github-actions.yml; a test keeps them equal). */
export const GITHUB_ACTIONS = `# .github/workflows/announce.yml: publish scheduled notices from this repository.
#
# The ledger (.announce/) lives in the repository: every run claims a notice with a commit before it
# publishes it and pushes the results after, so two runs at once never publish a notice twice.
# Tokens come from the repository's secrets (Settings → Secrets and variables → Actions).
#
# Installed with \`npm ci\` from package.json and package-lock.json (commit both): exactly the version
# and the integrity hash in the lockfile, never a floating name from the registry.
name: announce

on:
  schedule:
    - cron: "*/10 * * * *"        # every 10 minutes
  workflow_dispatch: {}           # manual run
  push:
    branches: [main]
    paths: ["notices/**"]         # drafts (draft: true) are never published

permissions:
  contents: write                 # commit the ledger back

concurrency:
  group: announce                 # queue runs; the git claims make even parallel runs safe
  cancel-in-progress: false

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
      - run: ./node_modules/.bin/announce validate --no-secrets notices/*.md

  publish:
    needs: validate
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: main               # a branch, not a detached commit: the ledger is pushed back
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
      - run: |
          git config user.name "announce"
          git config user.email "announce@users.noreply.github.com"
      - name: Publish due notices
        env:
          MASTODON_TOKEN: \${{ secrets.MASTODON_TOKEN }}
          BLUESKY_APP_PASSWORD: \${{ secrets.BLUESKY_APP_PASSWORD }}
          FB_PAGE_TOKEN: \${{ secrets.FB_PAGE_TOKEN }}
          IG_TOKEN: \${{ secrets.IG_TOKEN }}
          LINKEDIN_TOKEN: \${{ secrets.LINKEDIN_TOKEN }}
          THREADS_TOKEN: \${{ secrets.THREADS_TOKEN }}
        run: ./node_modules/.bin/announce due notices/ --git --json > announce-report.json
      - name: Keep the report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: announce-report
          path: announce-report.json
`;

/** The GitLab CI pipeline (also examples/gitlab-ci.yml; a test keeps them equal). */
export const GITLAB_CI = `# .gitlab-ci.yml: publish scheduled notices from this repository.
#
# Create a pipeline schedule (CI/CD → Schedules, e.g. every 10 minutes); "Run pipeline" runs it by hand.
# Tokens are CI/CD variables (masked, protected). ANNOUNCE_PUSH_TOKEN is a project access token with
# write_repository, used to push the ledger (.announce/) back.
#
# Installed with \`npm ci\` from package.json and package-lock.json (commit both): exactly the version
# and the integrity hash in the lockfile, never a floating name from the registry.
stages: [validate, publish]

default:
  image: node:24

validate:
  stage: validate
  script:
    - npm ci
    - ./node_modules/.bin/announce validate --no-secrets notices/*.md

publish:
  stage: publish
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_PIPELINE_SOURCE == "web"
  resource_group: announce        # one publishing job at a time; git claims make overlaps safe anyway
  script:
    - npm ci
    - git config user.name "announce"
    - git config user.email "announce@example.invalid"
    - git remote set-url origin "https://oauth2:\${ANNOUNCE_PUSH_TOKEN}@\${CI_SERVER_HOST}/\${CI_PROJECT_PATH}.git"
    - git checkout -B "$CI_COMMIT_REF_NAME" "origin/$CI_COMMIT_REF_NAME"
    - git branch --set-upstream-to "origin/$CI_COMMIT_REF_NAME"
    - ./node_modules/.bin/announce due notices/ --git --json > announce-report.json
  artifacts:
    when: always
    paths: [announce-report.json]
    expire_in: 1 year
`;
