import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLanguage, type Language } from "../src/language.js";
import { de } from "../src/messages.de.js";
import { amend, english, englishUi, explain, problem, sentence, type MessageCode, type MessageParams, type Texts } from "../src/messages.js";
import { germanTexts } from "../src/ui-texts.de.js";
import { tempDir } from "./helpers/tmp.js";

const root = path.resolve(import.meta.dirname, "..");

/** Sample parameters for every code, one per way the code is said (typed: a new code needs its samples). */
const samples: { [C in MessageCode]: MessageParams<C>[] } = {
  YAML_SYNTAX: [{ reason: "Nested mappings are not allowed in compact mappings" }],
  YAML_COLON_UNQUOTED: [{ key: "title", quoted: 'title: "Straßensperrung: Hauptstraße"' }],
  NOTICE_NOT_FOUND: [{ file: "notices/bombe.md", reason: "ENOENT" }],
  NOTICE_NO_FRONT_MATTER: [{}],
  NOTICE_EMPTY_BODY: [{}],
  NOTICE_TITLE_MISSING: [{}],
  NOTICE_UNKNOWN_KEY: [{ keys: ["titel"], suggestion: "title" }, { keys: ["x"] }],
  NOTICE_INVALID_VALUE: [
    { key: "publish_at", reason: { is: "other", message: "an ISO 8601 time with offset, e.g. 2026-11-29T07:00:00+01:00" } },
    { key: "images.0.path", reason: { is: "missing" } },
    { key: "urgent", reason: { is: "wrong-type", expected: "true or false", got: '"ja"' } },
  ],
  NOTICE_IMAGE_NOT_FOUND: [{ path: "plan.jpg" }, { file: "/notices/plan.jpg" }, { file: undefined }],
  NOTICE_IMAGE_ALT_MISSING: [{ path: "plan.jpg" }],
  NOTICE_IMAGE_ALT_FILENAME: [{ path: "plan.jpg" }],
  NOTICE_IMAGE_ALT_TOO_SHORT: [{ path: "plan.jpg" }],
  NOTICE_NOT_A_FILE: [{ file: "/dev/zero" }],
  NOTICE_TOO_LARGE: [{ what: "file", size: 700_000, max: 262_144 }, { what: "body", size: 70_000, max: 64_000 }],
  NOTICE_ID_FROM_FILE_NAME: [{ name: "...md" }],
  CONFIG_NOT_FOUND: [{ file: "channels.yaml", errno: "ENOENT" }, { file: "channels.yaml", errno: "EACCES" }],
  INIT_PACKAGE_NOT_PINNED: [{ spec: "^0.1.0" }],
  INIT_LOCKFILE_NOT_WRITTEN: [{ reason: "404 Not Found - GET https://registry.npmjs.org/announce-stadt - Not found" }, { reason: "source-unknown" }],
  LOGIN_FAILED: [
    { platform: "Mastodon", step: "POST /oauth/token", status: 400, reason: "invalid_grant" },
    { platform: "Threads", step: "GET /me" },
    { platform: "Instagram", step: "GET /me?fields=user_id,username", missing: "user_id" },
    { via: "browser", platform: "LinkedIn", reason: "The user cancelled the authorization" },
    { via: "browser", platform: "LinkedIn" },
    { via: "no-browser", platform: "LinkedIn", minutes: 10 },
    { via: "port", platform: "LinkedIn", port: 8765, reason: "EADDRINUSE" },
  ],
  LOGIN_INPUT_MISSING: [
    { what: "app-id", platform: "Meta", variable: "META_APP_ID" },
    { what: "app-id", platform: "LinkedIn", variable: "LINKEDIN_CLIENT_ID", configKey: "client_id" },
    { what: "app-secret", platform: "Threads", variable: "THREADS_APP_SECRET" },
    { what: "user-token", platform: "Facebook" },
    { what: "app-password", platform: "Bluesky" },
    { what: "current-token", platform: "Instagram" },
  ],
  LOGIN_NOT_APP_PASSWORD: [{}],
  LOGIN_NOT_SUPPORTED: [{ platform: "LinkedIn" }],
  LOGIN_CHOOSE_PAGE: [{ pages: ["Stadt (1234)", "Feuerwehr (5678)"] }, { pages: [] }],
  ENV_FILE_UNREADABLE: [{ file: "/srv/stadt/.env", errno: "EACCES" }],
  CONFIG_ENV_MISSING: [
    { of: "value", name: "ORG", usedBy: "channels.stadt-linkedin.organization" },
    { of: "secret", name: "MASTODON_TOKEN", channel: "stadt-mastodon", key: "access_token" },
    { of: "secret", name: undefined, channel: "stadt-mastodon", key: "access_token" },
    { of: "secret", name: "MASTODON_TOKEN", channel: "stadt-mastodon", key: "access_token", validate: true },
  ],
  CONFIG_NO_CHANNELS: [{}, { shown: "every-platform" }],
  CONFIG_UNKNOWN_KEY: [{ key: "channels.stadt-mastodon.instanz" }],
  CONFIG_SECRET_LITERAL: [{ key: "channels.stadt-mastodon.access_token" }],
  MEDIA_HOST_MISSING: [{ channel: "stadt-instagram", platform: "Instagram" }],
  CONFIG_SECRET_INVALID: [{ name: "MASTODON_TOKEN", channel: "stadt-mastodon", key: "access_token" }],
  CONFIG_INVALID_VALUE: [
    { key: "channels.stadt-mastodon.platform", reason: { is: "not-one-of", value: "mastodn", options: ["mastodon", "bluesky"], suggestion: "mastodon" }, platforms: ["mastodon", "bluesky"] },
    { key: "channels.stadt-facebook.page_id", reason: { is: "needs-quotes", value: "1234", as: "number" }, platforms: ["facebook"] },
  ],
  NOTICE_UNKNOWN_CHANNEL: [
    { in: "channels", name: "stadt-x", configured: ["stadt-mastodon", "stadt-bluesky"] },
    { in: "overrides", name: "stadt-x", configured: ["stadt-mastodon"] },
  ],
  UNKNOWN_CHANNEL: [{ name: "stadt-x", configured: ["stadt-mastodon", "stadt-bluesky"] }],
  NO_CHANNELS_SELECTED: [{ configured: ["stadt-mastodon"] }],
  SECRETS_NOT_SET: [{ names: ["MASTODON_TOKEN", "BLUESKY_APP_PASSWORD"] }],
  PREVIEW_HTML_UNWRITABLE: [{ file: "out/bombe.preview.html", errno: "ENOENT" }],
  PREVIEW_NOT_OPENED: [{ why: "ci", file: "bombe.preview.html" }, { why: "failed", file: "bombe.preview.html", opener: "xdg-open", reason: "ENOENT" }],
  POST_TOO_LONG: [{ post: 2, channel: "stadt-mastodon", length: 612, unit: "characters", limit: 500 }],
  THREAD_TOO_LONG: [{ channel: "stadt-bluesky", posts: 14, max: 10 }],
  IMAGE_UNUSABLE: [{ path: "plan.jpg", channels: ["stadt-instagram", "stadt-threads"], reason: "Input buffer contains unsupported image format" }],
  PSEUDO_FORMATTING: [{}],
  HASHTAG_NOT_CAMELCASE: [{ tag: "bombenentschaerfung" }],
  MARKDOWN_DROPPED: [{ kind: "html", start: "<div class=\"hinweis\">" }, { kind: "image", alt: "Karte" }],
  TEXT_SHORTENED: [{ limit: 2200, unit: "characters", channel: "stadt-instagram" }],
  TOO_MANY_IMAGES: [{ channel: "stadt-bluesky", max: 4, dropped: 1, total: 5 }],
  ALT_TEXT_TOO_LONG: [{ path: "plan.jpg", max: 1000, channel: "stadt-threads" }],
  BLUESKY_TAG_TOO_LONG: [{ start: "Bombenentschaerfung", maxGraphemes: 64, maxBytes: 640 }],
  INSTAGRAM_NEEDS_IMAGE: [{ of: "notice" }, { of: "post" }],
  INSTAGRAM_TOO_MANY_HASHTAGS: [
    { channel: "instagram", count: 7, max: 5 },
    { channel: "stadt-instagram", count: 7, max: 5 },
  ],
  INSTAGRAM_HASHTAGS_TRIMMED: [{ max: 5, room: 2, extra: 4, written: 3, channel: "stadt-instagram" }],
  THREADS_MEDIA_URL_MISSING: [{ channel: "stadt-threads" }, {}],
  DUE_DIR_UNREADABLE: [{ dir: "notices", errno: "ENOENT" }],
  NOTICE_DUPLICATE_ID: [{ file: "a.md", other: "b.md", id: "bombe" }],
  NOTICE_DRAFT: [{ id: "bombe" }],
  NOTICE_NOT_DUE: [{ id: "bombe", at: "2026-11-29T08:00:00.000Z" }],
  PUBLISHING_PAUSED: [{ at: "2026-11-29T08:00:00.000Z", by: "A. Schmidt", reason: "Trauertag" }],
  NOTICE_NOT_APPROVED: [
    { id: "bombe", why: "changed", file: "bombe.md" },
    { id: "bombe", why: "self", author: "A. Schmidt", file: "bombe.md" },
    { id: "bombe", why: "missing", file: "bombe.md" },
    { id: "bombe", why: "unsigned", file: "bombe.md", signed: true },
    { id: "bombe", why: "not-allowed", file: "bombe.md", signed: true },
  ],
  APPROVER_IS_AUTHOR: [{ by: "A. Schmidt" }],
  APPROVER_NOT_ALLOWED: [{ files: ["allowed_signers"] }],
  APPROVAL_SIGNING_FAILED: [{ key: "~/.ssh/id_ed25519", reason: "Load key: No such file or directory" }],
  APPROVAL_NEEDS_SIGNATURE: [{}],
  APPROVAL_SIGNATURE_INVALID: [{ id: "bombe", line: 2, by: "a.schmidt@example-stadt.de" }],
  NOTICE_CHANGED: [
    { after: "interrupted", channel: "stadt-mastodon", post: 1, at: "2026-11-29T08:00:00.000Z" },
    { after: "published", channel: "stadt-mastodon", file: "bombe.md" },
  ],
  THREAD_SPLIT_CHANGED: [{ posts: 3, planned: 2, channel: "stadt-mastodon", file: "bombe.md" }],
  CORRECTION_INTERRUPTED: [{ channel: "stadt-mastodon", at: "2026-11-29T08:00:00.000Z", file: "notices/bombe.md" }],
  CORRECT_POST_FIRST: [
    { channel: "stadt-mastodon", state: "pending", file: "notices/bombe.md" },
    { channel: "stadt-mastodon", state: "partial", file: "notices/bombe.md" },
    { channel: "stadt-mastodon", state: "failed", file: "notices/my notice.md" },
  ],
  NO_MANUAL_STEP: [{ channel: "stadt-instagram" }],
  CHANNEL_NOT_CONFIGURED: [{ channel: "stadt-mastodon", posts: ["https://mastodon.example/@stadt/1"] }],
  OUTCOME_UNKNOWN: [{ posts: [1, 2], channel: "stadt-mastodon", at: "2026-11-29T08:00:00.000Z" }],
  LEDGER_NO_RECORDS: [
    { id: "bombe", file: "notices/bombe.md" },
    { id: "bombe", file: "notices/bombe.md", channels: ["stadt-mastodon"] },
  ],
  SINCE_INVALID: [
    { value: "gestern", why: "unreadable" },
    { value: "2099-01-01", why: "future" },
  ],
  ADOPT_NOT_FOUND: [
    { found: 0, total: 1, since: "2026-11-29T07:00:00.000Z" },
    { found: 2, total: 3, since: "2026-11-29T07:00:00.000Z" },
  ],
  NOTICE_LOCKED: [{ id: "bombe", waitMs: 10_000, staleMs: 600_000 }],
  GIT_SYNC_UNAVAILABLE: [{ stateDir: ".announce" }],
  GIT_FAILED: [{ command: "commit", root: "/repo", why: "fatal: not a git repository" }, { command: "commit", root: "/repo" }],
  GIT_PULL_FAILED: [{ why: "fatal: could not read from remote repository" }, {}],
  GIT_PUSH_FAILED: [{ what: "announce: claim bombe", attempts: 12, why: "! [rejected] main -> main (fetch first)" }, { what: "announce: claim bombe", attempts: 12 }],
  PRIVATE_STATE_STAGED: [{ files: [".announce/sessions/x.json"], dirs: ["sessions/", "locks/"], gitignore: ".announce/.gitignore" }],
  STATE_SYMLINK: [{ path: ".announce/ledger" }],
  LEDGER_DAMAGED: [
    { id: "bombe", line: 7, damage: { is: "not-json" } },
    { id: "bombe", line: 7, damage: { is: "cut-off" } },
    { id: "bombe", line: 7, damage: { is: "not-a-record", value: "null" } },
    { id: "bombe", line: 7, damage: { is: "not-a-record", value: "array" } },
    { id: "bombe", line: 7, damage: { is: "not-a-record", value: "number" } },
    { id: "bombe", line: 7, damage: { is: "wrong-version", version: "2" } },
    { id: "bombe", line: 7, damage: { is: "wrong-version", version: undefined } },
    { id: "bombe", line: 7, damage: { is: "unknown-type", type: '"posted"' } },
    { id: "bombe", line: 7, damage: { is: "unknown-type", type: undefined } },
    { id: "bombe", line: 7, damage: { is: "field-missing", field: "id" } },
    { id: "bombe", line: 7, damage: { is: "field-invalid", field: "at", reason: "not a time" } },
  ],
  APPROVALS_DAMAGED: [{ id: "bombe", line: 1, damage: { is: "field-missing", field: "content" } }],
  AUDIT_LINE_UNREADABLE: [{ line: 3, damage: { is: "not-json" } }],
  AUTH_INVALID: [
    { via: "answer", platform: "Bluesky", code: 401, platformMessage: "Token has expired" },
    { via: "answer", platform: "Mastodon (social.example)", code: 422, tokenOf: "mastodon" },
    { via: "answer", platform: "Threads", code: "190/460", tokenOf: "threads" },
    { via: "debug_token", platform: "Facebook", tokenOf: "meta" },
    { via: "organization", channel: "stadt-linkedin", organization: "urn:li:organization:1", platformMessage: "Invalid access token" },
    { via: "introspection", channel: "stadt-linkedin", status: "expired" },
    { via: "login", identifier: "stadt.bsky.social", status: 401, reason: "Invalid identifier or password" },
  ],
  TOKEN_EXPIRED: [
    { platform: "Facebook", code: "190/463", platformMessage: "Session has expired", tokenOf: "meta" },
    { platform: "Instagram", code: "190/463", platformMessage: "Session has expired", tokenOf: "instagram" },
  ],
  PERMISSION_DENIED: [
    { via: "status", platform: "Bluesky", platformMessage: "Forbidden" },
    { via: "account", platform: "Mastodon (social.example)" },
    { via: "debug_token", platform: "Instagram", missing: ["instagram_content_publish"], required: ["instagram_content_publish"] },
    { via: "answer", platform: "Facebook", code: 200, needed: ["pages_manage_posts"], pageRole: true },
    { via: "answer", platform: "Threads", code: 10, needed: ["threads_content_publish"], pageRole: false },
    { via: "organization", channel: "stadt-linkedin", organization: "urn:li:organization:1" },
    { via: "introspection", channel: "stadt-linkedin", scopes: [] },
  ],
  ACCOUNT_MISMATCH: [{ name: "@stadt", id: "1", user: "2" }],
  API_VERSION_INACTIVE: [{ version: "202401", status: 426, platformMessage: "Requested version 20240101 is not active", channel: "stadt-linkedin" }],
  RATE_LIMITED: [{ platform: "Bluesky", code: 429 }],
  QUOTA_EXHAUSTED: [
    { via: "quota", platform: "Instagram", used: 50, total: 50, window: "24 h" },
    { via: "answer", platform: "Instagram", code: "9/2207042" },
  ],
  SERVER_ERROR: [
    { via: "status", platform: "Bluesky", code: 502 },
    { via: "answer", platform: "Facebook", code: 2, platformMessage: "Service temporarily unavailable" },
  ],
  TIMEOUT: [{ platform: "Bluesky", reason: "UND_ERR_HEADERS_TIMEOUT" }],
  UNREACHABLE: [{ channel: "stadt-mastodon", platform: "Mastodon", deadlineMs: 10_000 }, { channel: "stadt-bluesky", platform: "Bluesky", deadlineMs: 5000, reason: "SERVER_ERROR 503" }],
  NETWORK: [{ platform: "Bluesky", reason: "ECONNREFUSED" }, { platform: "Bluesky" }],
  REJECTED: [{ platform: "Bluesky", code: 400, platformMessage: "InvalidRequest" }, { platform: "Facebook", code: "100", userHint: "Der Beitrag ist zu lang." }],
  MEDIA_REJECTED: [
    { via: "status", platform: "Mastodon (social.example)" },
    { via: "answer", platform: "Instagram", code: "9004/2207052" },
  ],
  MEDIA_PROCESSING: [{ platform: "Mastodon (social.example)", waitMs: 30_000 }],
  MEDIA_DIR_UNWRITABLE: [{ file: "/srv/media/a.jpg", errno: "EACCES" }, { file: "/srv/media/a.jpg", errno: undefined }],
  WEBSITE_RESERVED_ID: [{ id: "media", channel: "stadt-website" }],
  WEBSITE_ENTRY_DAMAGED: [{ file: "/srv/www/meldungen/bombe/notice.json", reason: "Unexpected end of JSON input" }],
  WEBSITE_UNWRITABLE: [{ dir: "/srv/www/meldungen", errno: "EACCES" }],
  WEBSITE_NOT_DEPLOYED: [
    { url: "https://www.example-stadt.de/meldungen/index.html", dir: "/srv/www/meldungen", why: "differs" },
    { url: "https://www.example-stadt.de/meldungen/index.html", dir: "/srv/www/meldungen", why: "unreachable", reason: "HTTP 404" },
  ],
  MEDIA_URL_UNREACHABLE: [
    { platform: "Instagram", url: "https://media.example/a.jpg", dir: "/srv/media", base: "https://media.example/", contentType: "text/html" },
    { platform: "Instagram", url: "https://media.example/a.jpg", dir: "/srv/media", base: "https://media.example/", status: "404" },
    { platform: "Threads", url: "https://media.example/a.jpg", dir: "/srv/media", base: "https://media.example/", error: "fetch failed" },
  ],
  CONTAINER_FAILED: [
    { platform: "Threads", container: "17", status: "ERROR", reason: "Media download failed" },
    { platform: "Instagram", container: "17", status: "EXPIRED" },
    { platform: "Instagram", container: "17" },
  ],
  CONTAINER_TIMEOUT: [{ platform: "Threads", container: "17", waitedMs: 120_000 }],
  NOT_READY: [{ platform: "Instagram", code: 9007, userHint: "Die Medien werden noch verarbeitet." }, { platform: "Instagram", code: 9007 }],
  NOT_FOUND: [{ platform: "Facebook", platformMessage: "Unsupported get request" }],
  LINK_LIMIT_EXCEEDED: [{ platform: "Threads" }],
  POLICY_BLOCKED: [
    { via: "violation", platform: "Facebook", code: 368 },
    { via: "spam", platform: "Instagram", code: "4/2207051" },
  ],
  DUPLICATE: [{ platform: "Facebook", platformMessage: "Duplicate status message" }],
  DUPLICATE_OF_DELETED: [{ urn: "urn:li:share:1" }],
  DUPLICATE_OF_OLDER: [{ urn: "urn:li:share:1", at: "2026-11-22T08:00:00.000Z" }],
  ALREADY_PUBLISHED: [
    { platform: "Threads", container: "17" },
    { platform: "Instagram", container: "17" },
  ],
  RECONCILE_INCOMPLETE: [{ platform: "Mastodon (stadt.social)", since: "2026-11-29T07:00:00.000Z", pages: 25 }],
  RECORD_EXISTS: [{ platformMessage: "InvalidRequest: Record already exists" }],
  REPLY_TARGET_MISSING: [{ id: "at://did:plc:x/app.bsky.feed.post/1" }],
  UNEXPECTED_RESPONSE: [
    { via: "graph", platform: "Facebook", status: 200 },
    { via: "mastodon", platform: "Mastodon (social.example)", status: 200 },
  ],
  INVALID_RESPONSE: [{ via: "bluesky", platformMessage: "Unexpected token" }, { via: "linkedin" }],
  MANUAL_DELETE: [{ url: "https://www.instagram.com/p/abc/" }, {}],
  INTERNAL_ERROR: [
    { in: "channel", platform: "Bluesky", reason: "Cannot read properties of null (reading 'cid')" },
    { in: "notice", id: "bombe", reason: "Cannot read properties of null (reading 'cid')" },
  ],
  UNEXPECTED: [{ platform: "Bluesky", reason: "Cannot read properties of null (reading 'cid')" }],
};

