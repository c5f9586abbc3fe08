/** Progress of publishing, deleting and `due`, as the lines shown on stderr (not with `--json`). */
import type { PublishEvent } from "../publish/results.js";
import type { Style } from "./style.js";

/** A failure's code in the words of a progress line. */
const REASONS: Record<string, string> = {
  TIMEOUT: "no answer",
  NETWORK: "no connection",
  RATE_LIMITED: "rate limited",
  SERVER_ERROR: "server error",
  MEDIA_PROCESSING: "image still processing",
  CONTAINER_TIMEOUT: "media still processing",
  NOT_READY: "media still processing",
};
const reason = (code: string) => (REASONS[code] ? `${REASONS[code]} (${code})` : code);
const seconds = (ms: number) => (ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000)));

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
      return style.bold(`▶ ${event.id}: ${event.title}${event.urgent ? " (urgent)" : ""}`);
    case "connecting":
      return style.dim(`… ${event.channel}: connecting`);
    case "connect-retry":
      return style.yellow(`… ${event.channel}: ${reason(event.reason)}, retry ${event.attempt}/${event.attempts} in ${seconds(event.waitMs)} s`);
    case "connected":
      return style.dim(`… ${event.channel}: connected as ${event.account}`);
    case "publishing":
      return style.dim(`… ${event.channel}: post ${event.index + 1}/${event.total}`);
    case "uploading":
      return style.dim(`… ${event.channel}: uploading image ${event.image + 1}/${event.images}`);
    case "retrying":
      return style.yellow(
        `… ${event.channel}: post ${event.index + 1}: ${reason(event.reason)}, retrying in ${seconds(event.waitMs)} s (attempt ${event.attempt + 1}${event.attempts ? `/${event.attempts}` : ""})`,
      );
    case "reconciled":
      return style.dim(`… ${event.channel}: post ${event.index + 1} was already there, not posted again`);
    case "channel-done": {
      const { report } = event;
      if (report.rejected) return style.red(style.bold(`✖ ${event.channel}: FAILED, its credentials were rejected (${report.error?.code}); the other channels go ahead`));
      const ok = report.status === "published" || report.status === "planned" || report.status === "skipped";
      return `${ok ? style.green("✔") : style.red("✖")} ${event.channel}: ${report.status}${report.error ? ` (${report.error.code})` : ""}`;
    }
    case "finished": {
      const total = event.published + event.failed.length + event.skipped;
      const done = event.dryRun ? `ready on ${event.published} of ${total} channels` : `published on ${event.published} of ${total} channels`;
      const failed = event.failed.length > 0 ? `; failed: ${event.failed.join(", ")}` : "";
      const again = event.failed.length > 0 && !event.dryRun ? " (run the same command again to finish)" : "";
      return `${event.failed.length > 0 ? style.yellow("■") : style.green("■")} ${done}${failed}${again}, in ${seconds(event.elapsedMs)} s`;
    }
    default:
      return undefined;
  }
}
