/**
 * `announce due DIR`: publish every notice under DIR whose time has come and that is not fully published,
 * urgent ones first, then by time. Whether a notice is fully published is read from the ledger alone, so
 * published notices cost no network call and large folders scan fast.
 */
import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { contentHash, parseNotice, readNoticeText, type Notice } from "../announcement/notice.js";
import { readConfig, type Config, type Env } from "../config/config.js";
import { explain, problem } from "../messages.js";
import { AnnounceError, InvalidInputError, type Problem } from "../problems.js";
import { readPause, type PauseState } from "../state/pause.js";
import { planNotice, selectChannels } from "../plan/plan.js";
import { Redactor } from "../redact.js";
import { GitSync, pushAttempts } from "../state/git-sync.js";
import { crashHook, Ledger } from "../state/ledger.js";
import { channelState, type ChannelState } from "../state/channel-state.js";
import { publishNotice } from "./pipeline.js";
import { isFailure, type PublishEvent, type PublishReport } from "./results.js";
import { resolveStateDir } from "../state/state-dir.js";

export interface DueEntry {
  file: string;
  id: string;
  /** Absent for a notice too broken to have one. */
  title?: string;
  urgent: boolean;
  publishAt?: string;
  /**
   * published now, failed, blocked (approval, …), claimed (another run has it), paused, or invalid (the
   * notice itself, its ledger, or what it asks of the config: only this notice is held back, exit 2).
   */
  status: "published" | "failed" | "blocked" | "claimed" | "paused" | "invalid";
  report?: PublishReport;
  problems?: Problem[];
  /**
   * The error of a bug (not a classified failure) that stopped this notice outside its channels, with
   * its stack; the other notices are still published, and the CLI prints it and exits 70. A bug inside a
   * channel is in that channel's report instead. Not part of the JSON report.
   */
  bug?: unknown;
}

export interface DueReport {
  version: 1;
  scanned: number;
  /** Notices whose time has come and that were fully published already (no network used). */
  alreadyPublished: number;
  /** Notices scheduled for later. */
  scheduled: number;
  /** Notices marked `draft: true`: never published by `due`. */
  drafts: number;
  paused?: PauseState;
  notices: DueEntry[];
  /**
   * Problems of the run itself rather than of one notice: with `--git`, a claim or ledger push that
   * failed. The run stops publishing at that point (the next run picks up the rest).
   */
  problems?: Problem[];
}

export interface DueOptions {
  dir: string;
  config: string;
  env: Env;
  stateDir?: string;
  now?: Date;
  actor?: string;
  redactor?: Redactor;
  onEvent?: (event: PublishEvent & { notice?: string }) => void;
  /** Claim each notice through git before publishing and push the ledger after it. */
  git?: boolean;
}

/** Every Markdown file under a folder (hidden folders and node_modules skipped). */
export async function findNoticeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).some((part) => part.startsWith(".") || part === "node_modules"))
    .sort();
}

/**
 * Whether `due` is done with a notice, from the ledger alone: every selected channel has it published (or
 * skipped) in this content. The content hash (which reads every image) is computed only when a channel's
 * answer depends on it: partly published, or skipped. A fully published channel counts as done whether or
 * not the notice changed since. Two more things count as done, because `due` runs unattended:
 * - a retracted notice (`announce delete`): `due` never brings a retraction back; `post` can, on purpose;
 * - a channel without any record of a notice that went out elsewhere (a channel added or renamed since):
 *   `due` does not post the backlog there; `post NOTICE --channel NAME` does, on purpose. Every attempt
 *   leaves a record, also one that failed before publishing (connect, quota), so those are retried.
 */
export async function isFullyPublished(ledger: Ledger, notice: Notice, config: Config): Promise<boolean> {
  const records = await ledger.channels(notice.id);
  if (records.size === 0) return false;
  let hashed: Promise<string> | undefined;
  const content = () => (hashed ??= contentHash(notice));
  for (const { channel } of selectChannels(notice, config).channels) {
    const own = records.get(channel.name) ?? [];
    // First without the content hash, read against a content no record holds: a channel never tried,
    // retracted, or with every post out is settled whatever the content is.
    const anyContent = channelState(own, { content: NO_CONTENT });
    if (anyContent.kind === "fresh" || anyContent.kind === "retracted" || (anyContent.kind === "changed" && anyContent.why === "edited" && anyContent.complete)) continue;
    if (!doneWith(channelState(own, { content: await content() }))) return false;
  }
  return true;
}

