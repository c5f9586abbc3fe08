/** `announce preview`: load → plan → prepare images. No network. */
import { readNotice } from "../announcement/notice.js";
import { readConfig, resolveSecrets, type Env } from "../config/config.js";
import { problem } from "../messages.js";
import type { Problem } from "../problems.js";
import { everyPlatformWhenEmpty, planNotice, prepareImages, type Plan, type PreparedImages } from "./plan.js";

export interface PreviewOptions {
  notice: string;
  config: string;
  env: Env;
  only?: string[];
  /** Prepare images with sharp to show their final size and format (default true). */
  images?: boolean;
  /** Progress of the image preparation, the slow part. */
  onProgress?: (done: number, total: number) => void;
  /** Keep the prepared images' bytes (the HTML preview shows them). */
  keepImages?: boolean;
}

export interface PreviewResult {
  plan?: Plan;
  /** Input problems that prevented a plan (config or notice). */
  problems: Problem[];
  /** Missing secrets: not needed for a preview, but `post` will need them. */
  warnings: Problem[];
  /** The prepared images of the ready channels, with `keepImages`. */
  images?: PreparedImages;
}

export async function preview(options: PreviewOptions): Promise<PreviewResult> {
  const [configResult, noticeResult] = await Promise.all([readConfig(options.config, options.env), readNotice(options.notice)]);
  const problems = [...configResult.problems, ...noticeResult.problems];
  if (!configResult.config || !noticeResult.notice) return { problems, warnings: [] };
  const { config, warnings: empty } = everyPlatformWhenEmpty(configResult.config);
  const plan = planNotice(noticeResult.notice, config, { only: options.only });
  const images = options.images !== false ? await prepareImages(plan, noticeResult.notice, { onProgress: options.onProgress, retain: options.keepImages }) : undefined;
  const missing = plan.channels
    .filter((c) => c.status === "ready")
    .flatMap((c) => resolveSecrets(config.channels.find((ch) => ch.name === c.channel)!, options.env, options.config).missing);
  const warnings: Problem[] = [...empty, ...(missing.length === 0 ? [] : [problem("SECRETS_NOT_SET", { names: [...new Set(missing)] })])];
  return { plan, problems, warnings, ...(options.keepImages && images ? { images } : {}) };
}
