/**
 * The command line: commands, flags, output and exit codes. Nothing else lives here; every command's work
 * is in src/commands/ and src/publish/, loaded only when that command runs (so `--help` stays fast).
 */
import type { Command as CommandType } from "commander";
import type { Problem } from "./problems.js";
import { Redactor } from "./redact.js";
import { createStyle } from "./report/style.js";
import { VERSION } from "./version.js";

// `announce status x | head` closes the pipe early: that is not an error. (stderr gets the same handler
// when it is first written to: creating the stream costs start-up time that --help need not pay.)
const closedPipeIsFine = (stream: NodeJS.WriteStream) =>
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
closedPipeIsFine(process.stdout);
let stderrStream: NodeJS.WriteStream | undefined;
/** Every secret the run has resolved; all output passes through it, also that of an internal error. */
const redactor = new Redactor();
const stderr = () => (stderrStream ??= closedPipeIsFine(process.stderr));
const { Command, CommanderError, Option } = await import("commander");

const EXIT_HELP = `
Exit codes:
  0   success: everything selected was done (or the input is valid)
  1   publishing failed on at least one channel (the report says which and why)
  2   invalid input, config or usage: nothing was published
  70  internal error (a bug): please report it with the output

Environment:
  ANNOUNCE_CONFIG   config file when --config is not given (default: ./channels.yaml)
  ANNOUNCE_ACTOR    who acts, for the audit log, when --actor is not given
  NO_COLOR          disable colours (colours are only used on a terminal anyway)
  ANNOUNCE_LOCK_WAIT_MS, ANNOUNCE_LOCK_STALE_MS, ANNOUNCE_GIT_PUSH_ATTEMPTS
                    tuning of the lock and of due --git (see the README)
  Tokens come from the variables the config names, e.g. access_token: \${MASTODON_TOKEN}.`;

interface GlobalOptions {
  config?: string;
  json?: boolean;
  color?: boolean;
  state?: string;
  actor?: string;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command("announce")
    .description("Publish one Markdown notice to Mastodon, Bluesky, Facebook, Instagram, LinkedIn and Threads.")
    .version(VERSION, "-V, --version")
    .option("-c, --config <path>", "channels config file (default: $ANNOUNCE_CONFIG or ./channels.yaml)")
    .option("--state <dir>", "state folder for the ledger and sessions (default: from the config, .announce)")
    .option("--actor <name>", "who acts, for the audit log (default: $ANNOUNCE_ACTOR, the CI user, or the login name)")
    .option("--json", "machine-readable JSON output on stdout")
    .option("--no-color", "no colours in the output")
    .addHelpText("after", EXIT_HELP)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();

