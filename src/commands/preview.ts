/** `announce preview NOTICE`: show exactly what each channel will receive (no network). */
import type { PreviewResult } from "../plan/preview.js";
import { ExitCode, type Problem } from "../problems.js";
import { argument, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import { channelOption, type ChannelSelection } from "./options.js";

interface PreviewOptions extends ChannelSelection {
  /** False with `--no-images`. */
  images: boolean;
  /** `--html [file]`: true without a file name. */
  html?: string | true;
  open?: boolean;
}

/** The preview, and where its HTML page was written. */
export interface PreviewCommandResult extends PreviewResult {
  /** The HTML page, with `--html`: its file, and a warning when `--open` did not open it. */
  html?: { file: string; notOpened?: Problem };
}

/** `preview`: the plan, rendered; exit 2 when it has problems. */
export const previewCommand = defineCommand({
  name: "preview",
  get description() {
    return ui().commands.preview.description;
  },
  arguments: [argument("<notice>", () => ui().commands.preview.notice)],
  options: [
    channelOption,
    option("--no-images", () => ui().commands.preview.noImages),
    option("--html [file]", () => ui().commands.preview.html),
    option("--open", () => ui().commands.preview.open),
  ],
  get help() {
    return ui().commands.preview.help;
  },
  async run([notice]: [string], options: PreviewOptions, ctx): Promise<PreviewCommandResult> {
    const { preview } = await import("../plan/preview.js");
    const html = options.html ?? (options.open ? true : undefined);
    const result = await preview({ notice, config: await ctx.config(), env: ctx.env, only: options.channel, images: options.images, onProgress: ctx.onImageProgress, keepImages: html !== undefined });
    if (html === undefined || !result.plan) return result;
    const path = await import("node:path");
    const { writeFile } = await import("node:fs/promises");
    const { planHtml } = await import("../report/preview-html.js");
    const { AnnounceError } = await import("../problems.js");
    const { problem } = await import("../messages.js");
    const shown = html === true ? `${result.plan.notice.id}.preview.html` : html;
    const file = path.resolve(ctx.cwd, shown);
    const { displayCopy } = await import("../media/prepare.js");
    // The page shows smaller copies of the prepared images (channels sharing a spec share the bytes).
    const copies = new Map<Buffer, ReturnType<typeof displayCopy>>();
    const shownImages = new Map(
      await Promise.all(
        [...(result.images ?? [])].map(async ([channel, posts]) => {
          const shownPosts = await Promise.all(
            posts.map((images) =>
              Promise.all(
                images.map(async (image) => {
                  let copy = copies.get(image.data);
                  if (!copy) copies.set(image.data, (copy = displayCopy(image.data)));
                  return { ...image, ...(await copy) };
                }),
              ),
            ),
          );
          return [channel, shownPosts] as const;
        }),
      ),
    );
    try {
      await writeFile(file, planHtml(result.plan, shownImages));
    } catch (error) {
      throw new AnnounceError(problem("PREVIEW_HTML_UNWRITABLE", { file: shown, errno: (error as NodeJS.ErrnoException).code }), { invalidInput: true });
    }
    const { images: _bytes, ...rest } = result;
    if (!options.open) return { ...rest, html: { file } };
    const { openFile } = await import("./open-file.js");
    return { ...rest, html: { file, notOpened: await openFile(file, ctx.env) } };
  },
  async present(result, view) {
    const { formatPlan, planJson } = await import("../report/preview.js");
    const { failureJson, formatProblem, problemJson } = await import("../report/problems.js");
    const problems = [...result.problems, ...(result.plan?.problems ?? [])];
    const warnings = [...result.warnings, ...(result.html?.notOpened ? [result.html.notOpened] : [])];
    const json = result.plan
      ? { ...planJson(result.plan), problems: problems.map(problemJson), warnings: [...result.plan.warnings, ...warnings].map(problemJson), ...(result.html ? { html: result.html.file } : {}) }
      : failureJson(problems);
    const human = [
      ...(result.plan ? [formatPlan(result.plan, view.style, view.cwd, view.width)] : []),
      ...warnings.map((w) => formatProblem(w, "warning", view.style, view.cwd, view.width)),
      ...result.problems.map((p) => formatProblem(p, "error", view.style, view.cwd, view.width)),
      ...(result.html ? ["", ui().preview.htmlWritten(relative(result.html.file, view.cwd))] : []),
    ].join("\n");
    return { json, human, exitCode: problems.length > 0 ? ExitCode.InvalidInput : ExitCode.Ok };
  },
});

/** A path under `cwd` as typed from there; others as they are. */
function relative(file: string, cwd: string): string {
  return file.startsWith(cwd + "/") ? file.slice(cwd.length + 1) : file;
}