/** A content hash no record holds (real ones start with `sha256:`). */
const NO_CONTENT = "";

/** Whether `due` leaves a channel in this state alone. */
function doneWith(state: ChannelState): boolean {
  switch (state.kind) {
    case "fresh":
    case "retracted":
    case "published":
      return true;
    case "skipped":
      return state.current;
    case "changed":
      // Edited after posts went out: `post` reports it as changed and `status` shows it; `due` does not
      // repeat that each run. Edited after an interrupted attempt: the earlier version may be live, and
      // someone has to look; each run reports it.
      // A correction is begun by a person (`announce correct`) and completed by one: `due` never corrects.
      return state.why === "edited" || state.why === "correcting";
    case "pending":
    case "failed":
    case "partial":
      return false;
  }
}

export async function publishDue(options: DueOptions): Promise<DueReport> {
  const configResult = await readConfig(options.config, options.env);
  if (!configResult.config) throw new InvalidInputError(configResult.problems);
  const config = configResult.config;
  const stateDir = resolveStateDir(options.stateDir, config);
  const now = options.now ?? new Date();
  const sync = options.git ? await GitSync.open(stateDir, randomUUID(), pushAttempts(options.env)) : undefined;
  if (sync) await sync.pull();

  const files = await findNoticeFiles(options.dir).catch((error: NodeJS.ErrnoException) => {
    throw new AnnounceError(explain("DUE_DIR_UNREADABLE", { dir: options.dir, errno: error.code }));
  });
  const ledger = new Ledger(stateDir);
  const redactor = options.redactor ?? new Redactor();
  // One hook for the whole run: the crash tests count the ledger writes of all its notices together.
  const onLedgerWrite = crashHook(options.env);
  const invalid = new Map<string, Problem[]>();
  const reject = (file: string, found: readonly Problem[]) => invalid.set(file, [...(invalid.get(file) ?? []), ...found]);
  const due: Notice[] = [];
  let alreadyPublished = 0;
  let scheduled = 0;
  let drafts = 0;
  const idFiles = new Map<string, string[]>();
  const notices: Notice[] = [];
  const inspect = async (file: string) => {
    const read = await readNoticeText(file);
    if ("problem" in read) return void reject(file, [read.problem]);
    const { notice, problems: found } = parseNotice(read.text, file);
    if (!notice) return void reject(file, found);
    notices.push(notice);
    idFiles.set(notice.id, [...(idFiles.get(notice.id) ?? []), file]);
  };
  // In batches: thousands of notices must not open thousands of files at once.
  for (let i = 0; i < files.length; i += 64) await Promise.all(files.slice(i, i + 64).map(inspect));
  // The id names the ledger, the lock and the claim: two files with one id would share them, so neither
  // is published (which one is meant is for a person to say).
  for (const [id, same] of idFiles) {
    if (same.length < 2) continue;
    for (const file of same) {
      const other = same.find((f) => f !== file)!;
      reject(file, [problem("NOTICE_DUPLICATE_ID", { file: path.relative(options.dir, file), other: path.relative(options.dir, other), id }, { location: { file, key: "id" } })]);
    }
  }
  const check = async (notice: Notice) => {
    if (invalid.has(notice.file)) return;
    if (notice.draft) return void drafts++;
    if (notice.publishAt && notice.publishAt > now) return void scheduled++;
    const done = await isFullyPublished(ledger, notice, config).catch((error: NodeJS.ErrnoException) => {
      // A damaged ledger (LEDGER_DAMAGED, naming the notice, file and line) is invalid input like any
      // other: this notice is not published, the others are.
      if (error instanceof InvalidInputError) {
        reject(notice.file, error.problems);
        return true;
      }
      if (error.code !== "ENOENT") throw error;
      reject(notice.file, [problem("NOTICE_IMAGE_NOT_FOUND", { file: error.path }, { location: { file: notice.file } })]);
      return true;
    });
    if (invalid.has(notice.file)) return;
    if (done) return void alreadyPublished++;
    // Checked against the config too (channels and overrides it names, what the plan finds); publishing
    // checks it again when its turn comes.
    const planned = planNotice(notice, config).problems;
    if (planned.length > 0) return void reject(notice.file, planned);
    due.push(notice);
  };
  for (let i = 0; i < notices.length; i += 64) await Promise.all(notices.slice(i, i + 64).map(check));
  // An invalid notice blocks only itself: it is reported (exit 2 at the end), the valid ones go out.
  due.sort((a, b) => Number(b.urgent) - Number(a.urgent) || (a.publishAt?.getTime() ?? 0) - (b.publishAt?.getTime() ?? 0) || a.file.localeCompare(b.file));

  const paused = await readPause(stateDir);
  const info = (n: Notice) => ({ file: n.file, id: n.id, title: n.title, urgent: n.urgent, publishAt: n.publishAt?.toISOString() });
  const byFile = new Map(notices.map((n) => [n.file, n]));
  const rejected: DueEntry[] = [...invalid].sort(([a], [b]) => a.localeCompare(b)).map(([file, found]) => {
    const notice = byFile.get(file);
    return { ...(notice ? info(notice) : { file, id: path.basename(file).replace(/\.[^.]*$/, ""), urgent: false }), status: "invalid", problems: found };
  });
  const report: DueReport = { version: 1, scanned: files.length, alreadyPublished, scheduled, drafts, paused, notices: rejected };
  if (paused) {
    // While paused, due publishes nothing at all (urgent notices go out with an explicit `post`).
    report.notices.push(...due.map((n): DueEntry => ({ ...info(n), status: "paused" })));
    return report;
  }
  /** A failed claim or push stops the run: what is published must reach the remote's ledger first. */
  const synced = async (step: () => Promise<unknown>): Promise<boolean> => {
    try {
      await step();
      return true;
    } catch (error) {
      if (!(error instanceof AnnounceError)) throw error;
      (report.problems ??= []).push(...error.problems);
      return false;
    }
  };
  for (const notice of due) {
    let claim: { claimed: boolean; abandonedAt?: Date } = { claimed: true };
    if (sync && !(await synced(async () => (claim = await sync.claim(notice.id))))) break;
    if (!claim.claimed) {
      report.notices.push({ ...info(notice), status: "claimed" });
      continue;
    }
    try {
      // The claim brought in other runs' ledgers: one of them may have published the notice meanwhile (or
      // brought a damaged ledger: that notice is blocked with LEDGER_DAMAGED, the others go on).
      if (sync && (await isFullyPublished(ledger, notice, config))) {
        report.alreadyPublished++;
        continue;
      }
      options.onEvent?.({ type: "notice", id: notice.id, title: notice.title, urgent: notice.urgent });
      // publishNotice reads the notice and config again: after a claim (which moved the checkout to the
      // remote's state) that is the content as of now, and it is what the lock, approval and ledger check.
      const result = await publishNotice({
        notice: notice.file,
        config: options.config,
        env: options.env,
        stateDir,
        redactor,
        actor: options.actor,
        // The same moment the scan used: a publish_at moved later since (a claim pulls) still holds it back.
        clock: () => now,
        // A run that died holding the claim may have published without pushing its ledger: look first.
        reconcileSince: claim.abandonedAt,
        onLedgerWrite,
        onEvent: options.onEvent ? (event) => options.onEvent!({ ...event, notice: notice.id }) : undefined,
      });
      const failed = result.channels.some(isFailure);
      report.notices.push({ ...info(notice), status: failed ? "failed" : "published", report: result });
    } catch (error) {
      if (error instanceof InvalidInputError) report.notices.push({ ...info(notice), status: "blocked", problems: error.problems });
      else if (error instanceof AnnounceError) report.notices.push({ ...info(notice), status: "failed", problems: [...error.problems] });
      else {
        // A bug: this notice fails, the others (and with --git the push of what is published) go on.
        const internal = explain("INTERNAL_ERROR", { in: "notice", id: notice.id, reason: (error as Error)?.message ?? String(error) });
        report.notices.push({ ...info(notice), status: "failed", problems: [{ ...internal, message: redactor.redact(internal.message) }], bug: error });
      }
    }
    const pushed = async () => {
      await sync!.release(notice.id);
      await sync!.push(`announce: ${notice.id} (${report.notices.at(-1)!.status})`);
    };
    if (sync && !(await synced(pushed))) break;
  }
  return report;
}
