/** Human and JSON renderings of a plan (`announce preview`). */
import type { Plan } from "../plan/plan.js";
import { platformById } from "../platforms/index.js";
import { DEFAULT_WIDTH, formatProblem, problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** The documented, stable JSON shape of a plan (version 1). */
export function planJson(plan: Plan): Record<string, unknown> {
  return {
    version: 1,
    notice: plan.notice,
    channels: plan.channels.map((c) => ({
      channel: c.channel,
      platform: c.platform,
      status: c.status,
      reason: c.reason,
      limits: c.limits,
      posts: c.posts.map((p) => {
        // The platform says what else its post carries; the shape of these keys is the plan's JSON format.
        const details = platformById(c.platform).details(p);
        return { text: p.text, length: p.length, limit: p.limit, unit: p.unit, images: p.images, facets: details.facets, link_card: details.linkCard, fields: details.fields };
      }),
      images: c.images,
      warnings: c.warnings.map(problemJson),
      problems: c.problems.map(problemJson),
    })),
    warnings: plan.warnings.map(problemJson),
    problems: plan.problems.map(problemJson),
  };
}

/** The plan for people: per channel its posts as they will be sent, images, facets, warnings and problems. */
export function formatPlan(plan: Plan, style: Style, cwd: string, width = DEFAULT_WIDTH): string {
  const out: string[] = [];
  const t = ui();
  const flags = [plan.notice.draft ? style.yellow(t.preview.draft) : "", plan.notice.urgent ? style.red(t.preview.urgent) : "", plan.notice.publishAt ? t.preview.publishAt(plan.notice.publishAt) : "", plan.notice.lang ? t.preview.lang(plan.notice.lang) : ""].filter(Boolean);
  out.push(`${style.bold(plan.notice.title)}`);
  out.push(style.dim(`${t.common.id(plan.notice.id)}${flags.length ? " · " + flags.join(" · ") : ""}`));
  for (const c of plan.channels) {
    const platform = platformById(c.platform);
    const name = `${style.bold(c.channel)} ${style.dim(`(${platform.name})`)}`;
    out.push("");
    if (c.status === "skipped") {
      out.push(`${style.dim("○")} ${name} ${t.preview.skipped(c.reason)}`);
      continue;
    }
    const count = t.preview.posts(c.posts.length);
    out.push(`${c.status === "ready" ? style.green("●") : style.red("✖")} ${name} · ${count}`);
    c.posts.forEach((post, i) => {
      const length = post.length > post.limit ? style.red(`${post.length}/${post.limit}`) : `${post.length}/${post.limit}`;
      out.push(`  ${style.dim("┌")} ${t.preview.post(i + 1, c.posts.length)} · ${length} ${t.common.unit(post.unit)}${post.images.length ? ` · ${t.preview.images(post.images.length)}` : ""}`);
      const details = platform.details(post);
      // LinkedIn's text is sent escaped; people read it without the backslashes.
      for (const line of (details.shownText ?? post.text).split("\n")) out.push(`  ${style.dim("│")} ${line}`);
      if (details.shownText !== undefined && details.shownText !== post.text) out.push(`  ${style.dim("│")} ${style.dim(t.preview.asReadersSee)}`);
      for (const index of post.images) {
        const image = c.images.find((im) => im.index === index);
        if (!image) continue;
        const prepared = image.prepared
          ? ` → ${image.prepared.format.toUpperCase()} ${image.prepared.width}×${image.prepared.height}, ${formatBytes(image.prepared.bytes)}${image.prepared.changes.length ? ` (${image.prepared.changes.join(", ")})` : ""}`
          : "";
        out.push(`  ${style.dim("│")} ${style.cyan(t.preview.image)} ${image.path}${prepared}`);
        out.push(`  ${style.dim("│")}   ${t.preview.alt} ${image.alt}`);
      }
      if (details.facets?.length) out.push(`  ${style.dim("│")} ${style.cyan(t.preview.facets)} ${details.facets.map((f) => `${f.kind} ${f.byteStart}-${f.byteEnd} ${f.value}`).join("; ")}`);
      if (details.linkCard) out.push(`  ${style.dim("│")} ${style.cyan(t.preview.linkCard)} ${details.linkCard}`);
      const fields = Object.entries(details.fields ?? {}).filter(([, v]) => v !== undefined);
      if (fields.length) out.push(`  ${style.dim("│")} ${style.dim(fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" "))}`);
      out.push(`  ${style.dim("└")}`);
    });
    for (const warning of c.warnings) out.push(indent(formatProblem(warning, "warning", style, cwd, width - 2)));
    // A problem of several channels (an image none of them can use) is said once, below the channels.
    for (const problem of c.problems) out.push(indent(problem.channel === undefined ? style.dim(t.preview.seeBelow(problem.code)) : formatProblem(problem, "error", style, cwd, width - 2)));
  }
  const general = [...plan.warnings.map((w) => formatProblem(w, "warning", style, cwd, width)), ...plan.problems.filter((p) => !p.channel).map((p) => formatProblem(p, "error", style, cwd, width))];
  if (general.length) out.push("", ...general);
  return out.join("\n");
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