  const context = (command: CommandType) => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const env = process.env;
    const cwd = process.cwd();
    const actor = async () => (await import("./commands/actor.js")).resolveActor(options.actor, env);
    const colors = options.color !== false && !options.json && process.stdout.isTTY === true && !("NO_COLOR" in env);
    const style = createStyle(colors);
    const errStyle = createStyle(options.color !== false && stderr().isTTY === true && !("NO_COLOR" in env));
    return {
      options,
      env,
      cwd,
      redactor,
      actor,
      style,
      out: (text: string) => process.stdout.write(redactor.redact(text) + "\n"),
      err: (text: string) => stderr().write(redactor.redact(text) + "\n"),
      errStyle,
    };
  };
  type Context = ReturnType<typeof context>;

  /** Input problems: printed (or as JSON), exit 2. */
  const reportProblems = async (ctx: Context, problems: Problem[]) => {
    const { formatProblem, problemJson } = await import("./report/problems.js");
    if (ctx.options.json) ctx.out(JSON.stringify({ version: 1, ok: false, problems: problems.map(problemJson) }, null, 2));
    else for (const p of problems) ctx.out(formatProblem(p, "error", ctx.style, ctx.cwd));
    if (!ctx.options.json) ctx.err("Nothing was published.");
    return 2;
  };

  /** Runs a publishing command, mapping input problems to exit 2 and a held lock to exit 1. */
  const guarded = async (ctx: Context, run: () => Promise<number>): Promise<number> => {
    const { AnnounceError, InvalidInputError } = await import("./problems.js");
    try {
      return await run();
    } catch (error) {
      if (error instanceof InvalidInputError) return reportProblems(ctx, error.problems);
      if (error instanceof AnnounceError) {
        const { formatProblem, problemJson } = await import("./report/problems.js");
        if (ctx.options.json) ctx.out(JSON.stringify({ version: 1, ok: false, problems: [problemJson(error.toProblem())] }, null, 2));
        else ctx.out(formatProblem(error.toProblem(), "error", ctx.style, ctx.cwd));
        return 1;
      }
      throw error;
    }
  };

  const progress = (ctx: Context) => {
    if (ctx.options.json) return undefined;
    const s = ctx.errStyle;
    return (event: import("./publish/pipeline.js").PublishEvent) => {
      if (event.type === "connecting") ctx.err(s.dim(`… ${event.channel}: connecting`));
      else if (event.type === "publishing") ctx.err(s.dim(`… ${event.channel}: post ${event.index + 1}/${event.total}`));
      else if (event.type === "retrying") ctx.err(s.yellow(`… ${event.channel}: ${event.reason}, retrying in ${(event.waitMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1})`));
      else if (event.type === "reconciled") ctx.err(s.dim(`… ${event.channel}: post ${event.index + 1} was already there, not posted again`));
      else if (event.type === "channel-done") ctx.err(`${event.report.status === "published" ? s.green("✔") : s.red("✖")} ${event.channel}: ${event.report.status}`);
    };
  };

  const configOf = async (ctx: Context) => (await import("./config/config.js")).configPath(ctx.options.config, ctx.env, ctx.cwd);

  program
    .command("preview")
    .description("show exactly what each channel will receive (no network)")
    .argument("<notice>", "the notice file (Markdown with YAML front matter)")
    .addOption(new Option("--channel <name...>", "only these channels (names or platform ids)"))
    .option("--no-images", "skip image preparation (faster; sizes are not shown)")
    .addHelpText("after", "\nExample:\n  announce preview notices/2026-11-29-bombe.md --channel stadt-mastodon")
    .action(async (notice: string, opts: { channel?: string[]; images: boolean }, command: CommandType) => {
      const ctx = context(command);
      const { preview } = await import("./plan/preview.js");
      const { formatPlan, planJson } = await import("./report/preview.js");
      const { formatProblem, problemJson } = await import("./report/problems.js");
      // Image preparation can take seconds: show where it is, on a terminal only.
      const onProgress = stderr().isTTY && !ctx.options.json ? (done: number, total: number) => stderr().write(done < total ? `\r\u001b[2Kpreparing image ${done + 1}/${total}` : "\r\u001b[2K") : undefined;
      const result = await preview({ notice, config: await configOf(ctx), env: ctx.env, only: opts.channel, images: opts.images, onProgress });
      const problems = [...result.problems, ...(result.plan?.problems ?? [])];
      if (ctx.options.json) {
        ctx.out(JSON.stringify(result.plan ? { ...planJson(result.plan), problems: problems.map(problemJson), warnings: [...result.plan.warnings, ...result.warnings].map(problemJson) } : { version: 1, problems: problems.map(problemJson) }, null, 2));
      } else {
        if (result.plan) ctx.out(formatPlan(result.plan, ctx.style, ctx.cwd));
        for (const w of result.warnings) ctx.out(formatProblem(w, "warning", ctx.style, ctx.cwd));
        for (const p of result.problems) ctx.out(formatProblem(p, "error", ctx.style, ctx.cwd));
      }
      exitCode = problems.length > 0 ? 2 : 0;
    });

  program
    .command("validate")
    .description("check notices and the config; list every problem at once (no network)")
    .argument("<notices...>", "notice files")
    .option("--no-secrets", "do not require the secrets' environment variables")
    .addHelpText("after", "\nExample:\n  announce validate notices/*.md")
    .action(async (notices: string[], opts: { secrets: boolean }, command: CommandType) => {
      const ctx = context(command);
      const { validate } = await import("./plan/validate.js");
      const { formatValidation, validationJson } = await import("./report/validate.js");
      const result = await validate({ notices, config: await configOf(ctx), env: ctx.env, secrets: opts.secrets });
      ctx.out(ctx.options.json ? JSON.stringify(validationJson(result), null, 2) : formatValidation(result, ctx.style, ctx.cwd));
      exitCode = result.valid ? 0 : 2;
    });

  program
    .command("post")
    .description("publish a notice to every selected channel; safe to re-run (nothing is posted twice)")
    .argument("<notice>", "the notice file")
    .addOption(new Option("--channel <name...>", "only these channels (names or platform ids)"))
    .option("--dry-run", "check credentials and live limits, print the plan, publish nothing")
    .option("--now", "publish even though publish_at is still in the future")
    .addHelpText("after", "\nExamples:\n  announce post notices/2026-11-29-bombe.md\n  announce post notices/2026-11-29-bombe.md --dry-run --json")
    .action(async (notice: string, opts: { channel?: string[]; dryRun?: boolean; now?: boolean }, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { publishNotice } = await import("./publish/pipeline.js");
        const { formatPublish, publishJson } = await import("./report/publish.js");
        const report = await publishNotice({ notice, config: await configOf(ctx), env: ctx.env, only: opts.channel, dryRun: opts.dryRun, now: opts.now, stateDir: ctx.options.state, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: progress(ctx) });
        if (opts.dryRun && !ctx.options.json) {
          const { formatPlan } = await import("./report/preview.js");
          ctx.out(formatPlan(report.plan, ctx.style, ctx.cwd) + "\n");
        }
        ctx.out(ctx.options.json ? JSON.stringify(publishJson(report), null, 2) : formatPublish(report, ctx.style));
        return report.channels.some((c) => c.status === "failed" || c.status === "changed") ? 1 : 0;
      });
    });

  program
    .command("status")
    .description("show, per channel, what of a notice is published, pending or failed, and whether it changed since")
    .argument("<notice>", "the notice file")
    .addHelpText("after", "\nExample:\n  announce status notices/2026-11-29-bombe.md --json")
    .action(async (notice: string, _opts: unknown, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { noticeStatus } = await import("./publish/status.js");
        const { formatStatus, statusJson } = await import("./report/publish.js");
        const report = await noticeStatus({ notice, config: await configOf(ctx), env: ctx.env, stateDir: ctx.options.state });
        ctx.out(ctx.options.json ? JSON.stringify(statusJson(report), null, 2) : formatStatus(report, ctx.style));
        return 0;
      });
    });

  program
    .command("delete")
    .description("remove every published post of a notice (all posts of a thread); safe to re-run")
    .argument("<notice>", "the notice file")
    .addOption(new Option("--channel <name...>", "only these channels (names or platform ids)"))
    .addHelpText("after", "\nExample:\n  announce delete notices/2026-11-29-bombe.md --channel stadt-mastodon")
    .action(async (notice: string, opts: { channel?: string[] }, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { deleteNotice } = await import("./publish/remove.js");
        const { deleteJson, formatDelete } = await import("./report/publish.js");
        const report = await deleteNotice({ notice, config: await configOf(ctx), env: ctx.env, only: opts.channel, stateDir: ctx.options.state, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: progress(ctx) });
        ctx.out(ctx.options.json ? JSON.stringify(deleteJson(report), null, 2) : formatDelete(report, ctx.style));
        return report.channels.some((c) => c.status === "failed") ? 1 : 0;
      });
    });

  program
    .command("check")
    .description("connect to every channel: credentials, permissions, live limits, quotas, token expiry")
    .addOption(new Option("--channel <name...>", "only these channels (names or platform ids)"))
    .addHelpText("after", "\nExample:\n  announce check --channel stadt-linkedin")
    .action(async (opts: { channel?: string[] }, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { checkChannels } = await import("./publish/check.js");
        const { checkJson, formatCheck } = await import("./report/governance.js");
        const checks = await checkChannels({ config: await configOf(ctx), env: ctx.env, only: opts.channel, stateDir: ctx.options.state, redactor: ctx.redactor });
        ctx.out(ctx.options.json ? JSON.stringify(checkJson(checks), null, 2) : formatCheck(checks, ctx.style));
        return checks.every((c) => c.ok) ? 0 : 1;
      });
    });

  program
    .command("due")
    .description("publish every notice under DIR whose time has come and that is not fully published")
    .argument("<dir>", "folder of notices (searched recursively)")
    .option("--git", "claim each notice through git before publishing and push the ledger (for CI)")
    .addHelpText("after", "\nExample (CI, every 10 minutes):\n  announce due notices/ --git --json > report.json")
    .action(async (dir: string, opts: { git?: boolean }, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { publishDue } = await import("./publish/due.js");
        const { dueJson, formatDue } = await import("./report/governance.js");
        const report = await publishDue({ dir, config: await configOf(ctx), env: ctx.env, stateDir: ctx.options.state, redactor: ctx.redactor, actor: await ctx.actor(), git: opts.git, onEvent: progress(ctx) });
        ctx.out(ctx.options.json ? JSON.stringify(dueJson(report), null, 2) : formatDue(report, ctx.style));
        return report.notices.some((n) => n.status === "failed" || n.status === "blocked") || report.problems?.length ? 1 : 0;
      });
    });

  program
    .command("approve")
    .description("record an approval of the notice's exact content (four-eyes principle)")
    .argument("<notice>", "the notice file")
    .requiredOption("--by <name>", "who approves (must not be the notice's author)")
    .addHelpText("after", "\nExample:\n  announce approve notices/2026-11-29-bombe.md --by \"A. Schmidt\"")
    .action(async (notice: string, opts: { by: string }, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { approveNotice } = await import("./commands/governance.js");
        const approval = await approveNotice({ notice, by: opts.by, config: await configOf(ctx), env: ctx.env, stateDir: ctx.options.state, actor: await ctx.actor() });
        ctx.out(ctx.options.json ? JSON.stringify({ version: 1, approval }, null, 2) : `Approved ${approval.notice} by ${approval.by} (${approval.content.slice(0, 19)}…). Any edit voids this approval.`);
        return 0;
      });
    });

  program
    .command("pause")
    .description("stop due from publishing, and post from publishing non-urgent notices, until resume")
    .requiredOption("--reason <text>", "why (shown in every report)")
    .addHelpText("after", "\nExample:\n  announce pause --reason \"Trauertag nach dem Unglück\"")
    .action(async (opts: { reason: string }, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { pausePublishing } = await import("./commands/governance.js");
        const state = await pausePublishing({ reason: opts.reason, config: await configOf(ctx), env: ctx.env, stateDir: ctx.options.state, actor: await ctx.actor() });
        ctx.out(ctx.options.json ? JSON.stringify({ version: 1, paused: state }, null, 2) : `Paused: ${opts.reason}\nOnly urgent notices are published until: announce resume`);
        return 0;
      });
    });

  program
    .command("resume")
    .description("end a pause")
    .action(async (_opts: unknown, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { resumePublishing } = await import("./commands/governance.js");
        const previous = await resumePublishing({ config: await configOf(ctx), env: ctx.env, stateDir: ctx.options.state, actor: await ctx.actor() });
        ctx.out(ctx.options.json ? JSON.stringify({ version: 1, resumed: previous ?? null }, null, 2) : previous ? `Resumed (the pause was: ${previous.reason}).` : "Publishing was not paused.");
        return 0;
      });
    });

  program
    .command("log")
    .description("show the audit log (every post, delete, approve, pause, resume)")
    .argument("[notice]", "only the records of this notice (file or id)")
    .action(async (notice: string | undefined, _opts: unknown, command: CommandType) => {
      const ctx = context(command);
      exitCode = await guarded(ctx, async () => {
        const { auditLog } = await import("./commands/governance.js");
        const { formatLog } = await import("./report/governance.js");
        const records = await auditLog({ notice, config: await configOf(ctx), env: ctx.env, stateDir: ctx.options.state });
        ctx.out(ctx.options.json ? JSON.stringify({ version: 1, records }, null, 2) : formatLog(records, ctx.style));
        return 0;
      });
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stderr().write(redactor.redact(`announce: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`));
    process.exitCode = 70;
  },
);
