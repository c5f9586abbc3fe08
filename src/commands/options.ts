/**
 * Options more than one command takes, declared once. The global ones are the program's (they may stand
 * before or after the command: `announce --actor X post …`); `--channel` belongs to the commands that
 * select channels.
 */
import type { OptionSpec } from "./command.js";

/** The global options, as the program parses them. */
export interface GlobalOptions {
  config?: string;
  state?: string;
  actor?: string;
  json?: boolean;
  /** False with `--no-color`. */
  color?: boolean;
}

/** `--config`, `--state`, `--actor`, `--json`, `--no-color`: every command's context is made from them. */
export const globalOptions: readonly OptionSpec[] = [
  { flags: "-c, --config <path>", description: "channels config file (default: $ANNOUNCE_CONFIG or ./channels.yaml)" },
  { flags: "--state <dir>", description: "state folder for the ledger and sessions (default: from the config, .announce)" },
  { flags: "--actor <name>", description: "who acts, for the audit log (default: $ANNOUNCE_ACTOR, the CI user, or the login name)" },
  { flags: "--json", description: "machine-readable JSON output on stdout" },
  { flags: "--no-color", description: "no colours in the output" },
];

/** `--channel NAME...`: only these channels (preview, post, delete, check). */
export const channelOption: OptionSpec = { flags: "--channel <name...>", description: "only these channels (names or platform ids)" };

/** What `--channel` parses to. */
export interface ChannelSelection {
  channel?: string[];
}

/** `--dry-run`: do everything up to the change and show it (post, correct: check and plan; adopt: look), change nothing. */
export const dryRunOption: OptionSpec = { flags: "--dry-run", description: "check and show what would be done (post, correct: credentials, live limits, the plan; adopt: what is found); publish or record nothing" };
