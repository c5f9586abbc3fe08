/**
 * Options more than one command takes, declared once. The global ones are the program's (they may stand
 * before or after the command: `announce --actor X post …`); `--channel` belongs to the commands that
 * select channels.
 */
import { LANGUAGES } from "../language.js";
import { ui } from "../ui-texts.js";
import type { OptionSpec } from "./command.js";

/** The global options, as the program parses them. */
export interface GlobalOptions {
  config?: string;
  state?: string;
  actor?: string;
  json?: boolean;
  /** False with `--no-color`. */
  color?: boolean;
  /** `--lang de|en`: the language of the output (read by the program before parsing; see src/language.ts). */
  lang?: string;
}

/**
 * `--config`, `--state`, `--actor`, `--json`, `--no-color`, `--lang`: every command's context is made from
 * them. Descriptions are getters: the catalogue words them in the language the run chose, after this
 * module is loaded.
 */
export const globalOptions: readonly OptionSpec[] = [
  {
    flags: "-c, --config <path>",
    get description() {
      return ui().options.config;
    },
  },
  {
    flags: "--state <dir>",
    get description() {
      return ui().options.state;
    },
  },
  {
    flags: "--actor <name>",
    get description() {
      return ui().options.actor;
    },
  },
  {
    flags: "--json",
    get description() {
      return ui().options.json;
    },
  },
  {
    flags: "--no-color",
    get description() {
      return ui().options.color;
    },
  },
  {
    flags: "--lang <language>",
    choices: LANGUAGES,
    get description() {
      return ui().options.lang;
    },
  },
];

/** `--channel NAME...`: only these channels (preview, post, delete, check). */
export const channelOption: OptionSpec = {
  flags: "--channel <name...>",
  get description() {
    return ui().options.channel;
  },
};

/** What `--channel` parses to. */
export interface ChannelSelection {
  channel?: string[];
}

/** `--dry-run`: do everything up to the change and show it (post, correct: check and plan; adopt: look), change nothing. */
export const dryRunOption: OptionSpec = {
  flags: "--dry-run",
  get description() {
    return ui().options.dryRun;
  },
};