/**
 * Codes whose sentence ends with text from elsewhere, as it always has: the YAML parser's sentence, the
 * reason given to `announce pause`, an error's own message.
 */
const ENDS_WITH_PARAMETER: Partial<Record<MessageCode, string>> = {
  YAML_SYNTAX: "reason",
  PUBLISHING_PAUSED: "reason",
  INTERNAL_ERROR: "reason",
  UNEXPECTED: "reason",
};
/** Hints that end with a command to type, or an example, rather than a full stop. */
const HINT_ENDS_OTHERWISE: MessageCode[] = ["PUBLISHING_PAUSED", "NOTICE_NOT_APPROVED", "HASHTAG_NOT_CAMELCASE", "YAML_COLON_UNQUOTED"];

const codes = Object.keys(english) as MessageCode[];

// Times in messages are local: the tests choose the zone (Node applies a TZ set at run time).
beforeAll(() => {
  process.env.TZ = "UTC";
});
afterEach(() => setLanguage("en"));

describe.each<Language>(["en", "de"])("the message catalogue in %s", (language) => {
  it.each(codes)("%s renders a sentence, and its hint where it has one", (code) => {
    setLanguage(language);
    const cases = samples[code] as MessageParams<typeof code>[];
    expect(cases.length).toBeGreaterThan(0);
    for (const params of cases) {
      const { message, hint } = explain(code, params);
      expect(message.trim()).not.toBe("");
      expect(message).not.toMatch(/undefined|\[object Object\]|NaN/);
      const trailing = ENDS_WITH_PARAMETER[code];
      if (trailing) expect(message.endsWith(String((params as Record<string, unknown>)[trailing]))).toBe(true);
      else expect(message).toMatch(/\.$/);
      if (hint !== undefined) {
        expect(hint.trim()).not.toBe("");
        expect(hint).not.toMatch(/undefined|\[object Object\]|NaN/);
        if (!HINT_ENDS_OTHERWISE.includes(code)) expect(hint).toMatch(/\.$/);
      }
    }
    expect(english[code].means).toMatch(/^\S.*\.$/);
  });

  it("has a hint for every code but three (only the platform's own advice, or nothing to do: it is reconciled)", () => {
    setLanguage(language);
    const without = codes.filter((code) => (samples[code] as MessageParams<typeof code>[]).every((params) => explain(code, params).hint === undefined));
    expect(without).toEqual(["NOT_FOUND", "RECORD_EXISTS", "INVALID_RESPONSE"]);
  });

});

