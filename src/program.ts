/**
 * The command line: the command table (src/commands/) wired into commander, the global flags, the output
 * streams and the exit codes. Nothing else lives here. Each command loads its layer only when it runs, so
 * `--help` loads no more than the definitions: keep heavy imports out of this file and of the command files.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { resolveActor } from "./commands/actor.js";
import type { AnyCommand, Bug, RunContext, View } from "./commands/command.js";
import { commands as commandTable } from "./commands/index.js";
import { globalOptions, type GlobalOptions } from "./commands/options.js";
import type { Env } from "./env.js";
import { languageOf, setLanguage } from "./language.js";
import { AnnounceError, ExitCode } from "./problems.js";
import { Redactor } from "./redact.js";
import { formatEvent } from "./report/progress.js";
import { createStyle } from "./report/style.js";
import { ui } from "./ui-texts.js";
import { VERSION } from "./version.js";

/** A stream the program writes to: the process's in the CLI, a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

/** What a run reads and where it writes. */
export interface ProgramIo {
  stdout: OutputStream;
  /** A function: creating the process's stderr costs start-up time that `--help` need not pay. */
  stderr: () => OutputStream;
  env: Env;
  cwd: string;
}

/** The process's streams and environment. `announce status x | head` closes the pipe early: that is not an error. */
export function processIo(): ProgramIo {
  const closedPipeIsFine = (stream: NodeJS.WriteStream) =>
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.Ok);
      throw error;
    });
  let stderr: NodeJS.WriteStream | undefined;
  return { stdout: closedPipeIsFine(process.stdout), stderr: () => (stderr ??= closedPipeIsFine(process.stderr)), env: process.env, cwd: process.cwd() };
}

/**
 * Runs the command line once and returns its exit code: 0 done, 1 the run failed, 2 invalid input or usage,
 * 70 a bug (printed with its stack). It throws nothing; it writes only to `io`.
 */
