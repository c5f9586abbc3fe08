/**
 * The message catalogue: every problem code, with the sentence that says what is wrong and the hint that
 * says what to do, as templates of typed parameters. Code builds problems and failures only through it
 * ({@link problem}, {@link explain}), so a code that is not catalogued does not compile, and every word the
 * tool says about a problem lives here.
 *
 * Templates get raw values (names, numbers, a platform's own words) and do all the wording and
 * punctuation themselves, so another language is another {@link Catalogue} beside {@link english}, typed by
 * the same parameters: it cannot miss a code or a parameter.
 *
 * Where one code is said differently in different situations, its parameters are a union with a
 * discriminant (`via`, `of`, `why`…) naming the situation; the code stays the same, since codes are a
 * public interface (`--json`, the README's table).
 *
 * {@link MessageCode} types what is built here; `Problem.code` (src/problems.ts) stays a string on purpose.
 * No platform's own error code becomes a problem code (platform modules map them onto catalogued codes and
 * keep the platform's words in `platformMessage`), but a Problem is also the shape the reports render, and
 * some of what they render is read back from files: a ledger's `failed` record keeps the code that the
 * version which wrote it used. That a code is catalogued is checked where problems are made:
 * `test/messages.test.ts` finds no problem code or hint written anywhere in src/ but here.
 */
import { currentLanguage, formatTime, type Language } from "./language.js";
import { de, deAmendments } from "./messages.de.js";
import type { Location, Problem } from "./problems.js";

// The catalogue's other parts: the language setting and local times, and the human texts that are not problems.
export { currentLanguage, formatTime, languageOf, setLanguage, type Language } from "./language.js";
export { englishUi, ui, type Texts } from "./ui-texts.js";

/** One message: the sentence, and, where there is one, what to do about it. */
export interface Template<P> {
  message(params: P): string;
  hint?(params: P): string | undefined;
}

/** An entry of the English catalogue also says in one line what the code means (the README's table). */
export interface Entry<P> extends Template<P> {
  means: string;
}

/** Declares an entry; the hint's parameters are typed by the message's. */
function entry<P>(e: Entry<P>): Entry<P> {
  return e;
}

/** ": what the platform said", or nothing. */
const said = (platformMessage: string | undefined) => (platformMessage ? `: ${platformMessage}` : "");
/** " (why)", or nothing. */
const aside = (why: string | undefined) => (why ? ` (${why})` : "");
const configured = (channels: readonly string[]) => `Configured channels: ${channels.join(", ")}.`;
import { shellPath } from "./shell-path.js";
export { shellPath };
const seconds = (ms: number) => Math.round(ms / 1000);

/** Whose access token it is, for the advice on renewing it; absent: any platform's. */
export type TokenOf = "mastodon" | "meta" | "instagram" | "threads" | "linkedin";
const TOKEN_HINTS: Record<TokenOf | "any", string> = {
  any: "Create a new token and update the environment variable (in CI: the secret).",
  mastodon: "Create a token (Preferences → Development) with the scopes write:statuses, write:media, read:accounts and read:statuses, and update the environment variable (in CI: the secret).",
  meta: "Create a new access token (a System User token from Meta Business Suite does not expire) and update the environment variable (in CI: the secret).",
  instagram:
    "Instagram-login tokens last 60 days: renew a long-lived token (at least 24 h old, not yet expired) with announce login CHANNEL --refresh, or get a new one with announce login CHANNEL, and update the environment variable (in CI: the secret).",
  threads: "Threads tokens last 60 days: refresh a long-lived token (at least 24 h old, not yet expired) with GET /refresh_access_token?grant_type=th_refresh_token, or create a new one, and update the environment variable (in CI: the secret).",
  linkedin: "LinkedIn access tokens expire after 60 days: have a page administrator authorize the app again (scope w_organization_social) and update the environment variable (in CI: the secret).",
};
const tokenHint = (p: { tokenOf?: TokenOf }) => TOKEN_HINTS[p.tokenOf ?? "any"];

const ALT_HINT = "Describe what the image shows for people who cannot see it, e.g. 'Stadtplan mit dem Sperrgebiet rund um die Kampstraße'.";
const IMAGE_PATH_HINT = "Image paths are relative to the notice file; check the spelling and that the file is committed.";
const AGAIN_LATER = "Run the same command again later.";
const RATE_LIMIT_HINT = "Wait and run the same command again; what is published is skipped.";
const SERVER_ERROR_HINT = "Usually temporary: run the same command again later; the ledger prevents duplicates.";

/**
 * A value `announce login` cannot go on without (LOGIN_INPUT_MISSING): the id or secret of the platform's
 * developer app (LinkedIn: client id and secret), given with --app-id (or a key of the channel's config) or
 * the environment `variable`; a short-lived user token or an app password the person brings (a question,
 * else a line of stdin); with --refresh, the channel's current long-lived token.
 */
export type LoginValue =
  | { what: "app-id"; platform: string; variable: string; configKey?: string }
  | { what: "app-secret"; platform: string; variable: string }
  | { what: "user-token" | "app-password" | "current-token"; platform: string };
const LOGIN_VALUES: Record<LoginValue["what"], (platform: string) => string> = {
  "app-id": (platform) => `the id of the ${platform} app`,
  "app-secret": (platform) => `the secret of the ${platform} app`,
  "user-token": (platform) => `a short-lived ${platform} user token`,
  "app-password": (platform) => `a ${platform} app password`,
  "current-token": (platform) => `the channel's current long-lived ${platform} token`,
};

/** A step of a login that failed (LOGIN_FAILED): a request, or the browser's part of a login with a redirect. */
export type LoginFailure =
  | { via?: "request"; platform: string; step: string; status?: number; reason?: string; missing?: string }
  | { via: "browser"; platform: string; reason?: string }
  | { via: "no-browser"; platform: string; minutes: number }
  | { via: "port"; platform: string; port: number; reason: string };

/** Markdown that is not carried over to the posts: raw HTML (its start), or an image in the text. */
export type DroppedMarkdown = { kind: "html"; start: string } | { kind: "image"; alt: string };

/** A platform's answer that names a failure: who, its code or HTTP status, and its own words. */
interface Answer {
  platform: string;
  code: string | number;
  platformMessage?: string;
}

const unreachable = (p: { platform: string; reason?: string }) => `${p.platform} could not be reached (${p.reason ?? "network error"}).`;
const unreachableHint = () => "Check the network and the API URL in the config; run the same command again.";

/**
 * What is wrong with a line of a JSON-lines file (ledger, approvals, audit log) that is not a record:
 * found by src/state/jsonl.ts, worded here.
 */
export type LineDamage =
  | { is: "not-json" }
  /** Starts like a record and breaks off: a torn write that a later write continued after, or an edit. */
  | { is: "cut-off" }
  | { is: "not-a-record"; value: "null" | "array" | "number" | "string" | "boolean" }
  | { is: "wrong-version"; version: string | undefined }
  | { is: "unknown-type"; type: string | undefined }
  | { is: "field-missing"; field: string }
  /** Ends with the validator's own words. */
  | { is: "field-invalid"; field: string; reason: string };

/** "line 7 is null, not a record", … */
function damagedLine(line: number, d: LineDamage): string {
  const what = ((): string => {
    switch (d.is) {
      case "not-json":
        return "is not JSON";
      case "cut-off":
        return "is cut off (not a whole JSON object)";
      case "not-a-record":
        return `is ${d.value === "null" ? "null" : d.value === "array" ? "an array" : `a ${d.value}`}, not a record`;
      case "wrong-version":
        return `has version ${d.version ?? "(none)"}; this version of announce reads version 1`;
      case "unknown-type":
        return `has an unknown type ${d.type ?? "(none)"}`;
      case "field-missing":
        return `has no ${d.field}`;
      case "field-invalid":
        return `has an invalid ${d.field} (${d.reason})`;
    }
  })();
  return `line ${line} ${what}`;
}

/**
 * Why a config or front-matter value is invalid: read from the validator's finding and the value itself
 * (yaml-source.ts), worded here, so that nobody reads a validator's jargon.
 */
export type ValueReason =
  | { is: "missing" }
  /** A number or true/false where text is needed: YAML reads `page_id: 1234` as a number. */
  | { is: "needs-quotes"; value: string; as: "number" | "true or false" }
  | { is: "wrong-type"; expected: "text" | "a number" | "true or false" | "a list" | "a mapping"; got: string }
  | { is: "not-one-of"; value: string; options: readonly string[]; suggestion?: string }
  /** Ends with the rule's own words (e.g. "an organization URN such as urn:li:organization:123"). */
  | { is: "other"; message: string };

/** "The config value 'channels.b.page_id' must be text, …" */
function invalidValue(what: string, key: string, reason: ValueReason): string {
  switch (reason.is) {
    case "missing":
      return `The ${what} is missing the key '${key}', which is required.`;
    case "needs-quotes":
      return `The ${what} value '${key}' must be text, but ${reason.value} is read as ${reason.as === "number" ? "a number" : "true or false"}.`;
    case "wrong-type":
      return `The ${what} value '${key}' must be ${reason.expected}, not ${reason.got}.`;
    case "not-one-of":
      return `The ${what} value '${key}' is "${reason.value}", which is not one of: ${reason.options.join(", ")}.`;
    case "other":
      return `The ${what} value '${key}' is invalid: ${reason.message.replace(/\.$/, "")}.`;
  }
}