describe("the message catalogue", () => {
  it("has a German text for every code, and for no code that does not exist", () => {
    // The type (Catalogue) already refuses a missing code; this also catches one too many.
    expect(Object.keys(de).sort()).toEqual([...codes].sort());
  });

  it("words every code differently in German, for every way it is said", () => {
    const same: string[] = [];
    for (const code of codes) {
      for (const params of samples[code] as MessageParams<typeof code>[]) {
        setLanguage("en");
        const en = explain(code, params);
        setLanguage("de");
        const german = explain(code, params);
        if (german.message === en.message) same.push(`${code}: ${en.message}`);
        // A code has a hint in both languages or in neither.
        expect(german.hint === undefined, code).toBe(en.hint === undefined);
        if (en.hint !== undefined && german.hint === en.hint) same.push(`${code} (hint): ${en.hint}`);
      }
    }
    // The platform's own advice (userHint) is passed on as it is, in whichever language it came.
    expect(same).toEqual(["REJECTED (hint): Der Beitrag ist zu lang.", "NOT_READY (hint): Die Medien werden noch verarbeitet."]);
  });

  it("builds problems with the code, sentence, hint and where", () => {
    expect(problem("NOTICE_NOT_DUE", { id: "bombe", at: "2026-11-29T08:00:00.000Z" }, { location: { file: "bombe.md", key: "publish_at" } })).toEqual({
      code: "NOTICE_NOT_DUE",
      message: "The notice bombe is scheduled for 2026-11-29 08:00 (+00:00) and must not be published before then.",
      hint: "Wait (announce due publishes it when its time has come), or publish it now on purpose with --now.",
      location: { file: "bombe.md", key: "publish_at" },
    });
    // No hint, no location, no channel: the keys are absent, not undefined (as the JSON output had them).
    expect(Object.keys(problem("RECORD_EXISTS", { platformMessage: "x" }))).toEqual(["code", "message"]);
    expect(sentence("INSTAGRAM_NEEDS_IMAGE", { of: "notice" })).toBe("Instagram needs at least one image, and the notice has none.");
  });

  it("amends a failure that asks for a longer wait than a run accepts", () => {
    const amended = amend("waitTooLong", { message: "Bluesky is rate limiting (429).", waitMs: 3_600_000, maxWaitMs: 300_000, until: new Date("2026-11-29T09:00:00Z") });
    expect(amended).toEqual({
      message: "Bluesky is rate limiting (429); it asks to wait 60 min, longer than the 5 min a run waits.",
      hint: "Run the same command again after 2026-11-29 09:00 (+00:00); what is published is skipped.",
    });
  });

  it("says a problem in the language set, with the time in the local zone", () => {
    process.env.TZ = "Europe/Berlin";
    try {
      setLanguage("de");
      expect(problem("NOTICE_NOT_DUE", { id: "bombe", at: "2027-11-20T09:00:00.000Z" })).toEqual({
        code: "NOTICE_NOT_DUE",
        message: "Die Meldung bombe ist für 20.11.2027, 10:00 (+01:00) geplant und darf nicht vorher veröffentlicht werden.",
        hint: "Warten Sie (announce due veröffentlicht sie, wenn es so weit ist), oder veröffentlichen Sie sie bewusst jetzt mit --now.",
      });
      expect(amend("waitTooLong", { message: "Bluesky begrenzt die Zahl der Anfragen (429).", waitMs: 3_600_000, maxWaitMs: 300_000, until: new Date("2027-07-01T09:00:00Z") })).toEqual({
        message: "Bluesky begrenzt die Zahl der Anfragen (429); sie bittet, 60 min zu warten, länger als die 5 min, die ein Lauf wartet.",
        hint: "Führen Sie denselben Befehl nach 01.07.2027, 11:00 (+02:00) erneut aus; bereits Veröffentlichtes wird übersprungen.",
      });
    } finally {
      process.env.TZ = "UTC";
    }
  });
});

