/**
 * The catalogue's second section: every human text that is not a problem (src/messages.ts has those): the
 * command line's help, report headings and summaries, progress lines, the notes a platform or the plan
 * gives as warnings. English here; German in src/ui-texts.de.ts, typed by this one ({@link Texts}), so a
 * text missing there does not compile. {@link ui} gives the texts of the language the run chose
 * (src/language.ts).
 *
 * Times reach these templates as ISO strings or Dates and are shown with {@link formatTime}: local time
 * with the offset.
 */
import { currentLanguage, formatTime, reasonWords, seconds } from "./language.js";
import { germanTexts } from "./ui-texts.de.js";

/**
 * Why a value `announce login` found was not written into channels.yaml (src/config/edit.ts decides):
 * `--print` (writes no file); the file does not parse cleanly (`unparsable`); the channel has no entry
 * (`not-found`, e.g. commented out) or it is not a block mapping (`not-block`); an anchor, alias or merge
 * key is involved (`anchor`); the value is a `${VAR}` reference (`reference`) or not a one-line scalar
 * (`not-plain`); the edit did not read back as intended (`verify`); the file could not be written.
 */
export type SettingsEditReason = "print" | "unparsable" | "not-found" | "not-block" | "anchor" | "reference" | "not-plain" | "verify" | "unwritable";

/** "1 problem", "2 problems". */
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Failure codes in the words of a progress line. */
const REASONS_EN: Record<string, string> = {
  TIMEOUT: "no answer",
  NETWORK: "no connection",
  RATE_LIMITED: "rate limited",
  SERVER_ERROR: "server error",
  MEDIA_PROCESSING: "image still processing",
  CONTAINER_TIMEOUT: "media still processing",
  NOT_READY: "media still processing",
};

/** Why a page gave no link card (platforms/shared/link-card.ts `NoLinkCard`). */
function linkCardWhy(no: { why: string; detail?: string }): string {
  switch (no.why) {
    case "refused":
      return no.detail === "scheme" ? "it is not an http(s) address" : "its address is in a private or local network, which is not fetched on behalf of a notice (allow_hosts in the config exempts a host)";
    case "status":
      return `the page answered HTTP ${no.detail}`;
    case "not-html":
      return "the address is not a web page";
    case "no-metadata":
      return "the page has no title or description";
    case "timeout":
      return "the page did not answer in time";
    default:
      return `the page could not be reached${no.detail ? ` (${no.detail})` : ""}`;
  }
}