export async function main(argv: string[], io: ProgramIo = processIo(), commands: readonly AnyCommand[] = commandTable): Promise<ExitCode> {
  // The language is chosen once, before the help is built: --lang is read ahead of commander for that
  // (commander checks its value again), then ANNOUNCE_LANG and the locale.
  setLanguage(languageOf(langOption(argv), io.env));
  // The run's redactor: every secret the run resolves is added to it, and every line written passes it,
  // the stack of an internal error too.
  const redactor = new Redactor();
  const out = (text: string) => io.stdout.write(redactor.redact(text) + "\n");
  const err = (text: string) => io.stderr().write(redactor.redact(text) + "\n");
  let exitCode: ExitCode = ExitCode.Ok;

  /** One command: run → result → rendered (human or JSON) → exit code; expected failures are printed as problems. */
  async function execute(definition: AnyCommand, args: unknown[], options: unknown, global: GlobalOptions): Promise<ExitCode> {
    const json = global.json === true;
    const colors = (stream: OutputStream) => global.color !== false && stream.isTTY === true && !("NO_COLOR" in io.env);
    // Long lines are wrapped at the terminal's width, or at 80 columns when the output is not a terminal.
    const view: View = { style: createStyle(!json && colors(io.stdout)), cwd: io.cwd, width: io.stdout.isTTY === true && (io.stdout.columns ?? 0) >= 40 ? io.stdout.columns! : 80 };
    const errStyle = createStyle(colors(io.stderr()));
    const context: RunContext = {
      env: io.env,
      cwd: io.cwd,
      config: async () => (await import("./config/config.js")).configPath(global.config, io.env, io.cwd),
      stateDir: global.state,
      actor: async () => resolveActor(global.actor, io.env),
      redactor,
      onEvent: json
        ? undefined
        : (event) => {
            const line = formatEvent(event, errStyle);
            if (line !== undefined) err(line);
          },
      progress: json ? undefined : (line) => err(errStyle.dim(line)),
      // Image preparation can take seconds: show where it is, on a terminal only.
      onImageProgress: io.stderr().isTTY && !json ? (done, total) => io.stderr().write(done < total ? `\r\u001b[2K${ui().program.preparingImage(done + 1, total)}` : "\r\u001b[2K") : undefined,
    };

    let result: unknown;
    try {
      // The .env file beside the config fills in what the environment lacks; its values are secrets.
      const { withEnvFile } = await import("./env-file.js");
      const loaded = await withEnvFile(io.env, await context.config());
      for (const secret of loaded.secrets) redactor.add(secret);
      context.env = loaded.env;
      result = await definition.run(args, options, context);
    } catch (error) {
      if (!(error instanceof AnnounceError)) throw error;
      const { failureJson, formatProblem } = await import("./report/problems.js");
      if (json) out(JSON.stringify(failureJson(error.problems), null, 2));
      else {
        for (const problem of error.problems) out(formatProblem(problem, "error", view.style, view.cwd, view.width));
        if (error.invalidInput && definition.nothingDone) err(definition.nothingDone);
      }
      return error.exitCode;
    }

    const shown = await definition.present(result, view, options);
    if (json) out(JSON.stringify(shown.json, null, 2));
    else if (shown.human !== "") out(shown.human);
    // The report is out; the bugs it carries end the run as bugs, each with its stack.
    for (const bug of shown.bugs ?? []) err(internalError(bug));
    return shown.bugs?.length ? ExitCode.Internal : shown.exitCode;
  }

  /** The command line: the global options, then each command of the table. */
  function commandLine(): Command {
    const texts = ui().program;
    const program = new Command("announce")
      .description(texts.description)
      .version(VERSION, "-V, --version", texts.versionOption)
      .helpOption("-h, --help", texts.helpOption)
      .helpCommand("help [command]", texts.helpCommand)
      .configureHelp({ styleTitle: (title) => texts.title(title), styleOptionText: (word) => texts.usageWord(word), styleSubcommandText: (word) => texts.usageWord(word) })
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr().write(text),
        outputError: (text, write) => write(text.split("\n").map((line) => texts.usageError(line)).join("\n")),
      })
      .addHelpText("after", texts.exitHelp({ ok: ExitCode.Ok, failed: ExitCode.PublishFailed, invalid: ExitCode.InvalidInput, internal: ExitCode.Internal }))
      .showHelpAfterError(texts.helpAfterError)
      .exitOverride();
    for (const option of globalOptions) {
      const spec = new Option(option.flags, option.description);
      const { choices } = option;
      // Checked by hand rather than with commander's choices(), whose "(choices: …)" the catalogue cannot word.
      if (choices) {
        spec.argParser((value: string) => {
          if (!choices.includes(value)) throw new InvalidArgumentError(texts.choices(choices));
          return value;
        });
      }
      program.addOption(spec);
    }

    for (const definition of commands) {
      const command = program.command(definition.name).description(definition.description).helpOption("-h, --help", texts.helpOption);
      for (const argument of definition.arguments ?? []) command.argument(argument.name, argument.description);
      for (const spec of definition.options ?? []) {
        const option = new Option(spec.flags, spec.description);
        command.addOption(spec.required ? option.makeOptionMandatory() : option);
      }
      if (definition.help) command.addHelpText("after", definition.help);
      // commander passes the arguments, then the command's own options, then the command.
      command.action(async (...params: unknown[]) => {
        const self = params.at(-1) as Command;
        exitCode = await execute(definition, params.slice(0, -2), params.at(-2), self.optsWithGlobals<GlobalOptions>());
      });
    }
    return program;
  }

  try {
    await commandLine().parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code) ? ExitCode.Ok : ExitCode.InvalidInput;
    }
    err(internalError({ error }));
    return ExitCode.Internal;
  }
  return exitCode;
}

/** A bug, for stderr: where, the stack, and a request to report it. */
function internalError(bug: Partial<Bug> & { error: unknown }): string {
  const { error } = bug;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return ui().program.internalError(bug.where, detail);
}

/** The value of `--lang` (`--lang de`, `--lang=de`) before commander parses the line; the last one wins, as in commander. */
function langOption(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (arg === "--lang") value = argv[i + 1];
    else if (arg.startsWith("--lang=")) value = arg.slice("--lang=".length);
  }
  return value;
}
