/** Progress of publishing, deleting and `due`, as the lines shown on stderr (not with `--json`). */
import type { PublishEvent } from "../publish/results.js";
import type { Style } from "./style.js";

/** The line for one progress event, or undefined for an event not shown. */
export function formatEvent(event: PublishEvent, style: Style): string | undefined {
  switch (event.type) {
    case "connecting":
      return style.dim(`… ${event.channel}: connecting`);
    case "publishing":
      return style.dim(`… ${event.channel}: post ${event.index + 1}/${event.total}`);
    case "retrying":
      return style.yellow(`… ${event.channel}: ${event.reason}, retrying in ${(event.waitMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1})`);
    case "reconciled":
      return style.dim(`… ${event.channel}: post ${event.index + 1} was already there, not posted again`);
    case "channel-done":
      return `${event.report.status === "published" ? style.green("✔") : style.red("✖")} ${event.channel}: ${event.report.status}`;
    default:
      return undefined;
  }
}
