/** Human and JSON renderings of `announce login`. */
import path from "node:path";
import type { LoginReport } from "../publish/login.js";
import { ui } from "../ui-texts.js";
import type { Style } from "./style.js";

/** `login --json` (version 1). */
export function loginJson(report: LoginReport): Record<string, unknown> {
  return { ...report };
}

/** `login` for people: where the secret went, whose it is, what else to set, how to go on. */
export function formatLogin(report: LoginReport, style: Style, cwd: string): string {
  const t = ui().login;
  if (report.pending) {
    return [`${style.yellow("…")} ${style.bold(report.channel)}: ${t.waiting}`, ...(report.pending.url ? [t.open(report.pending.url)] : []), t.thenRun(report.pending.next)].join("\n");
  }
  const out = [`${style.green("✔")} ${style.bold(report.channel)} ${t.worksAs(report.platform, report.account ?? "?")}`];
  if (report.written) out.push(t.written(report.variable, path.relative(cwd, report.written) || report.written));
  if (report.secretLine) out.push(report.secretLine);
  out.push(t.ciSecret(report.variable));
  if (report.expiresAt) out.push(t.expires(report.expiresAt));
  const settings = report.settings ?? {};
  const shown = (keys: string[]) => keys.map((k) => `${k}: ${JSON.stringify(settings[k])}`).join(", ");
  const edit = report.config;
  if (edit) {
    const file = path.relative(cwd, edit.file) || edit.file;
    if (edit.written.length > 0) out.push(t.configWritten(report.channel, file, shown(edit.written)));
    // The keys to set by hand, one line per reason.
    for (const reason of [...new Set(edit.kept.map((k) => k.reason))]) {
      const keys = edit.kept.filter((k) => k.reason === reason).map((k) => k.key);
      out.push(t.settings(report.channel, file, shown(keys), t.notWritten(reason, edit.errno)));
    }
  }
  for (const note of report.notes) out.push(`  ${style.dim(note)}`);
  return out.join("\n");
}