/** What to write instead, where the reason says; otherwise `fallback`. */
function invalidValueHint(key: string, reason: ValueReason, fallback: string): string {
  const leaf = key.split(".").at(-1) ?? key;
  if (reason.is === "needs-quotes") return `Put the value in quotes (${leaf}: "${reason.value}"), so that it is read as text.`;
  if (reason.is === "missing") return `Add a line '${leaf}: …' there. ${fallback}`;
  if (reason.is === "not-one-of" && reason.suggestion !== undefined) return `Did you mean '${reason.suggestion}'? Then write: ${leaf}: ${reason.suggestion}.`;
  return fallback;
}

/** "Did you mean 'x'? ", or nothing: the start of a hint. */
const didYouMean = (suggestion: string | undefined) => (suggestion === undefined ? "" : `Did you mean '${suggestion}'? `);

/** The English catalogue, the reference for every other language. */
const en = {
  // ── The notice (announcement/, yaml-source.ts) ─────────────────────────────────────────────────────
  YAML_SYNTAX: entry({
    means: "The YAML (config or front matter) cannot be parsed.",
    // Ends with the parser's own sentence.
    message: (p: { reason: string }) => `The YAML is not valid: ${p.reason}`,
    hint: () => "Check indentation, colons and quotes on that line; quote values that contain ': ' or start with a special character.",
  }),
  YAML_COLON_UNQUOTED: entry({
    means: "A front-matter value contains ': ' without quotes (YAML reads it as a new key).",
    message: (p: { key: string; quoted: string }) => `The value of '${p.key}' contains ': ', which YAML reads as the start of another key.`,
    hint: (p) => `Put the value in quotes; paste this line instead: ${p.quoted}`,
  }),
  NOTICE_NOT_FOUND: entry({
    means: "The notice file cannot be read.",
    message: (p: { file: string; reason: string }) => `The notice file ${p.file} cannot be read (${p.reason}).`,
    hint: () => "Check the path; it is relative to the current directory.",
  }),
  NOTICE_NO_FRONT_MATTER: entry({
    means: "The notice does not start with a YAML front matter.",
    message: () => "The notice has no YAML front matter.",
    hint: () => "Start the file with a line '---', then at least 'title: ...', then a line '---', then the text.",
  }),
  NOTICE_EMPTY_BODY: entry({
    means: "The notice has no text below its front matter.",
    message: () => "The notice has no text below the front matter.",
    hint: () => "Write the announcement below the closing '---' line.",
  }),
  NOTICE_TITLE_MISSING: entry({
    means: "The front matter has no title.",
    message: () => "The front matter has no title.",
    hint: () => "Add a line 'title: ...' to the front matter.",
  }),
  NOTICE_UNKNOWN_KEY: entry({
    means: "The front matter has a key the notice format does not know.",
    message: (p: { keys: readonly string[]; suggestion?: string }) => `The front matter has an unknown key '${p.keys.join("', '")}'.`,
    hint: (p) => didYouMean(p.suggestion) + "Known keys: title, id, lang, link, hashtags, images, urgent, publish_at, content_warning, channels, overrides, author.",
  }),
  NOTICE_INVALID_VALUE: entry({
    means: "A front-matter value has the wrong type or form.",
    message: (p: { key: string; reason: ValueReason }) => invalidValue("front matter", p.key, p.reason),
    hint: (p) => invalidValueHint(p.key, p.reason, "See the notice format in the README."),
  }),
  NOTICE_IMAGE_NOT_FOUND: entry({
    means: "An image the notice names does not exist.",
    // `path`: as the notice writes it; `file`: an image file found missing later, while reading the images.
    message: (p: { path: string } | { file: string | undefined }) => ("path" in p ? `The image ${p.path} does not exist.` : `An image of the notice does not exist (${p.file ?? "?"}).`),
    hint: () => IMAGE_PATH_HINT,
  }),
  NOTICE_IMAGE_ALT_MISSING: entry({
    means: "An image has no alt text.",
    message: (p: { path: string }) => `The image ${p.path} has no alt text.`,
    hint: () => ALT_HINT,
  }),
  NOTICE_IMAGE_ALT_FILENAME: entry({
    means: "An image's alt text is only its file name.",
    message: (p: { path: string }) => `The alt text of ${p.path} is only its file name.`,
    hint: () => ALT_HINT,
  }),
  NOTICE_IMAGE_ALT_TOO_SHORT: entry({
    means: "An image's alt text is shorter than 10 characters.",
    message: (p: { path: string }) => `The alt text of ${p.path} is shorter than 10 characters.`,
    hint: () => ALT_HINT,
  }),
  NOTICE_NOT_A_FILE: entry({
    means: "The notice path is not a regular file (a folder, a FIFO, a device).",
    message: (p: { file: string }) => `${p.file} is not a regular file; a notice is read only from a regular file.`,
    hint: () => "Give the path of the notice's .md file.",
  }),
  NOTICE_TOO_LARGE: entry({
    means: "The notice file or its text is larger than a notice may be.",
    // `file`: the file's size in bytes; `body`: the text below the front matter, in characters.
    message: (p: { what: "file" | "body"; size: number; max: number }) =>
      p.what === "file" ? `The notice file is ${p.size} bytes long; a notice may have at most ${p.max} bytes.` : `The notice's text is ${p.size} characters long; at most ${p.max} are allowed.`,
    hint: (p) => (p.what === "file" ? "Check that the path names the notice and not another file." : "Shorten the text and link to the full version on the website (link:)."),
  }),
  NOTICE_ID_FROM_FILE_NAME: entry({
    means: "The notice has no id: and its file name gives no valid id.",
    message: (p: { name: string }) => `The file name ${p.name} gives no valid id (letters, digits, '.', '_' and '-', starting with a letter or digit).`,
    hint: () => "Rename the file, or give the notice an id: in its front matter.",
  }),

  // ── The config (config/) ───────────────────────────────────────────────────────────────────────────
  CONFIG_NOT_FOUND: entry({
    means: "The config file does not exist or cannot be read.",
    message: (p: { file: string; errno: string | undefined }) => (p.errno === "ENOENT" ? `There is no config file ${p.file}.` : `The config file ${p.file} cannot be read (${p.errno}).`),
    hint: () => "Create a starter project with announce init (or write channels.yaml, see channels.example.yaml), or name the config with --config PATH or ANNOUNCE_CONFIG.",
  }),
  INIT_PACKAGE_NOT_PINNED: entry({
    means: "announce init: --package is not pinned to one release (a version range or a tag name).",
    message: (p: { spec: string }) => `The package ${p.spec} is not pinned to one release: CI could install a version nobody reviewed.`,
    hint: () => "Give an exact version (0.1.0), a tarball URL (https://…/announce-0.1.0.tgz) or a git URL with a tag or commit (git+https://…/announce.git#v0.1.0).",
  }),
  INIT_LOCKFILE_NOT_WRITTEN: entry({
    means: "announce init: npm could not write package-lock.json (offline, or the package source was not found); the other files were written.",
    message: (p: { reason: string }) =>
      p.reason === "source-unknown"
        ? "package-lock.json was not written: it is not known where this announce was installed from, and a bare version would be looked up under the name announce, which on the public registry is another project."
        : `npm could not write package-lock.json: ${p.reason.replace(/[.\s]+$/, "")}.`,
    hint: (p) =>
      p.reason === "source-unknown"
        ? "Set where CI installs announce from in package.json (dependencies.announce: your release tarball's https URL, a git URL with #tag, or an exact version in your own registry), then run `npm install --package-lock-only`, check the `resolved` address of node_modules/announce in package-lock.json, and commit both files. Next time: announce init --package SOURCE."
        : "When the package source can be reached, run `npm install --package-lock-only` in the folder, check the `resolved` address of node_modules/announce in package-lock.json (it must be the source you meant), and commit package.json and package-lock.json.",
  }),
  LOGIN_FAILED: entry({
    means: "announce login: the platform refused a step of the login, or could not be reached.",
    // A request of the login (`step`, e.g. GET /me), refused or answered without a value it must have
    // (`missing`); or the browser's part of a login with a redirect to localhost: the person refused
    // (`browser`), no browser came back in time (`no-browser`), the local port could not be opened (`port`).
    message: (p: LoginFailure) =>
      p.via === "browser"
        ? `${p.platform} refused the authorization in the browser${said(p.reason)}.`
        : p.via === "no-browser"
          ? `No browser came back from ${p.platform} within ${p.minutes} minutes, so the login did not finish.`
          : p.via === "port"
            ? `announce could not wait for ${p.platform}'s redirect on localhost:${p.port} (${p.reason}).`
            : p.missing
              ? `${p.platform} answered ${p.step} without ${p.missing}.`
              : `${p.platform} refused the login at ${p.step}${p.status ? ` (HTTP ${p.status})` : ""}${said(p.reason)}.`,
    hint: (p) =>
      p.via === "browser" || p.via === "no-browser"
        ? `Run announce login again and open the address it shows in a browser where you are logged in as an administrator of the ${p.platform} page.`
        : p.via === "port"
          ? "Another program uses the port: choose another one with --port (registered in the app as http://localhost:PORT/callback) and run announce login again."
          : "Check the instance or API URL in the config, the app's id and secret, and that the code or token is fresh (codes and short-lived tokens expire within minutes to an hour); then run announce login again.",
  }),
  LOGIN_INPUT_MISSING: entry({
    means: "announce login: a value the login needs was not given.",
    message: (p: LoginValue) => `The login needs ${LOGIN_VALUES[p.what](p.platform)}.`,
    hint: (p) =>
      p.what === "app-id" || p.what === "app-secret"
        ? `Give it with ${p.what === "app-id" ? `--app-id${p.configKey ? `, ${p.configKey} in the channel's config,` : ""} or ` : "the variable "}${p.variable} (on a terminal announce asks for it; without one it reads a line of stdin).`
        : p.what === "current-token"
          ? "Set the channel's token variable to its current long-lived token (in the environment or .env), or log in anew without --refresh."
          : "Type it when announce asks for it on a terminal, or give it as a line of stdin.",
  }),
  LOGIN_NOT_APP_PASSWORD: entry({
    means: "announce login: the Bluesky password is not an app password (xxxx-xxxx-xxxx-xxxx).",
    message: () => "This is not a Bluesky app password (app passwords look like xxxx-xxxx-xxxx-xxxx); the account's own password is never stored.",
    hint: () => "Create an app password in Bluesky (Settings → Privacy and security → App passwords) and give that one.",
  }),
  LOGIN_NOT_SUPPORTED: entry({
    means: "announce login: the platform has no login flow in announce.",
    message: (p: { platform: string }) => `announce login does not support ${p.platform} yet.`,
    hint: () => "Create the token as the README's token guide says, and put it into .env or the CI's secret store under the name the config gives.",
  }),
  LOGIN_CHOOSE_PAGE: entry({
    means: "announce login: the user manages several Pages (or none with the wanted id); --page chooses one.",
    message: (p: { pages: readonly string[] }) => (p.pages.length === 0 ? "The token manages no Page (or not the one asked for)." : `The token manages several Pages: ${p.pages.join(", ")}.`),
    hint: () => "Choose one with --page ID (or set page_id in the channel's config); the user needs a role on the Page that can create content.",
  }),
  ENV_FILE_UNREADABLE: entry({
    means: "The .env file beside the config exists but cannot be read.",
    message: (p: { file: string; errno: string | undefined }) => `The file ${p.file} exists but cannot be read (${p.errno}).`,
    hint: () => "Make it readable for the user that runs announce (chmod 600 .env), or remove it and set the variables in the environment.",
  }),
  CONFIG_ENV_MISSING: entry({
    means: "An environment variable the config refers to is not set.",
    // `value`: a `${VAR}` in an ordinary value, filled in when the config is read; `secret`: a channel's secret.
    // `validate`: said by announce validate, which can leave the secrets out (--no-secrets).
    message: (p: { of: "value"; name: string; usedBy: string } | { of: "secret"; name: string | undefined; channel: string; key: string; validate?: boolean }) =>
      p.of === "value" ? `The environment variable ${p.name} is not set (used by ${p.usedBy}).` : `The environment variable ${p.name ?? "?"} for ${p.channel}.${p.key} is not set.`,
    hint: (p) =>
      p.of === "value"
        ? `Set ${p.name} in the environment or in the .env file beside the config (in CI: as a secret or variable).`
        : `Set ${p.name ?? "it"} in the environment or in the .env file beside the config (announce login writes it there; in CI: a secret); the token itself never goes into the config file.${p.validate ? " To check notices and config without the secrets (e.g. on a writer's laptop), run validate with --no-secrets." : ""}`,
  }),
  CONFIG_NO_CHANNELS: entry({
    means: "The config has no channels (preview and validate then show every platform with its standard limits).",
    // `every-platform`: a warning of preview and validate, which then plan for every platform.
    message: (p: { shown?: "every-platform" }) =>
      p.shown === "every-platform" ? "The config has no channels yet: shown is every platform with its standard limits." : "The config has no channels.",
    hint: () => "Add at least one channel under 'channels:' (each platform is explained in the comments of channels.yaml, see also channels.example.yaml).",
  }),
  CONFIG_UNKNOWN_KEY: entry({
    means: "The config has a key the config format does not know.",
    message: (p: { key: string; suggestion?: string }) => `The config has an unknown key '${p.key}'.`,
    hint: (p) => didYouMean(p.suggestion) + "Check the spelling against channels.example.yaml or the JSON Schema in schema/channels.schema.json.",
  }),
  CONFIG_SECRET_LITERAL: entry({
    means: "A secret is written into the config instead of a ${ENV_VAR} reference.",
    message: (p: { key: string }) => `${p.key} must be a \${ENV_VAR} reference, not the secret itself.`,
    hint: () => "Write e.g. access_token: ${MASTODON_TOKEN} and set MASTODON_TOKEN in the environment; remove the token from the file (and rotate it if it was committed).",
  }),
  MEDIA_HOST_MISSING: entry({
    means: "A channel needs a public URL for its images (Instagram), and the config has no media host.",
    message: (p: { channel: string; platform: string }) => `${p.channel}: ${p.platform} fetches every image from a public URL, and the config names no folder served at one.`,
    hint: () =>
      "Add media: { dir: ./public/media, base_url: https://www.example-stadt.de/media/ } to the config: a folder that is served at that URL (a website channel's media folder is the default).",
  }),
  CONFIG_SECRET_INVALID: entry({
    means: "A secret's environment variable holds a line break or another control character.",
    message: (p: { name: string; channel: string; key: string }) => `The environment variable ${p.name} for ${p.channel}.${p.key} contains a line break or another control character.`,
    hint: () => "Set the variable to the token alone, without a trailing newline (e.g. printf instead of echo when storing it, or re-enter the CI secret).",
  }),
  CONFIG_INVALID_VALUE: entry({
    means: "A config value has the wrong type or form.",
    message: (p: { key: string; reason: ValueReason; platforms: readonly string[] }) => invalidValue("config", p.key, p.reason),
    hint: (p) => invalidValueHint(p.key, p.reason, `See the config format in the README or channels.example.yaml. Platforms: ${p.platforms.join(", ")}.`),
  }),

  // ── Channels and the plan (plan/, render/) ─────────────────────────────────────────────────────────
  NOTICE_UNKNOWN_CHANNEL: entry({
    means: "The notice names a channel (in channels or overrides) that is not in the config.",
    message: (p: { in: "channels" | "overrides"; name: string; configured: readonly string[]; suggestion?: string }) =>
      p.in === "channels" ? `The notice names the channel '${p.name}', which is not in the config.` : `overrides.${p.name} names no configured channel or platform.`,
    hint: (p) => didYouMean(p.suggestion) + (p.in === "channels" ? `Use a channel name or a platform id. ${configured(p.configured)}` : configured(p.configured)),
  }),
  UNKNOWN_CHANNEL: entry({
    means: "--channel names a channel or platform that is not in the config.",
    message: (p: { name: string; configured: readonly string[]; suggestion?: string }) => `--channel ${p.name} names no configured channel or platform.`,
    hint: (p) => didYouMean(p.suggestion) + configured(p.configured),
  }),
  NO_CHANNELS_SELECTED: entry({
    means: "No enabled channel is left for the notice after its channels list and --channel.",
    message: (_: { configured: readonly string[] }) => "No enabled channel is selected for this notice.",
    hint: (p) => `Check the notice's channels list, --channel and 'enabled' in the config. ${configured(p.configured)}`,
  }),
  SECRETS_NOT_SET: entry({
    means: "Warning (preview): secrets that post will need are not set.",
    message: (p: { names: readonly string[] }) => `Not set: ${p.names.join(", ")}. Preview does not need them; post will.`,
    hint: () => "Set them in the environment before publishing (in CI: as secrets).",
  }),
  PREVIEW_HTML_UNWRITABLE: entry({
    means: "announce preview --html cannot write the HTML file.",
    message: (p: { file: string; errno: string | undefined }) => `The HTML preview cannot be written to ${p.file} (${p.errno ?? "error"}).`,
    hint: () => "Give a file in a folder that exists and is writable: --html FILE.",
  }),
  PREVIEW_NOT_OPENED: entry({
    means: "Warning: announce preview --open did not open the HTML preview.",
    // `ci`: never opened under CI; `failed`: the system's opener could not be started.
    message: (p: { why: "ci"; file: string } | { why: "failed"; file: string; opener: string; reason: string }) =>
      p.why === "ci" ? `The HTML preview is not opened in CI; it is in ${p.file}.` : `The HTML preview could not be opened with ${p.opener} (${p.reason}); it is in ${p.file}.`,
    hint: (p) => (p.why === "failed" ? "Open the file in a web browser." : undefined),
  }),
  POST_TOO_LONG: entry({
    means: "A post is longer than the channel allows, even after splitting.",
    message: (p: { post: number; channel: string; length: number; unit: string; limit: number }) => `Post ${p.post} for ${p.channel} is ${p.length} ${p.unit} long; the limit is ${p.limit}.`,
    hint: () => "A single word, URL or hashtag is longer than a post allows; shorten it.",
  }),
  THREAD_TOO_LONG: entry({
    means: "The text would become a longer thread than the channel allows (max_thread_posts, default 10).",
    message: (p: { channel: string; posts: number; max: number }) => `The text needs a thread of ${p.posts} posts on ${p.channel}; at most ${p.max} are allowed there.`,
    hint: () => "Shorten the notice: keep what people must know now and put the details on the linked page (link: in the front matter). Or raise max_thread_posts for the channel in channels.yaml.",
  }),
  IMAGE_UNUSABLE: entry({
    means: "An image cannot be prepared for a channel.",
    // One problem per image and reason, however many channels it was to be prepared for.
    message: (p: { path: string; channels: readonly string[]; reason: string }) => `The image ${p.path} cannot be prepared for ${p.channels.join(", ")}: ${p.reason.replace(/\.$/, "")}.`,
    hint: () => "Check that the file is a valid JPEG, PNG, WebP or GIF image.",
  }),
  PSEUDO_FORMATTING: entry({
    means: "Warning: the text uses Unicode \"fake bold/italic\" letters.",
    message: () => "The text contains Unicode \"fake bold/italic\" letters, which screen readers spell out letter by letter or skip.",
    hint: () => "Use plain letters; emphasis with **…** is removed cleanly.",
  }),
  HASHTAG_NOT_CAMELCASE: entry({
    means: "Warning: a long hashtag is all lowercase.",
    message: (p: { tag: string }) => `The hashtag #${p.tag} is all lowercase; screen readers cannot tell its words apart.`,
    hint: (p) => `Write each word with a capital letter, e.g. #${p.tag.charAt(0).toLocaleUpperCase() + p.tag.slice(1)}…`,
  }),
  MARKDOWN_DROPPED: entry({
    means: "Warning: some Markdown (a table, an image…) is not carried over to the posts.",
    message: (p: DroppedMarkdown) =>
      p.kind === "html" ? `The HTML "${p.start}" is not carried over to the posts.` : `The image "${p.alt}" in the text (images belong in the front matter's images list) is not carried over to the posts.`,
    hint: () => "Remove it from the text, or express it in words.",
  }),
  TEXT_SHORTENED: entry({
    means: "Warning: the text was cut to fit a single-post channel.",
    message: (p: { limit: number; unit: string; channel: string }) => `The text is longer than ${p.limit} ${p.unit} and was cut at a sentence for ${p.channel}.`,
    hint: (p) => `Check the cut in the preview, or give ${p.channel} a shorter text with overrides.${p.channel}.text.`,
  }),
  TOO_MANY_IMAGES: entry({
    means: "Warning: the notice has more images than a channel takes.",
    message: (p: { channel: string; max: number; dropped: number; total: number }) => `${p.channel} takes at most ${p.max} images; ${p.dropped} of ${p.total} will not be posted there.`,
    hint: () => "Reduce the images, or accept that only the first ones are posted on this channel.",
  }),
  ALT_TEXT_TOO_LONG: entry({
    means: "Warning: an alt text is longer than a channel accepts and will be cut.",
    message: (p: { path: string; max: number; channel: string }) => `The alt text of ${p.path} is longer than the ${p.max} characters ${p.channel} accepts; it will be cut.`,
    hint: () => "Shorten the alt text; put details into the post text instead.",
  }),
  BLUESKY_TAG_TOO_LONG: entry({
    means: "Warning: a hashtag is too long for a Bluesky hashtag and stays plain text.",
    message: (p: { start: string; maxGraphemes: number; maxBytes: number }) =>
      `The hashtag #${p.start}… is longer than Bluesky allows for a hashtag (${p.maxGraphemes} characters, ${p.maxBytes} bytes); it stays as text, but is not a hashtag there.`,
    hint: () => "Use a shorter hashtag.",
  }),
  INSTAGRAM_NEEDS_IMAGE: entry({
    means: "Instagram needs at least one image.",
    // `notice`: found while planning (also the reason an Instagram channel is skipped); `post`: while publishing.
    message: (p: { of: "notice" | "post" }) => `Instagram needs at least one image, and the ${p.of} has none.`,
    hint: (p) => (p.of === "notice" ? "Add an image with alt text, or remove Instagram from the notice's channels." : undefined),
  }),
  INSTAGRAM_TOO_MANY_HASHTAGS: entry({
    means: "The text written for Instagram has more hashtags than a caption allows.",
    message: (p: { channel: string; count: number; max: number }) => `The text for ${p.channel} has ${p.count} hashtags; Instagram allows at most ${p.max} in a caption.`,
    hint: (p) => `Give Instagram a text with at most ${p.max} hashtags with overrides.instagram.text${p.channel === "instagram" ? "" : ` (or overrides.${p.channel}.text)`}.`,
  }),
  INSTAGRAM_HASHTAGS_TRIMMED: entry({
    means: "Warning: only some front-matter hashtags fit Instagram's limit.",
    message: (p: { max: number; room: number; extra: number; written: number; channel: string }) =>
      `Instagram allows at most ${p.max} hashtags; only ${p.room} of the ${p.extra} front-matter hashtags are added for ${p.channel}.`,
    hint: (p) => `Choose Instagram's with overrides.instagram.hashtags: ${p.room} fit beside the ${p.written} in the text.`,
  }),
  THREADS_MEDIA_URL_MISSING: entry({
    means: "A Threads channel has images to post but no media_base_url and media_dir.",
    // With `channel`: found while planning; without: while publishing.
    message: (p: { channel?: string }) =>
      p.channel === undefined
        ? "Threads fetches images from a public URL, and the channel has no media_base_url and media_dir."
        : `${p.channel} cannot post images: Threads fetches them from a public URL, and the channel has no media_base_url and media_dir.`,
    hint: (p) =>
      p.channel === undefined
        ? "Add media: { dir, base_url } to the config (or a website channel, whose media folder is the default)."
        : `Add media: { dir, base_url } to the config (or a website channel, whose media folder is the default); media_dir and media_base_url on ${p.channel} override it.`,
  }),

  // ── Publishing (publish/, commands/) ───────────────────────────────────────────────────────────────
  DUE_DIR_UNREADABLE: entry({
    means: "announce due cannot read the folder of notices.",
    message: (p: { dir: string; errno: string | undefined }) => `The folder ${p.dir} cannot be read (${p.errno}).`,
    hint: () => "Give the folder that holds the notices.",
  }),
  NOTICE_DUPLICATE_ID: entry({
    means: "Two notices in the folder have the same id.",
    message: (p: { file: string; other: string; id: string }) => `${p.file} and ${p.other} have the same id ${p.id}.`,
    hint: () => "Give one of them its own id (the id: key, or a different file name): the id is what the ledger knows a notice by.",
  }),
  NOTICE_NOT_DUE: entry({
    means: "The notice's publish_at lies in the future (use --now to publish anyway).",
    message: (p: { id: string; at: string }) => `The notice ${p.id} is scheduled for ${formatTime(p.at)} and must not be published before then.`,
    hint: () => "Wait (announce due publishes it when its time has come), or publish it now on purpose with --now.",
  }),
  NOTICE_DRAFT: entry({
    means: "The notice is a draft (draft: true): post and due never publish it.",
    message: (p: { id: string }) => `The notice ${p.id} is a draft (draft: true) and is not published.`,
    hint: () => "When it is ready, remove the line draft: true from the front matter (after the review, if approvals are required).",
  }),
  PUBLISHING_PAUSED: entry({
    means: "Publishing is paused (announce pause) and the notice is not urgent.",
    // Ends with the reason given to announce pause.
    message: (p: { at: string; by: string; reason: string }) => `Publishing is paused since ${formatTime(p.at)} by ${p.by}: ${p.reason}`,
    hint: () => "Only urgent notices (urgent: true) are published while paused. End the pause with: announce resume",
  }),
  NOTICE_NOT_APPROVED: entry({
    means: "Approval is required and the notice as it is now is not approved by a second person.",
    // `unsigned`: only unsigned approvals, where signed ones are required; `not-allowed`: signed by a key the
    // allowed_signers file does not list (any more). `signed`: whether the channels need a signed approval.
    message: (p: { id: string; why: "changed" | "self" | "missing" | "unsigned" | "not-allowed"; author?: string; file: string; signed?: boolean }) =>
      p.why === "changed"
        ? `The notice ${p.id} was changed after it was approved; the approval no longer applies.`
        : p.why === "self"
          ? `The notice ${p.id} is approved only by its author (${p.author}); it needs a second person.`
          : p.why === "unsigned"
            ? `The notice ${p.id} has only unsigned approvals; its channels need an approval signed with a key of the allowed_signers file.`
            : p.why === "not-allowed"
              ? `The notice ${p.id} is approved only with keys that the allowed_signers file does not list.`
              : `The notice ${p.id} needs an approval before it is published (require_approval is on).`,
    hint: (p) =>
      p.signed
        ? `Someone other than the author, whose key is in the allowed_signers file, reviews the notice as it is now and runs: announce approve ${shellPath(p.file)} --key ~/.ssh/id_ed25519`
        : `Someone other than the author reviews the notice as it is now and runs: announce approve ${shellPath(p.file)} --by NAME`,
  }),
  APPROVER_IS_AUTHOR: entry({
    means: "The author of a notice tried to approve it.",
    message: (p: { by: string }) => `${p.by} wrote the notice and cannot approve it.`,
    hint: () => "Ask a second person to review and approve it.",
  }),
  APPROVER_NOT_ALLOWED: entry({
    means: "announce approve: the signing key is not in the allowed_signers file.",
    message: (p: { files: readonly string[] }) => `The key that signed the approval is not listed in ${p.files.join(" or ")}.`,
    hint: () => "Add the approver's public key to the allowed_signers file in the repository (a reviewed change), or sign with a key that is listed.",
  }),
  APPROVAL_SIGNING_FAILED: entry({
    means: "announce approve: ssh-keygen could not sign the approval.",
    // `reason`: ssh-keygen's own words.
    message: (p: { key: string; reason: string }) => `The approval could not be signed with ${p.key} (${p.reason}).`,
    hint: () => "Give the private key (or, with ssh-agent, its .pub file) with --key; ssh-keygen (OpenSSH 8.2 or newer) must be installed.",
  }),
  APPROVAL_NEEDS_SIGNATURE: entry({
    means: "announce approve: an unsigned approval (--by) where the config requires signed ones (--key).",
    message: () => "Approvals of this notice must be signed: an approval by name alone does not count here.",
    hint: () => "Sign the approval with your SSH key: announce approve NOTICE --key ~/.ssh/id_ed25519 (unsigned_approvals: true in the config allows --by).",
  }),
  APPROVAL_SIGNATURE_INVALID: entry({
    means: "A signed approval does not verify against its record: the approvals file was changed.",
    message: (p: { id: string; line: number; by: string }) =>
      `The signed approval of the notice ${p.id} by ${p.by} (line ${p.line} of its approvals file) does not verify: the record or its signature was changed after it was signed.`,
    hint: () => "Restore the approvals file from version control and find out who changed it; then have the notice approved again: announce approve NOTICE --key KEY.",
  }),
  NOTICE_CHANGED: entry({
    means: "The notice was edited after it was published, or after an attempt whose outcome is unknown.",
    // `interrupted`: edited after an attempt whose outcome is unknown; `published`: edited after it was published.
    message: (p: { after: "interrupted"; channel: string; post: number; at: string } | { after: "published"; channel: string; file: string }) =>
      p.after === "interrupted"
        ? `The notice was edited after an interrupted attempt to publish it on ${p.channel} (post ${p.post}, ${formatTime(p.at)}); that earlier version may be live.`
        : `The notice was edited after it was published on ${p.channel}; the published version differs from the file.`,
    hint: (p) =>
      p.after === "interrupted"
        ? `Restore the text of that attempt and run the same command (it finds and records the post), or look on ${p.channel}: delete the earlier post by hand if it is there and remove this notice's lines of ${p.channel} from the ledger file, then post again.`
        : `To publish the correction on every copy, run: announce correct ${shellPath(p.file)} (it edits the posts in place where the platform allows it); or restore the published text.`,
  }),
  THREAD_SPLIT_CHANGED: entry({
    means: "The notice now splits into a different number of posts than when its first posts went out.",
    message: (p: { posts: number; planned: number; channel: string; file: string }) =>
      `The notice now makes ${p.posts} posts on ${p.channel}, but ${p.planned} were planned when its first posts went out (a character limit changed since).`,
    hint: (p) => `Restore the limit (max_characters in the config), or remove what is published (announce delete ${shellPath(p.file)} --channel ${p.channel}) and post again.`,
  }),
  CORRECTION_INTERRUPTED: entry({
    means: "announce correct: an earlier correction of the notice on a channel is not complete, and the notice was edited again since.",
    message: (p: { channel: string; at: string; file: string }) => `A correction of the notice on ${p.channel} (begun ${formatTime(p.at)}) is not complete, and the notice was edited again since.`,
    hint: (p) => `Restore the text of that correction and run announce correct ${shellPath(p.file)} to complete it, then edit the notice and correct again.`,
  }),
  CORRECT_POST_FIRST: entry({
    means: "announce correct: the notice as it is is not fully out on a channel yet (nothing to correct there): post it first.",
    message: (p: { channel: string; state: "pending" | "partial" | "failed"; file: string }) =>
      p.state === "pending"
        ? `An attempt to publish the notice on ${p.channel} was interrupted; whether it is out is not known yet.`
        : p.state === "partial"
          ? `Only part of the notice's thread is out on ${p.channel}, in the current version.`
          : `The last attempt to publish the notice on ${p.channel} failed.`,
    hint: (p) => `Finish publishing it with announce post ${shellPath(p.file)}; a correction is only for a version that is out.`,
  }),
  NO_MANUAL_STEP: entry({
    means: "announce delete --confirm-manual: the channel has no post that waits to be deleted by hand.",
    message: (p: { channel: string }) => `${p.channel} has no post of this notice that waits to be deleted by hand.`,
    hint: () => "Only a post that announce delete (or announce correct with replace) asked you to delete by hand can be confirmed as deleted.",
  }),
  CHANNEL_NOT_CONFIGURED: entry({
    means: "announce delete: the notice has posts on a channel that is no longer in the config.",
    message: (p: { channel: string; posts: readonly string[] }) => `The notice has posts on ${p.channel}, which is no longer in the config.`,
    hint: (p) => `Add ${p.channel} back to the config to delete them, or delete them by hand: ${p.posts.join(", ")}.`,
  }),
  OUTCOME_UNKNOWN: entry({
    means: "announce delete: an interrupted attempt may have left a post the ledger does not know.",
    message: (p: { posts: readonly number[]; channel: string; at: string }) =>
      `An interrupted attempt to publish post ${p.posts.join(", ")} on ${p.channel} (${formatTime(p.at)}) may have left a post that the ledger does not know.`,
    hint: (p) => `Look on ${p.channel} for a post of this notice from that time and delete it by hand; or run announce post for the notice first, which finds and records it, and delete again.`,
  }),
  LEDGER_NO_RECORDS: entry({
    means: "announce delete: the ledger has no record of the notice (never published from here, or the ledger was lost): no post is known to delete.",
    message: (p: { id: string; file: string; channels?: readonly string[] }) =>
      `The ledger has no record of the notice ${p.id}${p.channels && p.channels.length > 0 ? ` on ${p.channels.join(", ")}` : ""}: announce knows of no post of it to delete, and has deleted nothing.`,
    hint: (p) =>
      `If it was published and its ledger is lost, find and record its posts first: announce adopt ${p.file} --since TIME (a time before it was published), then delete again. If it was never published from here, there is nothing to delete.`,
  }),
  SINCE_INVALID: entry({
    means: "announce adopt: --since is not a date and time, or lies in the future.",
    message: (p: { value: string; why: "unreadable" | "future" }) =>
      p.why === "future" ? `--since ${p.value} lies in the future.` : `--since ${p.value} is not a date and time.`,
    hint: () => "Give a time before the notice was first published, in ISO 8601 with a date, e.g. 2026-11-29T07:00+01:00 or 2026-11-29.",
  }),
  ADOPT_NOT_FOUND: entry({
    means: "announce adopt: a post of the notice was not found on the channel since --since (post will publish it).",
    message: (p: { found: number; total: number; since: string }) =>
      p.found === 0
        ? `No post of the notice was found since ${formatTime(p.since)}; post will publish it.`
        : `${p.found} of ${p.total} posts were found since ${formatTime(p.since)} and recorded; post will publish the rest.`,
    hint: () => "If it is out there, check that --since lies before it was published and that the notice file is the version that was published (adopt looks for the text as it was sent); otherwise announce post publishes it.",
  }),

  // ── The state folder and git (state/) ──────────────────────────────────────────────────────────────
  NOTICE_LOCKED: entry({
    means: "Another run holds the notice's lock.",
    message: (p: { id: string; waitMs: number; staleMs: number }) => `Another run is publishing or deleting the notice ${p.id}; gave up after waiting ${seconds(p.waitMs)} s.`,
    hint: (p) => `Wait for the other run to finish, then run the same command again (it skips what is published). A lock left by a crashed run expires after ${seconds(p.staleMs)} s.`,
  }),
  GIT_SYNC_UNAVAILABLE: entry({
    means: "--git: the state folder is not in a git checkout whose branch tracks a remote branch.",
    message: (p: { stateDir: string }) => `--git needs the state folder ${p.stateDir} inside a git checkout whose branch tracks a remote branch.`,
    hint: () => "Run in a clone of the notices repository (in CI: check out the branch, not a detached commit), or leave out --git.",
  }),
  GIT_FAILED: entry({
    means: "--git: a git command failed in the checkout.",
    message: (p: { command: string | undefined; root: string; why?: string }) => `git ${p.command} failed in ${p.root}${aside(p.why)}.`,
    hint: () => "Check the checkout with git status (conflicts, a detached HEAD, missing permissions), then run the same command again.",
  }),
  GIT_PULL_FAILED: entry({
    means: "--git: the checkout cannot be brought up to date with the remote.",
    message: (p: { why?: string }) => `Could not bring the checkout up to date with the remote${aside(p.why)}.`,
    hint: () => "Check that the CI job can fetch the repository and that the checkout has no conflicting local changes (git status); then run the same command again.",
  }),
  GIT_PUSH_FAILED: entry({
    means: "--git: the state could not be pushed after every attempt.",
    message: (p: { what: string; attempts: number; why?: string }) => `Could not push "${p.what}" to the remote after ${p.attempts} attempts${aside(p.why)}.`,
    hint: () => "The ledger is committed in this checkout: push it by hand (git pull --rebase && git push) or keep the checkout, then re-run; a re-run reconciles before publishing anything again.",
  }),
  PRIVATE_STATE_STAGED: entry({
    means: "--git: private state (sessions, locks) was about to be committed.",
    message: (p: { files: readonly string[]; dirs: readonly string[]; gitignore: string }) => `Refusing to commit private state (${p.files.join(", ")}).`,
    hint: (p) => `Keep ${p.dirs.join(" and ")} in ${p.gitignore}.`,
  }),
  STATE_SYMLINK: entry({
    means: "A file or folder inside the state folder is a symbolic link; announce neither follows nor writes through it.",
    message: (p: { path: string }) => `${p.path} in the state folder is a symbolic link; announce does not follow links there, so that no record or token is written outside the state folder.`,
    hint: () => "Replace the link with the file or folder itself (restore it from version control), then run the same command again.",
  }),
  LEDGER_DAMAGED: entry({
    means: "A line of a notice's ledger is not a record announce wrote (edited by hand, a bad merge): nothing is published or deleted for the notice until it is repaired.",
    message: (p: { id: string; line: number; damage: LineDamage }) =>
      `The ledger of the notice ${p.id} is damaged: ${damagedLine(p.line, p.damage)}. Nothing is published or deleted for this notice until it is repaired, because without that line the ledger could miss a post that is out.`,
    hint: () =>
      "Restore the file from version control (git restore of the ledger file; commit the ledger after every run). If you know what the line was, fix it by hand, or remove it; announce status then shows what the rest of the ledger says. A removed record of a published post makes the next post publish it again.",
  }),
  APPROVALS_DAMAGED: entry({
    means: "A line of a notice's approvals file is not an approval: it counts as not approved until it is repaired.",
    message: (p: { id: string; line: number; damage: LineDamage }) =>
      `The approvals of the notice ${p.id} are damaged: ${damagedLine(p.line, p.damage)}. The notice is not published while it needs an approval and this file cannot be read.`,
    hint: () => "Restore the file from version control (git restore of the approvals file), or remove that line; then have the notice approved again if needed: announce approve NOTICE --key KEY.",
  }),
  AUDIT_LINE_UNREADABLE: entry({
    means: "announce log: a line of the audit log is not a record; it is left out, with this warning.",
    message: (p: { line: number; damage: LineDamage }) => `The audit log is damaged: ${damagedLine(p.line, p.damage)}; it is left out of this listing.`,
    hint: () => "Restore the file from version control (git restore of the audit log) if the line matters; the audit log decides nothing, so publishing is not affected.",
  }),

  // ── Platform failures (platforms/) ─────────────────────────────────────────────────────────────────
  AUTH_INVALID: entry({
    means: "The platform does not accept the access token or login.",
    // `answer`: an API's error answer (HTTP status or Graph code); `debug_token`: Meta's token check;
    // `organization`: LinkedIn's 401 for a page; `introspection`: LinkedIn's token introspection;
    // `login`: Bluesky's createSession.
    message: (
      p:
        | ({ via: "answer"; tokenOf?: TokenOf } & Answer)
        | { via: "debug_token"; platform: string; tokenOf: TokenOf }
        | { via: "organization"; channel: string; organization: string; platformMessage?: string }
        | { via: "introspection"; channel: string; status?: string }
        | { via: "login"; identifier: string; status: number; reason: string },
    ) => {
      switch (p.via) {
        case "answer":
          return `${p.platform} rejected the access token (${p.code})${said(p.platformMessage)}.`;
        case "debug_token":
          return `${p.platform} says the access token is not valid (debug_token).`;
        case "organization":
          return `LinkedIn rejected the access token of ${p.channel} (organization ${p.organization})${said(p.platformMessage)}.`;
        case "introspection":
          return `LinkedIn says the access token of ${p.channel} is ${p.status ?? "not active"} (token introspection).`;
        case "login":
          return `Bluesky did not accept the login of "${p.identifier}" with the configured app password (${p.status}: ${p.reason}).`;
      }
    },
    hint: (p) => {
      switch (p.via) {
        case "answer":
        case "debug_token":
          return tokenHint(p);
        case "organization":
        case "introspection":
          return TOKEN_HINTS.linkedin;
        case "login":
          return "Check `identifier` (the handle, e.g. name.bsky.social, or the DID) and `service`. app_password must be an app password (Settings → Privacy and security → App passwords), not the account password; create a new one if it was revoked.";
      }
    },
  }),
  TOKEN_EXPIRED: entry({
    means: "The platform says the access token has expired.",
    message: (p: Answer & { tokenOf?: TokenOf }) => `${p.platform} says the access token has expired (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => tokenHint(p),
  }),
  PERMISSION_DENIED: entry({
    means: "The token lacks a permission or scope, or the account a role, that publishing needs.",
    // `status`: an HTTP 403; `account`: Mastodon's 403 on the token's account; `debug_token`: Meta's token
    // check lists the scopes; `answer`: a Graph permission error; `organization`: LinkedIn's 403 for a page;
    // `introspection`: LinkedIn's token introspection lists the scopes.
    message: (
      p:
        | { via: "status"; platform: string; platformMessage?: string }
        | { via: "account"; platform: string }
        | { via: "debug_token"; platform: string; missing: readonly string[]; required: readonly string[] }
        | ({ via: "answer"; needed: readonly string[]; pageRole: boolean } & Answer)
        | { via: "organization"; channel: string; organization: string; platformMessage?: string }
        | { via: "introspection"; channel: string; scopes: readonly string[] },
    ) => {
      switch (p.via) {
        case "status":
          return `${p.platform} refused the request (403)${said(p.platformMessage)}.`;
        case "account":
          return `${p.platform} refused to show the token's account (403): it lacks a read scope.`;
        case "debug_token":
          return `The ${p.platform} access token lacks the permission ${p.missing.join(", ")}.`;
        case "answer":
          return `${p.platform} refused the request for a missing permission (${p.code})${said(p.platformMessage)}.`;
        case "organization":
          return `LinkedIn refused to let ${p.channel} act for ${p.organization} (403)${said(p.platformMessage)}.`;
        case "introspection":
          return `The LinkedIn access token of ${p.channel} lacks the scope w_organization_social (it has ${p.scopes.join(", ") || "none"}).`;
      }
    },
    hint: (p) => {
      switch (p.via) {
        case "status":
          return "Check the token's scopes/permissions for this account.";
        case "account":
          return TOKEN_HINTS.mastodon;
        case "debug_token":
          return `Create a token with ${p.required.join(", ")} and update the environment variable (in CI: the secret).`;
        case "answer":
          return `The token needs ${p.needed.join(", ")}${p.pageRole ? " (and a Page role that may create content)" : ""}: create a new token with them and update the environment variable.`;
        case "organization":
          return "The member who authorized the token must be an administrator or content administrator of the page, and the token needs the scope w_organization_social.";
        case "introspection":
          return TOKEN_HINTS.linkedin;
      }
    },
  }),
  ACCOUNT_MISMATCH: entry({
    means: "The Threads token belongs to another account than the configured user_id.",
    message: (p: { name: string; id: string; user: string }) => `The Threads token belongs to ${p.name} (id ${p.id}), not to the configured user_id ${p.user}.`,
    hint: () => "Set user_id to the id of the account the token was made for, or use that account's token.",
  }),
  API_VERSION_INACTIVE: entry({
    means: "LinkedIn no longer serves the configured API version.",
    message: (p: { version: string; status: number; platformMessage?: string; channel: string }) => `LinkedIn does not serve API version ${p.version} (${p.status})${said(p.platformMessage)}.`,
    hint: (p) => `Raise \`version\` of the channel ${p.channel} in the config to a recent month (YYYYMM); LinkedIn sunsets versions after about a year.`,
  }),
  RATE_LIMITED: entry({
    means: "The platform is rate limiting (retried; the channel fails if the wait is too long).",
    message: (p: Answer) => `${p.platform} is rate limiting (${p.code})${said(p.platformMessage)}.`,
    hint: () => RATE_LIMIT_HINT,
  }),
  QUOTA_EXHAUSTED: entry({
    means: "The account's publishing limit (Instagram, Threads) is used up for now.",
    // `quota`: the limit read when connecting; `answer`: Graph refused a post for it.
    message: (p: { via: "quota"; platform: string; used: number; total: number; window: string } | ({ via: "answer" } & Answer)) =>
      p.via === "quota"
        ? `${p.platform}'s publishing limit is used up: ${p.used} of ${p.total} posts per ${p.window}.`
        : `${p.platform}'s publishing limit for the last 24 hours is used up (${p.code})${said(p.platformMessage)}.`,
    hint: (p) =>
      p.via === "quota"
        ? "Run the same command again when the oldest posts have left that window; what is published elsewhere is not posted again."
        : "Wait until the oldest posts of the last 24 hours drop out of the window, then run the same command again.",
  }),
  SERVER_ERROR: entry({
    means: "The platform had a server error (retried; a post it may have made is reconciled).",
    // `status`: an HTTP 5xx; `answer`: a Graph error marked temporary.
    message: (p: { via: "status" | "answer" } & Answer) =>
      p.via === "status" ? `${p.platform} had a server error (${p.code})${said(p.platformMessage)}.` : `${p.platform} had a temporary error (${p.code})${said(p.platformMessage)}.`,
    hint: () => SERVER_ERROR_HINT,
  }),
  TIMEOUT: entry({
    means: "The platform did not answer in time (retried, or reconciled when it may have posted).",
    message: unreachable,
    hint: unreachableHint,
  }),
  NETWORK: entry({
    means: "The platform could not be reached (retried, or reconciled when it may have posted).",
    message: unreachable,
    hint: unreachableHint,
  }),
  UNREACHABLE: entry({
    means: "A channel did not connect within its deadline (timeouts.connect): it failed for this run while the others went ahead.",
    // `reason`: the last failure before the deadline, when there was one (a refused connection, a 503).
    message: (p: { channel: string; platform: string; deadlineMs: number; reason?: string }) =>
      `${p.channel}: ${p.platform} did not answer within ${seconds(p.deadlineMs)} s${aside(p.reason && `last: ${p.reason}`)}; the channel is left out of this run.`,
    hint: (p) =>
      `The other channels went ahead. Run the same command again when ${p.platform} answers: what is published is skipped (announce due retries the channel on its next run). The deadline is timeouts.connect in channels.yaml, at the top or in the channel's own entry (urgent notices: timeouts.urgent_connect).`,
  }),
  REJECTED: entry({
    means: "The platform rejected the request for another reason; its own message says why.",
    message: (p: Answer & { userHint?: string }) => `${p.platform} rejected the request (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => p.userHint ?? "Check the message; the post may break a platform rule.",
  }),
  MEDIA_REJECTED: entry({
    means: "The platform did not accept an image.",
    // `status`: an HTTP 413; `answer`: Graph's media error codes.
    message: (p: { via: "status"; platform: string; platformMessage?: string } | ({ via: "answer"; userHint?: string } & Answer)) =>
      p.via === "status"
        ? `${p.platform} rejected an upload as too large (413)${said(p.platformMessage)}.`
        : `${p.platform} did not accept the image (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => (p.via === "status" ? "Use a smaller image." : (p.userHint ?? "Check the image: JPEG, at most 8 MB, aspect ratio 4:5 to 1.91:1.")),
  }),
  MEDIA_PROCESSING: entry({
    means: "Mastodon was still processing an image when the wait ended (retried).",
    message: (p: { platform: string; waitMs: number }) => `${p.platform} was still processing an image after ${p.waitMs / 1000} s.`,
    hint: () => AGAIN_LATER,
  }),
  MEDIA_DIR_UNWRITABLE: entry({
    means: "An image cannot be written into the channel's media_dir.",
    message: (p: { file: string; errno: string | undefined }) => `The image could not be written to ${p.file} (${p.errno ?? "error"}).`,
    hint: () => "Check media_dir in the config: the folder must exist or be creatable, and be writable.",
  }),
  WEBSITE_RESERVED_ID: entry({
    means: "A notice's id names a file or folder of the website itself (media, the index, a feed).",
    message: (p: { id: string; channel: string }) => `The notice's id "${p.id}" cannot be a page of ${p.channel}: the website uses that name itself.`,
    hint: () => "Give the notice another id (front matter id:, or rename the file).",
  }),
  WEBSITE_ENTRY_DAMAGED: entry({
    means: "A notice's notice.json in the website's folder is not what announce wrote (edited by hand, a bad merge).",
    message: (p: { file: string; reason: string }) => `${p.file} cannot be read (${p.reason}): the website's pages, index and feeds are built from it.`,
    hint: () => "Restore the file from version control (or remove the notice's folder and publish the notice again), then run the same command again.",
  }),
  WEBSITE_UNWRITABLE: entry({
    means: "The website's folder (dir) cannot be written.",
    message: (p: { dir: string; errno: string }) => `The website's folder ${p.dir} cannot be written (${p.errno}).`,
    hint: () => "Check dir in the config: the folder must exist or be creatable, and be writable; then run the same command again.",
  }),
  WEBSITE_NOT_DEPLOYED: entry({
    means: "Warning: the website's base_url does not serve what its folder (dir) holds.",
    message: (p: { url: string; dir: string } & ({ why: "differs" } | { why: "unreachable"; reason: string })) =>
      p.why === "differs"
        ? `${p.url} is not the index page in ${p.dir}: the folder is not deployed (or an older version is); deploy it so that base_url serves it.`
        : `${p.url} cannot be read (${p.reason}): the folder ${p.dir} is not served at base_url yet; deploy it.`,
    hint: () => "Deploy the folder (README: the website channel's deploy recipes); announce check shows when base_url serves it.",
  }),
  MEDIA_URL_UNREACHABLE: entry({
    means: "An image's public URL under media_base_url does not serve it.",
    // What the URL did: served something else (`contentType`), answered an HTTP `status`, or failed (`error`).
    message: (p: { platform: string; url: string; dir: string; base: string } & ({ contentType: string } | { status: string } | { error: string })) => {
      const what = "contentType" in p ? `answers with Content-Type "${p.contentType || "none"}", not an image` : "status" in p ? `answered ${p.status}` : `cannot be fetched (${p.error})`;
      return `${p.platform} fetches images from media_base_url, but ${p.url} ${what}.`;
    },
    hint: (p) => `The folder ${p.dir} (media_dir; the image is now there) must be served at ${p.base} (media_base_url) on a public web server: publish or upload the folder, then run the same command again.`,
  }),
  CONTAINER_FAILED: entry({
    means: "Instagram or Threads could not process a media container.",
    message: (p: { platform: "Instagram" | "Threads"; container: string; status?: string; reason?: string }) =>
      `${p.platform} could not process the post (container ${p.container} is ${p.status ?? "unknown"}${p.reason ? `: ${p.reason}` : ""}).`,
    hint: (p) =>
      p.platform === "Threads"
        ? "Check the images and the text against Threads' rules (JPEG/PNG up to 8 MB, 500 characters, 5 links), then run the same command again."
        : p.status === "EXPIRED"
          ? "Run the same command again: it creates a new container."
          : "Check the image (JPEG, at most 8 MB, aspect ratio 4:5 to 1.91:1) and the caption.",
  }),
  CONTAINER_TIMEOUT: entry({
    means: "A media container was still being processed when the wait ended (retried).",
    message: (p: { platform: string; container: string; waitedMs: number }) => `${p.platform} was still processing the container ${p.container} after ${seconds(p.waitedMs)} s.`,
    hint: () => AGAIN_LATER,
  }),
  NOT_READY: entry({
    means: "Meta is still processing the media (retried).",
    message: (p: Answer & { userHint?: string }) => `${p.platform} is still processing the media (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => p.userHint,
  }),
  NOT_FOUND: entry({
    means: "Meta has no such object (e.g. a post deleted by hand).",
    message: (p: { platform: string; platformMessage?: string; userHint?: string }) => `${p.platform} has no such object (100/33)${said(p.platformMessage)}.`,
    hint: (p) => p.userHint,
  }),
  LINK_LIMIT_EXCEEDED: entry({
    means: "Threads allows at most 5 different links per post.",
    message: (p: { platform: string; platformMessage?: string }) => `${p.platform} allows at most 5 different links per post${said(p.platformMessage)}.`,
    hint: (p) => `Use fewer links in the notice, or in an override for ${p.platform}.`,
  }),
  POLICY_BLOCKED: entry({
    means: "Meta has blocked or restricted the account from posting.",
    // `violation`: Graph code 368; `spam`: Instagram's activity restricted as suspected spam.
    message: (p: ({ via: "violation" | "spam" } & Answer)) =>
      p.via === "violation"
        ? `${p.platform} has temporarily blocked this account from posting for a policy violation (368)${said(p.platformMessage)}.`
        : `${p.platform} has restricted this activity as suspected spam (${p.code})${said(p.platformMessage)}.`,
    hint: (p) =>
      p.via === "violation"
        ? "Check the account's notifications and Account Quality in Meta Business Suite; run the same command again once the block has ended."
        : "Retrying does not help: check the account in the Instagram app, and if the post is not spam, tell Instagram so there.",
  }),
  DUPLICATE: entry({
    means: "Facebook says the post duplicates the latest one (an earlier attempt probably published it; reconciled).",
    message: (p: { platform: string; platformMessage?: string }) => `${p.platform} says the post duplicates the latest one (506)${said(p.platformMessage)}.`,
    hint: () => "An earlier attempt has probably published it; the ledger reconciles it.",
  }),
  DUPLICATE_OF_DELETED: entry({
    means: "LinkedIn refuses the post as a duplicate of a post that was deleted.",
    message: (p: { urn: string }) => `LinkedIn refuses the post as a duplicate of ${p.urn}, which no longer exists.`,
    hint: () => "LinkedIn remembers deleted posts for a while: change the text (or a LinkedIn override) and publish again.",
  }),
  DUPLICATE_OF_OLDER: entry({
    means: "LinkedIn refuses the post as a duplicate of an older post that is not this notice's.",
    message: (p: { urn: string; at: string }) => `LinkedIn refuses the post as a duplicate of an earlier post with the same text (${p.urn}, ${formatTime(p.at)}), which is not this notice's.`,
    hint: () => "LinkedIn does not take the same text twice: change the text (or a LinkedIn override) and publish again.",
  }),
  ALREADY_PUBLISHED: entry({
    means: "An earlier attempt published the post, but the platform does not list it yet.",
    message: (p: { platform: "Instagram" | "Threads"; container: string }) =>
      p.platform === "Threads"
        ? `An earlier attempt published this post (container ${p.container}), but Threads does not list it yet.`
        : `An earlier attempt published this post (container ${p.container}), but it is not among the recent media.`,
    hint: (p) => (p.platform === "Threads" ? "Run the same command again in a few minutes: it finds and records the post." : "Check the Instagram profile; do not post it again by hand."),
  }),
  RECONCILE_INCOMPLETE: entry({
    means: "More posts were made since an interrupted attempt than reconciliation reads back: whether its post is out is not known.",
    message: (p: { platform: string; since: string; pages: number }) =>
      `${p.platform} lists more posts made since the interrupted attempt began (${formatTime(p.since)}) than are read back (${p.pages} pages), and the post was not among those read: whether it is out is not known.`,
    hint: () => "Look on the account for the post. If it is there, record it with announce adopt NOTICE --since TIME (a time just before it was made, so that less is read back). If it is not, or to replace it: delete it by hand if it is there, then remove this notice's lines of the channel from the ledger file and post again.",
  }),
  RECORD_EXISTS: entry({
    means: "Bluesky already has a record with the post's key (reconciled).",
    message: (p: { platformMessage: string }) => `Bluesky already has a post with this key (${p.platformMessage}).`,
  }),
  REPLY_TARGET_MISSING: entry({
    means: "The Bluesky post a thread continues from no longer exists.",
    message: (p: { id: string }) => `The post to reply to (${p.id}) no longer exists on Bluesky.`,
    hint: () => "Delete the published part of the thread and post again.",
  }),
  UNEXPECTED_RESPONSE: entry({
    means: "The platform answered with something that is not JSON.",
    // `graph`: Meta's Graph API; `mastodon`: a Mastodon server (often a web page or proxy in front of it).
    message: (p: { via: "graph" | "mastodon"; platform: string; status: number }) =>
      p.via === "graph" ? `${p.platform} sent an answer that is not JSON (${p.status}).` : `${p.platform} answered ${p.status} with a body that is not JSON.`,
    hint: (p) => (p.via === "mastodon" ? "Check that `instance` is the server's own address, not a web page or proxy in front of it." : undefined),
  }),
  INVALID_RESPONSE: entry({
    means: "The platform's answer lacks what it should say (reconciled when a post may exist).",
    // `bluesky`: an answer the client could not read; `linkedin`: a created post without its id.
    message: (p: { via: "bluesky"; platformMessage: string } | { via: "linkedin" }) =>
      p.via === "bluesky" ? `Bluesky sent an answer that could not be read (${p.platformMessage}).` : "LinkedIn accepted the post but did not say its id (no x-restli-id header).",
  }),
  MANUAL_DELETE: entry({
    means: "Instagram posts cannot be deleted through the API: delete them by hand.",
    // Without `url`, also what announce delete reports for an Instagram channel.
    message: (p: { url?: string }) => `Instagram cannot delete posts through its API: delete it by hand in the Instagram app${aside(p.url)}.`,
    hint: () => "Open the post in the Instagram app, then … → Delete.",
  }),
  INTERNAL_ERROR: entry({
    means: "A bug in announce stopped a channel or a notice; the others went on (exit 70).",
    // `channel`: a bug in one channel's code; `notice`: a bug while announce due published a notice.
    // Ends with the error's own message.
    message: (p: { in: "channel"; platform: string; reason: string } | { in: "notice"; id: string; reason: string }) =>
      p.in === "channel" ? `${p.platform}: internal error: ${p.reason}` : `Publishing ${p.id} stopped at an internal error: ${p.reason}`,
    hint: (p) =>
      p.in === "channel"
        ? "This is a bug in announce, not a problem of the notice or the platform: please report it with the output. Run the same command again to finish: a post the interrupted attempt may have made is looked for first."
        : "This is a bug in announce: please report it with the output. Run the same command again to finish what is left.",
  }),
  UNEXPECTED: entry({
    means: "An error nobody classified happened while talking to a platform (reconciled before a retry).",
    // Ends with the error's own message.
    message: (p: { platform: string; reason: string }) => `${p.platform}: unexpected error: ${p.reason}`,
    hint: () => "Run the same command again; if it persists, report it.",
  }),
};

