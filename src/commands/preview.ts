/** `announce preview NOTICE`: show exactly what each channel will receive (no network). */
import type { PreviewResult } from "../plan/preview.js";
import { ExitCode } from "../problems.js";
import { defineCommand } from "./command.js";
import { channelOption, type ChannelSelection } from "./options.js";

interface PreviewOptions extends ChannelSelection {
  /** False with `--no-images`. */
  images: boolean;
}

/** `preview`: the plan, rendered; exit 2 when it has problems. */
export const previewCommand = defineCommand({
  name: "preview",
  description: "show exactly what each channel will receive (no network)",
  arguments: [{ name: "<notice>", description: "the notice file (Markdown with YAML front matter)" }],
  options: [channelOption, { flags: "--no-images", description: "skip image preparation (faster; sizes are not shown)" }],
  help: "\nExample:\n  announce preview notices/2026-11-29-bombe.md --channel stadt-mastodon",
  async run([notice]: [string], options: PreviewOptions, ctx): Promise<PreviewResult> {
    const { preview } = await import("../plan/preview.js");
    return preview({ notice, config: await ctx.config(), env: ctx.env, only: options.channel, images: options.images, onProgress: ctx.onImageProgress });
  },
  async present(result, view) {
    const { formatPlan, planJson } = await import("../report/preview.js");
    const { failureJson, formatProblem, problemJson } = await import("../report/problems.js");
    const problems = [...result.problems, ...(result.plan?.problems ?? [])];
    const json = result.plan
      ? { ...planJson(result.plan), problems: problems.map(problemJson), warnings: [...result.plan.warnings, ...result.warnings].map(problemJson) }
      : failureJson(problems);
    const human = [
      ...(result.plan ? [formatPlan(result.plan, view.style, view.cwd)] : []),
      ...result.warnings.map((w) => formatProblem(w, "warning", view.style, view.cwd)),
      ...result.problems.map((p) => formatProblem(p, "error", view.style, view.cwd)),
    ].join("\n");
    return { json, human, exitCode: problems.length > 0 ? ExitCode.InvalidInput : ExitCode.Ok };
  },
});
