/** Human and JSON renderings of `announce login`. */
import path from "node:path";
import type { LoginReport } from "../publish/login.js";
import type { Style } from "./style.js";

/** `login --json` (version 1). */
export function loginJson(report: LoginReport): Record<string, unknown> {
  return { ...report };
}

/** `login` for people: where the secret went, whose it is, what else to set, how to go on. */
export function formatLogin(report: LoginReport, style: Style, cwd: string): string {
  if (report.pending) {
    return [
      `${style.yellow("…")} ${style.bold(report.channel)}: waiting for the authorization.`,
      ...(report.pending.url ? [`  Open: ${report.pending.url}`] : []),
      `  Then run: ${report.pending.next}`,
    ].join("\n");
  }
  const out = [`${style.green("✔")} ${style.bold(report.channel)} (${report.platform}) works as ${report.account}.`];
  if (report.written) out.push(`  ${report.variable} written to ${path.relative(cwd, report.written) || report.written} (mode 0600, not committed).`);
  if (report.secretLine) out.push(report.secretLine);
  out.push(`  In CI, store it as the secret ${report.variable}.`);
  if (report.expiresAt) out.push(`  Expires ${report.expiresAt}: set token_expires_at: ${report.expiresAt.slice(0, 10)} in the channel, and check warns in time.`);
  if (report.settings) out.push(`  Set in channels.yaml under ${report.channel}: ${Object.entries(report.settings).map(([k, v]) => `${k}: "${v}"`).join(", ")}`);
  for (const note of report.notes) out.push(`  ${style.dim(note)}`);
  return out.join("\n");
}