/** Every problem code: an uncatalogued code does not compile. */
export type MessageCode = keyof typeof en;

/** The parameters of a code's templates. */
export type MessageParams<C extends MessageCode> = (typeof en)[C] extends Entry<infer P> ? P : never;

/** The templates of one language, typed by the English ones' parameters. */
export type Catalogue = { [C in MessageCode]: Template<MessageParams<C>> };

/** The English catalogue, with each code's one-line meaning (the README's "Problem codes"). */
export const english: { readonly [C in MessageCode]: Entry<MessageParams<C>> } = en;

/** The catalogues by language (src/messages.de.ts: German). */
const catalogues: Record<Language, Catalogue> = { en, de };

/** A code with its sentence and hint: what a {@link Problem}, an AnnounceError or a PublishError carries. */
export interface Explained<C extends MessageCode = MessageCode> {
  code: C;
  message: string;
  hint?: string;
}

/** The code, sentence and hint of a problem; spread it into a PublishError or a report's error. */
export function explain<C extends MessageCode>(code: C, params: MessageParams<C>): Explained<C> {
  const template: Template<MessageParams<C>> = catalogues[currentLanguage()][code];
  const message = template.message(params);
  const hint = template.hint?.(params);
  return hint === undefined ? { code, message } : { code, message, hint };
}