const englishTexts = {
  /** The command line (src/program.ts): help, usage errors, bugs. */
  program: {
    description: "Publish one Markdown notice to Mastodon, Bluesky, Facebook, Instagram, LinkedIn and Threads.",
    exitHelp: (codes: { ok: number; failed: number; invalid: number; internal: number }) => `
Exit codes:
  ${codes.ok}   success: everything selected was done (or the input is valid)
  ${codes.failed}   publishing failed on at least one channel (the report says which and why)
  ${codes.invalid}   invalid input, config or usage: nothing was published
  ${codes.internal}  internal error (a bug): please report it with the output

Environment:
  ANNOUNCE_CONFIG   config file when --config is not given (default: ./channels.yaml)
  ANNOUNCE_ACTOR    who acts, for the audit log, when --actor is not given
  ANNOUNCE_LANG     language of the output when --lang is not given (de or en; else LC_ALL, LC_MESSAGES, LANG)
  TZ                time zone of the times shown (default: the system's)
  NO_COLOR          disable colours (colours are only used on a terminal anyway)
  ANNOUNCE_LOCK_WAIT_MS, ANNOUNCE_LOCK_STALE_MS, ANNOUNCE_GIT_PUSH_ATTEMPTS
                    tuning of the lock and of due --git (see the README)
  Tokens come from the variables the config names, e.g. access_token: \${MASTODON_TOKEN}, set in the
  environment or in a .env file beside the config (the environment wins; announce login writes it).`,
    helpAfterError: "(add --help for usage)",
    choices: (choices: readonly string[]) => `Allowed: ${choices.join(", ")}.`,
    helpOption: "display help for command",
    helpCommand: "display help for command",
    versionOption: "output the version number",
    /** commander's headings: "Usage:", "Options:", … (shown as they are in English). */
    title: (heading: string) => heading,
    /** commander's placeholders in a usage line ("[options]", "[command]"); every other word as it is. */
    usageWord: (word: string) => word,
    /** commander's own error lines ("error: unknown option '--x'"), shown as they are in English. */
    usageError: (line: string) => line,
    internalError: (where: string | undefined, detail: string) => `announce: internal error${where ? ` in ${where}` : ""}: ${detail}\nPlease report this with the command you ran.`,
    /** Where a bug happened. */
    inChannel: (channel: string) => `channel ${channel}`,
    inNotice: (id: string) => `notice ${id}`,
    preparingImage: (n: number, total: number) => `preparing image ${n}/${total}`,
  },

  /** Options and arguments shared by several commands (src/commands/options.ts). */
  options: {
    config: "channels config file (default: $ANNOUNCE_CONFIG or ./channels.yaml)",
    state: "state folder for the ledger and sessions (default: from the config, .announce)",
    actor: "who acts, for the audit log (default: $ANNOUNCE_ACTOR, the CI user, or the login name)",
    json: "machine-readable JSON output on stdout",
    color: "no colours in the output",
    lang: "language of the output: de or en (default: $ANNOUNCE_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG)",
    channel: "only these channels (names or platform ids)",
    dryRun: "check and show what would be done (post, correct: credentials, live limits, the plan; adopt: what is found); publish or record nothing",
    noticeFile: "the notice file",
  },

  /** Said on stderr when invalid input stopped a command that would have acted. */
  nothingDone: {
    published: "Nothing was published.",
    deleted: "Nothing was deleted.",
    corrected: "Nothing was corrected.",
    recorded: "Nothing was recorded.",
  },

  /** Each command's line in `--help`, its arguments, options and examples (src/commands/*). */
  commands: {
    preview: {
      description: "show exactly what each channel will receive (no network)",
      notice: "the notice file (Markdown with YAML front matter)",
      noImages: "skip image preparation (faster; sizes are not shown)",
      html: "also write the posts as they will look, as one HTML page (default: <notice id>.preview.html)",
      open: "open the HTML page with the system's opener (never in CI)",
      help: "\nExamples:\n  announce preview notices/2026-11-29-bombe.md --channel stadt-mastodon\n  announce preview notices/2026-11-29-bombe.md --html --open",
    },
    validate: {
      description: "check notices and the config; list every problem at once (no network)",
      notices: "notice files",
      noSecrets: "do not require the secrets' environment variables",
      help: "\nExample:\n  announce validate notices/*.md",
    },
    post: {
      description: "publish a notice to every selected channel; safe to re-run (nothing is posted twice)",
      now: "publish even though publish_at is still in the future",
      help: "\nExamples:\n  announce post notices/2026-11-29-bombe.md\n  announce post notices/2026-11-29-bombe.md --dry-run --json",
    },
    status: {
      description: "show, per channel, what of a notice is published, pending or failed, and whether it changed since",
      help: "\nExample:\n  announce status notices/2026-11-29-bombe.md --json",
    },
    delete: {
      description: "remove every published post of a notice (all posts of a thread); safe to re-run",
      reason: "why the notice is retracted (shown on the website's retraction page)",
      confirmManual: "record that a person deleted by hand what the platform's API cannot (Instagram)",
      help:
        "\nExamples:\n  announce delete notices/2026-11-29-bombe.md --channel stadt-mastodon\n" +
        '  announce delete notices/2026-11-29-bombe.md --reason "Die Entschärfung ist verschoben."\n' +
        "  announce delete notices/2026-11-29-bombe.md --confirm-manual stadt-instagram",
    },
    init: {
      description: "create a starter project (channels.yaml, an example notice, CI definitions); never overwrites a file",
      dir: "the project folder (default: the current folder)",
      package: "where CI installs announce from, pinned: an exact version (default: this one), a .tgz URL or a git URL with #tag",
      noLockfile: "do not run npm to write package-lock.json (offline; run npm install --package-lock-only later)",
      help: "\nExamples:\n  announce init pressestelle\n  announce init --package https://downloads.example-stadt.de/announce-0.1.0.tgz",
    },
    login: {
      description: "get a token for a channel (or check an app password) and keep it in .env beside the config",
      channel: "the channel's name in channels.yaml",
      code: "Mastodon: the authorization code the instance showed (LinkedIn: the code from the redirect)",
      appId: "Facebook, Instagram: the Meta app's id (its secret: META_APP_SECRET or asked); LinkedIn: the client id",
      port: "LinkedIn: the port of the redirect URL http://localhost:PORT/callback (default 8765)",
      page: "Facebook, Instagram: the Page to use, when the user manages several",
      refresh: "Threads, Instagram with Instagram Login: renew the channel's long-lived token for another 60 days",
      print: "print NAME=secret (for a CI secret store) and the values for channels.yaml instead of writing .env and channels.yaml",
      help: "\nExamples:\n  announce login stadt-mastodon\n  announce login stadt-mastodon --code 4f1c…\n  announce login stadt-threads --refresh\n  announce login stadt-bluesky < app-password.txt",
    },
    adopt: {
      description: "find a notice's posts on every channel and record them in the ledger (a lost ledger); posts nothing",
      notice: "the notice file, as it was published",
      since: "a time before the notice was first published (ISO 8601, e.g. 2026-11-29T07:00+01:00)",
      help: "\nExamples:\n  announce adopt notices/2026-11-29-bombe.md --since 2026-11-29T06:00+01:00\n  announce adopt notices/2026-11-29-bombe.md --since 2026-11-29 --dry-run --json",
    },
    correct: {
      description: "publish the edited notice over its published copies (edit in place, else reply or replace); safe to re-run",
      notice: "the notice file, edited",
      note: "a visible correction note (default: correction_note of the notice)",
      help: '\nExamples:\n  announce correct notices/2026-11-29-bombe.md\n  announce correct notices/2026-11-29-bombe.md --note "Die Zahl der Betroffenen war falsch." --dry-run',
    },
    check: {
      description: "connect to every channel: credentials, permissions, live limits, quotas, token expiry",
      help: "\nExample:\n  announce check --channel stadt-linkedin",
    },
    due: {
      description: "publish every notice under DIR whose time has come and that is not fully published",
      dir: "folder of notices (searched recursively)",
      git: "claim each notice through git before publishing and push the ledger (for CI)",
      help: "\nExample (CI, every 10 minutes):\n  announce due notices/ --git --json > report.json",
    },
    approve: {
      description: "record an approval of the notice's exact content (four-eyes principle), signed with an SSH key",
      key: "the approver's SSH private key (or its .pub with ssh-agent); its principal in allowed_signers is the approver",
      by: "who approves, unsigned (only where the config sets unsigned_approvals: true; never the notice's author)",
      help: '\nExamples:\n  announce approve notices/2026-11-29-bombe.md --key ~/.ssh/id_ed25519\n  announce approve notices/2026-11-29-bombe.md --by "A. Schmidt"   (unsigned_approvals: true only)',
    },
    pause: {
      description: "stop due from publishing, and post from publishing non-urgent notices, until resume",
      reason: "why (shown in every report)",
      help: '\nExample:\n  announce pause --reason "Trauertag nach dem Unglück"',
    },
    resume: {
      description: "end a pause",
    },
    log: {
      description: "show the audit log (every post, delete, approve, pause, resume)",
      notice: "only the records of this notice (file or id)",
    },
  },

  /** Words every report uses. */
  common: {
    error: "error",
    warning: "warning",
    platformSaid: (message: string) => `platform said: ${message}`,
    id: (id: string) => `id ${id}`,
    /** A length unit of a platform ("characters", "graphemes"). */
    unit: (unit: string) => unit,
    /** A channel's or notice's state in a report, as the result names it ("published", "nothing-to-delete"). */
    status: (status: string) => status.replace(/-/g, " "),
  },

  /** `preview` (and the plan of `post --dry-run`). */
  preview: {
    draft: "draft: post and due do not publish it",
    urgent: "urgent",
    publishAt: (at: string) => `publish at ${formatTime(at)}`,
    lang: (lang: string) => `lang ${lang}`,
    skipped: (reason: string | undefined) => `skipped: ${reason ?? ""}`,
    posts: (n: number) => (n === 1 ? "1 post" : `${n} posts (thread)`),
    post: (i: number, total: number) => `post ${i}/${total}`,
    images: (n: number) => plural(n, "image"),
    image: "image",
    alt: "alt:",
    facets: "facets",
    linkCard: "link card",
    htmlWritten: (file: string) => `HTML preview: ${file}`,
    asReadersSee: "(as readers see it; sent with reserved characters escaped as little text)",
    seeBelow: (code: string) => `error ${code}: see below`,
  },

  /** The HTML page of `preview --html`. */
  previewHtml: {
    pageTitle: (title: string) => `Preview: ${title}`,
    heading: "Preview of the posts",
    notice: "Notice",
    id: "id",
    lang: "language",
    urgent: "urgent",
    publishAt: "publish at",
    link: "link",
    channels: "Channels",
    ready: "ready",
    skipped: "skipped",
    invalid: "not publishable",
    skippedBecause: "Skipped:",
    posts: (n: number) => (n === 1 ? "1 post" : `${n} posts, a thread in this order`),
    post: (i: number, n: number) => (n === 1 ? "Post" : `Post ${i} of ${n}`),
    length: (length: number, limit: number, unit: string) => `${length} of ${limit} ${unit}`,
    overLimit: "over the limit",
    contentWarning: "Content warning:",
    alt: "Alt text:",
    notPrepared: "not prepared",
    linkCard: "Link card",
    linkCardNote: "Title, description and picture come from the page when the post is published.",
    sentEscaped: "Shown as readers see it; it is sent in LinkedIn's little text format, with reserved characters escaped.",
    linksNotClickable: "Links in Instagram captions are not clickable.",
    warnings: "Warnings",
    problems: "Problems",
    warning: "warning",
    error: "error",
    noticeMessages: "About the notice",
    toc: "Channels in this preview",
  },

  /** `validate`. */
  validate: {
    problems: (n: number) => plural(n, "problem"),
    warnings: (n: number) => plural(n, "warning"),
    allValid: "All valid.",
    invalid: (n: number) => `${plural(n, "problem")}: nothing can be published until they are fixed.`,
  },

  /** `post`, `status`, `delete`. */
  publish: {
    dryRun: (title: string) => `Dry run: ${title} — credentials and limits checked, nothing published.`,
    published: (title: string) => `Published: ${title}`,
    failed: (failed: number, total: number, changed: number, title: string) => `${failed} of ${total} channels failed${changed > 0 ? `, ${changed} changed since published` : ""}: ${title}`,
    failedOn: (channel: string, title: string) => `Failed on ${channel}: ${title}`,
    changedOnChannel: (channel: string, title: string) => `Changed since published on ${channel}: ${title}`,
    changedOn: (changed: number, total: number, title: string) => `Changed since published on ${changed} of ${total} channels: ${title}`,
    paused: (reason: string) => `Publishing is paused (${reason}); only urgent notices go out.`,
    runAgain: "Run the same command again to finish: what is published is skipped, nothing is posted twice.",
    rejected: (channels: string[]) => `‼ Not published on ${channels.join(", ")}: the credentials were rejected. Renew them and run the same command again.`,
    approvalLine: (by: string, signed: boolean, at: string) => `approved ${signed ? `signed by ${by}` : `by ${by} (unsigned)`}, ${formatTime(at)}`,
    approvalVoid: " (an earlier version: void)",
    earlier: " (published earlier)",
    reconciled: " (found after an interrupted attempt; not posted again)",
    pausedSince: (at: string, by: string, reason: string) => `Publishing is paused since ${formatTime(at)} by ${by}: ${reason}`,
    changed: "changed",
    changedNote: "the notice was edited after these posts were published",
    deletedEarlier: "deleted by an earlier run",
    noRecords: (file: string) =>
      `The ledger has no record of this notice. If it was published and the ledger was lost, announce adopt ${file} --since TIME finds its posts and records them (TIME: before it was published).`,
    nothingToDelete: (title: string) => `Nothing to delete: ${title} has no published posts in the ledger.`,
    deleteHead: (title: string) => `Delete: ${title}`,
  },

  /** `correct`, and what changed since a notice was published (post, status). */
  correct: {
    changedHead: "Changed since it was published:",
    moreLines: (n: number) => `… ${n} more changed lines`,
    notKept: "(the published text was not kept: compare with the posts above)",
    toPublish: (command: string) => `To publish the correction on every copy (edited in place where the platform allows it): ${command}`,
    version: (version: number) => `version ${version}: corrected ${plural(version - 1, "time")} (announce correct)`,
    interrupted: "a correction was interrupted: run announce correct for the notice again to complete it",
    dryRun: (title: string) => `Dry run: correction of ${title} — credentials and limits checked, nothing changed.`,
    failed: (failed: number, total: number, title: string) => `${failed} of ${total} channels not corrected: ${title}`,
    corrected: (title: string) => `Corrected: ${title}`,
    notPublished: (title: string) => `Nothing to correct: ${title} is not published on these channels (announce post publishes it).`,
    same: (title: string) => `Nothing to correct: ${title} is the same on every channel.`,
    how: (how: "edit" | "reply" | "replace", version: number | undefined) =>
      `${how === "edit" ? "edited in place" : how === "reply" ? "a correction in the thread" : "posted again, the old version deleted"}${version ? `, version ${version}` : ""}`,
    versionOnly: (version: number) => `version ${version}`,
    removed: (what: string) => `removed ${what}`,
    runAgain: (command: string) => `Run the same command again to finish: ${command}; what is corrected is skipped.`,
  },

  /** `adopt`. */
  adopt: {
    dryRun: (title: string, since: string) => `Dry run: looked for ${title} since ${formatTime(since)} — nothing recorded.`,
    head: (title: string, since: string) => `Adopt: ${title} — looked for its posts made since ${formatTime(since)}, recorded what was found; nothing was posted.`,
    missing: "announce post publishes what was not found; check the channels first if you expected it there.",
  },

  /** `due`. */
  due: {
    pausedSince: (at: string, by: string, reason: string) => `Paused since ${formatTime(at)} by ${by}: ${reason}`,
    counts: (c: { scanned: number; due: number; invalid: number; alreadyPublished: number; scheduled: number; drafts: number }) =>
      `${c.scanned} notices: ${[`${c.due} due`, ...(c.invalid > 0 ? [`${c.invalid} invalid`] : []), `${c.alreadyPublished} already published`, `${c.scheduled} scheduled for later`, ...(c.drafts > 0 ? [`${c.drafts} ${c.drafts === 1 ? "draft" : "drafts"} (not published)`] : [])].join(", ")}.`,
    invalid: "invalid: not published (the other notices are)",
    claimed: ": another run is publishing it",
    paused: ": publishing is paused",
    stopped: "The run stopped",
  },

  /** `check`. */
  check: {
    as: (account: string) => ` as ${account}`,
    limits: (limits: readonly [string, unknown][]) => `limits: ${limits.map(([k, v]) => `${k} ${String(v)}`).join(", ")}`,
    quota: (used: number, total: number, window: string) => `quota: ${used}/${total} per ${window}`,
    tokenExpires: (at: string, fromConfig: boolean) => `token expires: ${formatTime(at)}${fromConfig ? " (token_expires_at in the config)" : ""}`,
    scopes: (scopes: readonly string[]) => `scopes: ${scopes.join(", ")}`,
  },

  /** `approve`, `pause`, `resume`, `log`. */
  /** `init`. */
  init: {
    exists: "(exists, left as it is)",
    next: "Next steps:",
    writingLockfile: "npm install --package-lock-only: package-lock.json with announce and the integrity hash of every package …",
    npmInstall: (spec: string) =>
      `  npm install --package-lock-only\n      writes package-lock.json with announce ${spec} and the integrity hash of every package;\n      check where announce came from ("resolved"), then commit package.json and package-lock.json`,
    lockfileCheck: (spec: string) => `  package-lock.json pins announce ${spec}: check where it came from ("resolved" of node_modules/announce), then commit it with package.json`,
    editConfig: "  edit channels.yaml          remove the # of each platform you use",
    login: "  announce login CHANNEL      get a token and write it to .env (never committed)",
    check: "  announce check              are the tokens and permissions right?",
  },

  /** `login`. */
  login: {
    waiting: "waiting for the authorization.",
    open: (url: string) => `  Open: ${url}`,
    thenRun: (command: string) => `  Then run: ${command}`,
    worksAs: (platform: string, account: string) => `(${platform}) works as ${account}.`,
    written: (variable: string, file: string) => `  ${variable} written to ${file} (mode 0600, not committed).`,
    ciSecret: (variable: string) => `  In CI, store it as the secret ${variable}.`,
    expires: (at: string) => `  Expires ${formatTime(at)}.`,
    configWritten: (channel: string, file: string, settings: string) => `  Written to ${file} under ${channel}: ${settings}.`,
    settings: (channel: string, file: string, settings: string, why: string) => `  Set in ${file} under ${channel}: ${settings} (not written: ${why}).`,
    /** Why a value was not written into channels.yaml (src/config/edit.ts). */
    notWritten: (reason: SettingsEditReason, errno?: string): string =>
      ({
        print: "--print writes no file",
        unparsable: "the file does not read as one clean YAML document",
        "not-found": "the channel has no entry there, e.g. it is commented out",
        "not-block": "the entry is not a block mapping of one key per line",
        anchor: "an anchor, alias or merge key is involved",
        reference: "the value is a ${VAR} reference; set the variable instead",
        "not-plain": "the value is not a one-line text",
        verify: "the edited file would not read back as intended",
        unwritable: `the file could not be written (${errno ?? "?"})`,
      })[reason],
    /** A long-lived token of Threads or of Instagram Login, and how it is renewed. */
    renew: (channel: string, until: string | undefined) =>
      `The token lasts 60 days${until ? ` (until ${formatTime(until)})` : ""}: renew it after 24 hours and before then with announce login ${channel} --refresh.`,

    /**
     * The login flows (src/platforms/PLATFORM/login.ts): the questions they ask (each ends with ": ", the
     * answer follows on the same line), the lines they say while waiting, the notes they return.
     */
    meta: {
      appId: "The Meta app's id: ",
      appSecret: "The Meta app's secret (App settings → Basic): ",
      userToken: "A short-lived user token (e.g. from the Graph API Explorer, with pages_show_list, pages_manage_posts, pages_read_engagement): ",
      page: (name: string, id: string) => `Page ${name} (${id}).`,
      otherPages: (pages: readonly string[]) => `The user also manages: ${pages.join(", ")}.`,
      pageToken: "A Page token from a long-lived user token does not expire while the user keeps the Page role; a System User token (Meta Business Suite) does not depend on a person.",
    },
    instagram: {
      linked: (account: string, page: string, id: string) => `Instagram account ${account}, linked to the Page ${page} (${id}).`,
      appSecret: "The Instagram app secret (App Dashboard → Instagram → API setup with Instagram business login → Business login settings): ",
      userToken: "A short-lived Instagram user token (instagram_business_basic, instagram_business_content_publish; App Dashboard → Instagram → Generate token): ",
      account: (username: string | undefined, id: string) => `Instagram account ${username ? `@${username}` : id} (ig_user_id ${id}), Instagram Login.`,
    },
    threads: {
      appSecret: "The Threads app secret (App Dashboard → App settings → Basic): ",
      userToken: "A short-lived Threads user token (threads_basic, threads_content_publish, threads_manage_replies, threads_delete): ",
    },
    linkedin: {
      clientId: "The LinkedIn app's client id: ",
      clientSecret: "The LinkedIn app's client secret: ",
      open: (address: string, port: number) => `Open this address as an administrator of the LinkedIn page and allow access:\n  ${address}\nWaiting for the browser on http://localhost:${port}/callback …`,
      /** The page the browser shows when it comes back to announce. */
      received: "announce: authorization received. You can close this window.",
      refused: "announce: authorization failed.",
      otherOrganizations: (organizations: readonly string[]) => `The member also administers: ${organizations.join(", ")}.`,
      renew: (channel: string, until: string | undefined) => `LinkedIn access tokens last 60 days${until ? ` (until ${formatTime(until)})` : ""}: run announce login ${channel} again before then.`,
    },
    mastodon: {
      open: (url: string) => `Open this address, log in as the account that publishes, and authorize announce:\n  ${url}`,
      code: "The code the instance shows: ",
      noExpiry: "Mastodon tokens do not expire; revoke one under Preferences → Account → Authorized apps.",
    },
    bluesky: {
      appPassword: (identifier: string) => `An app password for ${identifier} (Settings → Privacy and security → App passwords): `,
      noExpiry: "App passwords do not expire; revoke one in Bluesky's settings when it is no longer used.",
    },
  },

  governance: {
    noSignersFile: "an allowed_signers file (none is configured)",
    approved: (notice: string, by: string, content: string, signed: boolean) =>
      `Approved ${notice}, ${signed ? `signed by ${by}` : `by ${by} (unsigned)`} (${content}…). Any edit voids this approval.`,
    paused: (reason: string) => `Paused: ${reason}\nOnly urgent notices are published until: announce resume`,
    resumed: (reason: string) => `Resumed (the pause was: ${reason}).`,
    notPaused: "Publishing was not paused.",
    logEmpty: "The audit log is empty.",
    logNone: (notice: string) => `The audit log has no records of ${notice} (nothing was posted, deleted or approved for it).`,
    logTime: (at: string) => formatTime(at, { seconds: true }),
  },

  /** Progress lines on stderr while publishing, deleting and in `due`. */
  progress: {
    notice: (id: string, title: string, urgent: boolean | undefined) => `▶ ${id}: ${title}${urgent ? " (urgent)" : ""}`,
    connecting: (channel: string) => `… ${channel}: connecting`,
    connectRetry: (channel: string, code: string, attempt: number, attempts: number, waitMs: number) =>
      `… ${channel}: ${reasonWords(code, REASONS_EN)}, retry ${attempt}/${attempts} in ${seconds(waitMs, ".")} s`,
    connected: (channel: string, account: string) => `… ${channel}: connected as ${account}`,
    publishing: (channel: string, n: number, total: number) => `… ${channel}: post ${n}/${total}`,
    uploading: (channel: string, n: number, total: number) => `… ${channel}: uploading image ${n}/${total}`,
    retrying: (channel: string, post: number, code: string, waitMs: number, attempt: number, attempts: number | undefined) =>
      `… ${channel}: post ${post}: ${reasonWords(code, REASONS_EN)}, retrying in ${seconds(waitMs, ".")} s (attempt ${attempt}${attempts ? `/${attempts}` : ""})`,
    reconciled: (channel: string, n: number) => `… ${channel}: post ${n} was already there, not posted again`,
    rejected: (channel: string, code: string) => `✖ ${channel}: FAILED, its credentials were rejected (${code}); the other channels go ahead`,
    finished: (e: { published: number; failed: string[]; total: number; dryRun?: boolean; elapsedMs: number }) =>
      `${e.dryRun ? `ready on ${e.published} of ${e.total} channels` : `published on ${e.published} of ${e.total} channels`}` +
      `${e.failed.length > 0 ? `; failed: ${e.failed.join(", ")}` : ""}${e.failed.length > 0 && !e.dryRun ? " (run the same command again to finish)" : ""}, in ${seconds(e.elapsedMs, ".")} s`,
  },

  /**
   * Notes of the layers below, shown as warnings or reasons: what a platform noticed while connecting or
   * publishing, why a channel is skipped, what image preparation changed, when a token runs out.
   */
  notes: {
    overrideSkip: (key: string) => `overrides.${key}.skip is set in the notice`,
    padded: (ratio: string) => `padded to ${ratio} (not cropped)`,
    resized: (width: number, height: number) => `resized to ${width}×${height}`,
    converted: (format: string) => `converted to ${format}`,
    reencoded: "re-encoded",
    jpegQuality: (quality: number) => `JPEG quality ${quality}`,
    tokenExpiry: (p: { channel: string; at: Date; fromConfig: boolean; days?: number }) => {
      const whose = p.fromConfig ? " (token_expires_at in the config)" : "";
      const renew = `renew it and update the environment variable (in CI: the secret)${p.fromConfig ? ", then token_expires_at" : ""}`;
      return p.days === undefined
        ? `The access token of ${p.channel} expired on ${formatTime(p.at)}${whose}: ${renew}.`
        : `The access token of ${p.channel} expires on ${formatTime(p.at)}${whose}, in ${plural(p.days, "day")}: ${renew}.`;
    },
    mastodonLimitsUnknown: (label: string, assumed: number) => `${label} did not say its limits (/api/v2/instance, /api/v1/instance); assuming ${assumed} characters.`,
    linkedinVersionOld: (version: string, months: number, channel: string) =>
      `The LinkedIn API version ${version} is ${months} months old; LinkedIn sunsets versions after about a year. Raise \`version\` of ${channel} in the config.`,
    linkedinIntrospectionRefused: (channel: string, why: string) =>
      `LinkedIn did not accept client_id/client_secret of ${channel} for token introspection (${why}): the token's expiry is unknown. Check both in the config and the environment.`,
    graphExpiryUnknown: (label: string, reason: string) =>
      `${label}: the token's expiry could not be read (debug_token: ${reason}); set token_expires_at in the channel's config to be warned before it runs out.`,
    instagramExpiryUnknown: (channel: string) =>
      `Instagram-login tokens last 60 days and no API tells when this one expires: run announce login ${channel} (it writes token_expires_at), or set token_expires_at in the channel's config, to be warned before it runs out.`,
    threadsRepliesUsed: (account: string, total: number) => `${account} has used all ${total} replies per 24 h: a notice of several posts will stop after the first.`,
    blueskyNotAppPassword: "app_password does not look like an app password (xxxx-xxxx-xxxx-xxxx); use an app password, not the account password.",
    blueskySessionNotSaved: (file: string, errno: string) => `The Bluesky session could not be saved to ${file} (${errno}); the next run logs in again.`,
    blueskyNoLinkCard: (uri: string, no: { why: string; detail?: string }) => `No link card for ${uri}: ${linkCardWhy(no)}; the post links to it in its text.`,
  },
};

/** Every human text, by section: what a language must say. */
export type Texts = typeof englishTexts;

/** The English texts, the reference for every other language. */
export const englishUi: Texts = englishTexts;

/** The texts of the language the run chose. */
export function ui(): Texts {
  return currentLanguage() === "de" ? germanTexts : englishTexts;
}