/** The leaves of a texts object: "section.key" → string or function. */
function leaves(texts: object, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(texts)) {
    if (value !== null && typeof value === "object") for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

describe("the human texts (src/ui-texts.ts)", () => {
  const en = leaves(englishUi);
  const german = leaves(germanTexts satisfies Texts);

  it("have a German text for every English one, of the same kind", () => {
    expect([...german.keys()]).toEqual([...en.keys()]);
    for (const [key, value] of en) expect(typeof german.get(key), key).toBe(typeof value);
  });

  it("are worded in German, not copied from English", () => {
    const copied = [...en].filter(([key, value]) => typeof value === "string" && german.get(key) === value).map(([key]) => key);
    expect(copied).toEqual([]);
  });

  /** Sample arguments of every text of `announce login` that takes some (a new one needs its samples here). */
  const LOGIN_SAMPLES: Record<string, unknown[]> = {
    "login.open": ["https://social.example/oauth/authorize?client_id=1"],
    "login.thenRun": ["announce login stadt-mastodon --code CODE"],
    "login.worksAs": ["Mastodon", "@stadt@social.example"],
    "login.written": ["MASTODON_TOKEN", ".env"],
    "login.ciSecret": ["MASTODON_TOKEN"],
    "login.expires": ["2027-01-20T09:00:00.000Z"],
    "login.configWritten": ["stadt-facebook", "channels.yaml", 'page_id: "1234"'],
    "login.settings": ["stadt-facebook", "channels.yaml", 'page_id: "1234"', "--print"],
    "login.notWritten": ["unwritable", "EACCES"],
    "login.renew": ["stadt-threads", "2027-01-20T09:00:00.000Z"],
    "login.meta.page": ["Stadt Musterstadt", "1234"],
    "login.meta.otherPages": [["Feuerwehr Musterstadt (5678)"]],
    "login.instagram.linked": ["stadt_musterstadt", "Stadt Musterstadt", "1234"],
    "login.instagram.account": ["stadt_musterstadt", "17841400000000042"],
    "login.linkedin.open": ["https://www.linkedin.com/oauth/v2/authorization?client_id=1", 8765],
    "login.linkedin.otherOrganizations": [["urn:li:organization:456"]],
    "login.linkedin.renew": ["stadt-linkedin", "2027-01-20T09:00:00.000Z"],
    "login.mastodon.open": ["https://social.example/oauth/authorize?client_id=1"],
    "login.bluesky.appPassword": ["stadt.bsky.social"],
  };

  it("word every text of announce login in German, those with parameters too", () => {
    const functions = [...en].filter(([key, value]) => key.startsWith("login.") && typeof value === "function").map(([key]) => key);
    expect(functions.sort()).toEqual(Object.keys(LOGIN_SAMPLES).sort());
    const copied: string[] = [];
    for (const key of functions) {
      const args = LOGIN_SAMPLES[key]!;
      const english = (en.get(key) as (...a: unknown[]) => string)(...args);
      const deutsch = (german.get(key) as (...a: unknown[]) => string)(...args);
      for (const text of [english, deutsch]) expect(text, key).not.toMatch(/undefined|\[object Object\]|NaN/);
      if (deutsch === english) copied.push(key);
    }
    expect(copied).toEqual([]);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.join(e.parentPath, e.name));
}

describe("problems are built only through the catalogue", () => {
  it("src/ has no problem code, message or hint written outside src/messages.ts", async () => {
    const offending: string[] = [];
    for (const file of await sourceFiles(path.join(root, "src"))) {
      if (path.relative(root, file) === path.join("src", "messages.ts")) continue;
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        // A code literal (`code: "NOTICE_NOT_DUE"`) or a hint written in place is a problem built by hand.
        if (/\bcode\s*:\s*["'`][A-Z][A-Z0-9]*(_[A-Z0-9]+)+["'`]/.test(line) || /\bhint\s*:\s*["'`]/.test(line)) {
          offending.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offending).toEqual([]);
  });
});

describe("human texts come from the catalogue", () => {
  /** The string literals of a line of code (template expressions left out), comments skipped. */
  function literals(line: string): string[] {
    if (/^\s*(\/\/|\*|\/\*\*)/.test(line)) return [];
    const code = line.replace(/\s\/\/ .*$/, "");
    return [...code.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? "").replace(/\$\{[^}]*\}/g, " "));
  }

  /** The literals of these files that read as words for people (file:line: literal). */
  async function wordsIn(files: string[]): Promise<string[]> {
    const offending: string[] = [];
    for (const file of files) {
      (await readFile(file, "utf8")).split("\n").forEach((line, i) => {
        // Two words in a row are a text for people ("Dry run", "as X"); flags, keys and paths are not.
        // A command to type (`announce correct FILE`) is the same in every language; HTML markup and CSS are not words,
        // nor is a list of OAuth scopes ("read:accounts write:media", "w_organization_social r_organization_admin").
        for (const literal of literals(line)) {
          if (!/[\p{L}]{2,} [\p{L}]{2,}/u.test(literal) || /^announce [a-z]+\b/.test(literal) || /[<>]|Segoe UI/.test(literal)) continue;
          if (literal.trim().split(/\s+/).every((word) => /[:_]/.test(word))) continue;
          offending.push(`${path.relative(root, file)}:${i + 1}: ${literal}`);
        }
      });
    }
    return offending;
  }

  /** The login flows of the platforms (src/platforms/PLATFORM/login.ts) and what they share. */
  async function loginFlows(): Promise<string[]> {
    const platforms = await readdir(path.join(root, "src/platforms"), { withFileTypes: true });
    const files = platforms.filter((e) => e.isDirectory()).map((e) => path.join(root, "src/platforms", e.name, "login.ts"));
    const existing = await Promise.all(files.map((file) => readFile(file).then(() => file, () => undefined)));
    return existing.filter((file): file is string => file !== undefined);
  }

  it("src/report, src/commands and the program write no words of their own: they read them with ui() (src/ui-texts.ts)", async () => {
    // actor.ts names CI systems ("… (GitHub Actions)"): data for the audit log, the same in every language.
    const files = [...(await sourceFiles(path.join(root, "src/report"))), ...(await sourceFiles(path.join(root, "src/commands"))), path.join(root, "src/program.ts")].filter(
      (file) => path.relative(root, file) !== path.join("src", "commands", "actor.ts"),
    );
    expect(await wordsIn(files)).toEqual([]);
  });

  it("the login flows ask, say and note nothing in words of their own: they read them with ui(), and problems come from the catalogue", async () => {
    const files = await loginFlows();
    // Every platform with a login, and the shared part.
    expect(files.map((file) => path.relative(path.join(root, "src/platforms"), path.dirname(file))).sort()).toEqual(["bluesky", "facebook", "instagram", "linkedin", "mastodon", "shared", "threads"]);
    expect(await wordsIn(files)).toEqual([]);
  });

  it("the check finds a text written in place in a login flow", async () => {
    const dir = tempDir();
    const file = path.join(dir, "login.ts");
    await writeFile(file, [`const appId = await input.ask("The Meta app's id: ", { env: "META_APP_ID" });`, `export const SCOPES = "read:accounts write:media";`, ""].join("\n"));
    expect(await wordsIn([file])).toEqual([`${path.relative(root, file)}:1: The Meta app's id: `]);
  });
});

describe("the README's problem codes", () => {
  it("list every code of the catalogue with its meaning, in its order", async () => {
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    const section = /^### Problem codes\n([\s\S]*?)(?=^#{1,3} )/m.exec(readme)?.[1] ?? "";
    const rows = section.split("\n").filter((line) => line.startsWith("| `"));
    const expected = codes.map((code) => `| \`${code}\` | ${english[code].means} |`);
    // On a mismatch, the expected rows are the table to paste into the README.
    expect(rows.join("\n")).toBe(expected.join("\n"));
  });
});