/** Only the sentence, where it is used on its own (a skipped channel's reason, a manual step). */
export function sentence<C extends MessageCode>(code: C, params: MessageParams<C>): string {
  return catalogues[currentLanguage()][code].message(params);
}

/** A {@link Problem}: the code's sentence and hint, and where it is. */
export function problem<C extends MessageCode>(code: C, params: MessageParams<C>, where: { location?: Location; channel?: string } = {}): Problem {
  return { ...explain(code, params), ...(where.location ? { location: where.location } : {}), ...(where.channel !== undefined ? { channel: where.channel } : {}) };
}

const minutes = (ms: number) => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/**
 * Texts that amend another code's message instead of having a code of their own: a platform asked for a
 * longer wait than a run accepts (retry.ts), so the failure keeps its code and says so.
 */
export interface Amendments {
  waitTooLong: {
    message(p: { message: string; waitMs: number; maxWaitMs: number }): string;
    hint(p: { until: Date }): string;
  };
}

const amendments: Record<Language, Amendments> = {
  en: {
    waitTooLong: {
      message: (p) => `${p.message.replace(/\.$/, "")}; it asks to wait ${minutes(p.waitMs)}, longer than the ${minutes(p.maxWaitMs)} a run waits.`,
      hint: (p) => `Run the same command again after ${formatTime(p.until)}; what is published is skipped.`,
    },
  },
  de: deAmendments,
};

/** A failure's message and hint, amended: see {@link amendments}. */
export function amend(name: "waitTooLong", params: { message: string; waitMs: number; maxWaitMs: number; until: Date }): { message: string; hint: string } {
  const amendment = amendments[currentLanguage()][name];
  return { message: amendment.message(params), hint: amendment.hint(params) };
}

/**
 * The hint of a rejected credential that stopped a (not urgent) notice everywhere: its own advice, then
 * the command that publishes on the other channels now.
 */
export function othersWaitHint(hint: string | undefined, command: string | undefined): string {
  const nothing = "Nothing was published anywhere: a notice that is not urgent goes out on all its channels or none.";
  return [hint, nothing, command ? `To publish on the other channels now: ${command}` : undefined].filter(Boolean).join(" ");
}
