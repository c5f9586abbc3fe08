/** Progress of publishing, deleting and `due`, as the lines shown on stderr (not with `--json`). */
import type { PublishEvent } from "../publish/results.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** The line for one progress event, or undefined for an event not shown. */
export function formatEvent(event: PublishEvent, style: Style): string | undefined {
  switch (event.type) {
    case "connecting":
      return style.dim(ui().progress.connecting(event.channel));
    case "publishing":
      return style.dim(ui().progress.publishing(event.channel, event.index + 1, event.total));
    case "retrying":
      return style.yellow(ui().progress.retrying(event.channel, event.reason, event.waitMs, event.attempt + 1));
    case "reconciled":
      return style.dim(ui().progress.reconciled(event.channel, event.index + 1));
    case "channel-done":
      return `${event.report.status === "published" ? style.green("✔") : style.red("✖")} ${event.channel}: ${ui().common.status(event.report.status)}`;
    default:
      return undefined;
  }
}
