/**
 * The command table: every command of `announce`, in the order `--help` lists them. A new command is one
 * file in this folder and one line here.
 */
import { adoptCommand } from "./adopt.js";
import { approveCommand } from "./approve.js";
import { checkCommand } from "./check.js";
import { correctCommand } from "./correct.js";
import type { AnyCommand } from "./command.js";
import { deleteCommand } from "./delete.js";
import { dueCommand } from "./due.js";
import { initCommand } from "./init.js";
import { logCommand } from "./log.js";
import { loginCommand } from "./login.js";
import { pauseCommand } from "./pause.js";
import { postCommand } from "./post.js";
import { previewCommand } from "./preview.js";
import { resumeCommand } from "./resume.js";
import { statusCommand } from "./status.js";
import { validateCommand } from "./validate.js";

/** Every command, in the order of `announce --help`. */
export const commands: readonly AnyCommand[] = [
  previewCommand,
  validateCommand,
  postCommand,
  statusCommand,
  deleteCommand,
  correctCommand,
  adoptCommand,
  checkCommand,
  dueCommand,
  approveCommand,
  pauseCommand,
  resumeCommand,
  logCommand,
  initCommand,
  loginCommand,
];
