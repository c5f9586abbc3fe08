/** Progress of publishing, deleting and `due`, as the lines shown on stderr (not with `--json`). */
import type { PublishEvent } from "../publish/results.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/**
 * The line for one progress event, or undefined for an event not shown. `notice` (set by `due`, which
 * publishes several) starts each line with the notice's id.
 */
export function formatEvent(event: PublishEvent & { notice?: string }, style: Style): string | undefined {
  const line = eventLine(event, style);
  return line !== undefined && event.notice !== undefined && event.type !== "notice" ? `${style.dim(`[${event.notice}]`)} ${line}` : line;
}

function eventLine(event: PublishEvent, style: Style): string | undefined {
  switch (event.type) {
    case "notice":
      return style.bold(ui().progress.notice(event.id, event.title, event.urgent));
    case "connecting":
      return style.dim(ui().progress.connecting(event.channel));
    case "connect-retry":
      return style.yellow(ui().progress.connectRetry(event.channel, event.reason, event.attempt, event.attempts, event.waitMs));
    case "connected":
      return style.dim(ui().progress.connected(event.channel, event.account));
    case "publishing":
      return style.dim(ui().progress.publishing(event.channel, event.index + 1, event.total));
    case "uploading":
      return style.dim(ui().progress.uploading(event.channel, event.image + 1, event.images));
    case "retrying":
      return style.yellow(ui().progress.retrying(event.channel, event.index + 1, event.reason, event.waitMs, event.attempt + 1, event.attempts));
    case "reconciled":
      return style.dim(ui().progress.reconciled(event.channel, event.index + 1));
    case "channel-done": {
      const { report } = event;
      if (report.rejected) return style.red(style.bold(ui().progress.rejected(event.channel, report.error?.code ?? "?")));
      const ok = report.status === "published" || report.status === "planned" || report.status === "skipped";
      return `${ok ? style.green("✔") : style.red("✖")} ${event.channel}: ${ui().common.status(report.status)}${report.error ? ` (${report.error.code})` : ""}`;
    }
    case "finished": {
      const line = ui().progress.finished({ ...event, total: event.published + event.failed.length + event.skipped });
      return `${event.failed.length > 0 ? style.yellow("■") : style.green("■")} ${line}`;
    }
    default:
      return undefined;
  }
}
