/** Human and JSON renderings of `announce check`. */
import type { ChannelCheck } from "../publish/check.js";
import { errorLines, problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** `check --json` (version 1). */
export function checkJson(checks: ChannelCheck[]): Record<string, unknown> {
  return { version: 1, ok: checks.every((c) => c.ok), channels: checks.map(({ error, bug: _bug, ...c }) => ({ ...c, error: error && problemJson(error) })) };
}

/** `check` for people: per channel, the account, limits, quota, token expiry, warnings and error. */
export function formatCheck(checks: ChannelCheck[], style: Style): string {
  const out: string[] = [];
  for (const c of checks) {
    const t = ui();
    out.push(`${c.ok ? style.green("✔") : style.red("✖")} ${style.bold(c.channel)} ${style.dim(`(${c.platform})`)}${c.account ? t.check.as(c.account) : ""}`);
    if (c.limits && Object.keys(c.limits).length) out.push(`    ${t.check.limits(Object.entries(c.limits))}`);
    if (c.quota) out.push(`    ${t.check.quota(c.quota.used, c.quota.total, c.quota.window)}`);
    if (c.tokenExpiresAt) out.push(`    ${t.check.tokenExpires(c.tokenExpiresAt, c.tokenExpirySource === "config")}`);
    if (c.scopes?.length) out.push(`    ${t.check.scopes(c.scopes)}`);
    for (const w of c.warnings) out.push(`    ${style.yellow(t.common.warning)} ${w}`);
    if (c.error) out.push(...errorLines(c.error, style));
  }
  return out.join("\n");
}
