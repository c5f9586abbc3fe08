/**
 * What a command is: its arguments, options and help, a `run` that calls the layer below and returns a
 * result, and a `present` that renders that result (human and JSON, from report/) with its exit code.
 * src/program.ts only wires these definitions into the command line; it prints and exits, nothing here does.
 *
 * A command file imports only types and light modules at the top: `--help` loads every definition, so
 * each command loads its layer (and its renderers) with `await import` when it runs.
 */
import type { Env } from "../env.js";
import type { ExitCode } from "../problems.js";
import type { PublishEvent } from "../publish/results.js";
import type { Redactor } from "../redact.js";
import type { Style } from "../report/style.js";
import { ui } from "../ui-texts.js";

/** An option, in commander's syntax; shared ones are declared once in ./options.ts and reused. */
export interface OptionSpec {
  /** E.g. `--channel <name...>`, `--no-images`. */
  readonly flags: string;
  readonly description: string;
  /** The command cannot run without it (`approve --by`). */
  readonly required?: boolean;
  /** The values it accepts, when they are a fixed few (`--lang de|en`). */
  readonly choices?: readonly string[];
}

/** A positional argument, in commander's syntax: `<notice>`, `[notice]`, `<notices...>`. */
export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
}

/** What every command's run may use: the run's context, resolved by the program from the global flags. */
export interface RunContext {
  env: Env;
  cwd: string;
  /** The config file: `--config`, else $ANNOUNCE_CONFIG, else ./channels.yaml (loads the config module). */
  config(): Promise<string>;
  /** `--state`: overrides the config's state folder. */
  stateDir?: string;
  /** Who acts, for the audit log: `--actor`, $ANNOUNCE_ACTOR, the CI user or the login name. */
  actor(): Promise<string>;
  /** The run's redactor: every secret resolved during the run is added to it; all output passes it. */
  redactor: Redactor;
  /** Progress of publishing, deleting or `due` (not with `--json`). */
  onEvent?: (event: PublishEvent) => void;
  /** A line saying what slow work is under way (not with `--json`), e.g. init asking npm for the lockfile. */
  progress?: (line: string) => void;
  /** Progress of image preparation, on a terminal only. */
  onImageProgress?: (done: number, total: number) => void;
}

/** How the human output is rendered. */
export interface View {
  style: Style;
  /** Paths under it are shown relative to it. */
  cwd: string;
  /** Columns to wrap long lines at: the terminal's width, 80 when the output is not a terminal. */
  width?: number;
}

/** An error that is a bug, found in a result (a channel whose code threw): printed with its stack; exit 70. */
export interface Bug {
  /** Where it happened, e.g. `channel stadt-mastodon` or `notice bombe, channel stadt-mastodon`. */
  where: string;
  error: unknown;
}

/** A result, rendered: what `--json` prints, what people read, and how the CLI exits. */
export interface Presentation {
  /** The `--json` document (version 1). */
  json: unknown;
  /** The human rendering (stdout). */
  human: string;
  exitCode: ExitCode;
  /** Bugs the result carries: after the output, each is printed with its stack and the CLI exits 70. */
  bugs?: Bug[];
}

/** One command of the table. `Args` are the positional arguments in order, `Options` its own options. */
export interface CommandDefinition<Args extends unknown[] = unknown[], Options = Record<string, unknown>, Result = unknown> {
  name: string;
  /** One line, for the command list in `announce --help`. */
  description: string;
  arguments?: readonly ArgumentSpec[];
  options?: readonly OptionSpec[];
  /** Shown after the options in `announce <command> --help` (examples). */
  help?: string;
  /**
   * Said on stderr when invalid input stops the command: only a command that would have acted says what
   * it did not do ("Nothing was published.").
   */
  nothingDone?: string;
  /** Does the work: loads the layer below lazily and returns its result. Expected failures are thrown as AnnounceErrors. */
  run(args: Args, options: Options, context: RunContext): Promise<Result>;
  /** Renders the result (loading report/ lazily) and decides the exit code. */
  present(result: Result, view: View, options: Options): Promise<Presentation>;
}

/** A command of any arguments, options and result: what the table holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table erases each command's own types; each definition is checked where it is made
export type AnyCommand = CommandDefinition<any, any, any>;

/**
 * An option whose description the catalogue words (src/ui-texts.ts), read when the help is built: after
 * the run has chosen its language.
 */
export function option(flags: string, description: () => string, more: { required?: boolean } = {}): OptionSpec {
  return {
    flags,
    ...more,
    get description() {
      return description();
    },
  };
}

/** A positional argument whose description the catalogue words (see {@link option}). */
export function argument(name: string, description: () => string): ArgumentSpec {
  return {
    name,
    get description() {
      return description();
    },
  };
}

/** Defines a command with its types checked (a function only so that the types are inferred). */
export function defineCommand<Args extends unknown[], Options, Result>(definition: CommandDefinition<Args, Options, Result>): CommandDefinition<Args, Options, Result> {
  return definition;
}

/** The bugs among channel reports (`bug`: the original error of a channel whose code threw). */
export function channelBugs(channels: readonly { channel: string; bug?: unknown }[], prefix = ""): Bug[] {
  return channels.filter((c) => c.bug !== undefined).map((c) => ({ where: `${prefix}${ui().program.inChannel(c.channel)}`, error: c.bug }));
}
