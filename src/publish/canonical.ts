/**
 * The canonical outlet (the website channel, a platform with `canonicalUrl`): it publishes before the
 * other channels, whose posts link to its page, and once they are out its page lists their copies.
 */
import { isPlatformId, platformById } from "../platforms/index.js";
import type { Redactor } from "../redact.js";
import type { Connected } from "./connect.js";
import { isClassified, type ChannelReport } from "./results.js";

/** The channels of canonical outlets, and the others. */
export function canonicalFirst(connected: Connected[]): [Connected[], Connected[]] {
  const isCanonical = (c: Connected) => platformById(c.channel.platform).canonicalUrl !== undefined;
  return [connected.filter(isCanonical), connected.filter((c) => !isCanonical(c))];
}

/**
 * Tells each canonical outlet the copies on the other channels that are out (their first post; earlier
 * runs' posts included). A failure to write it is a warning on the outlet's report; a bug is kept in the
 * report's `bug`, so the run still ends with exit 70 after the report.
 */
export async function listCopies(outlets: Connected[], reports: ChannelReport[], noticeId: string, redactor: Redactor, signal: AbortSignal): Promise<void> {
  const copies = reports.flatMap((report) => {
    const platform = isPlatformId(report.platform) ? platformById(report.platform) : undefined;
    const url = report.posts.find((p) => p.index === 0)?.url;
    // A failed channel may have posts out (the start of a thread): they are copies too.
    const out = report.status === "published" || report.status === "failed";
    return platform && platform.canonicalUrl === undefined && url !== undefined && out ? [{ report, name: platform.name, url }] : [];
  });
  const count = (platform: string) => copies.filter((c) => c.report.platform === platform).length;
  // Two channels of one platform (two Mastodon accounts) are told apart by their account.
  const named = copies.map(({ report, name, url }) => ({ name: count(report.platform) > 1 ? `${name} (${report.account ?? report.channel})` : name, url }));
  for (const outlet of outlets) {
    const report = reports.find((r) => r.channel === outlet.channel.name);
    if (!outlet.connection.listCopies || report?.status !== "published") continue;
    try {
      await outlet.connection.listCopies(noticeId, named, signal);
    } catch (error) {
      outlet.warn(redactor.redact((error as Error).message));
      if (!isClassified(error)) report.bug ??= error;
    }
  }
}
