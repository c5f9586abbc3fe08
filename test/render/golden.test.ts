/**
 * Golden output: the plan of every shared notice on all six platforms, as `announce preview --json`
 * prints it. A change to rendering shows up as a reviewable diff of test/golden/*.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { preview } from "../../src/plan/preview.js";
import { platformById } from "../../src/platforms/index.js";
import { planJson } from "../../src/report/preview.js";
import { projectRoot } from "../helpers/cli.js";

const fixtures = path.join(projectRoot, "test/fixtures");
const notices = readdirSync(path.join(fixtures, "notices")).filter((f) => f.endsWith(".md"));

describe("golden plans of the shared notices", () => {
  it.each(notices)("%s", async (file) => {
    const result = await preview({ notice: path.join(fixtures, "notices", file), config: path.join(fixtures, "channels.yaml"), env: {} });
    expect(result.problems).toEqual([]);
    const json = JSON.stringify(planJson(result.plan!), null, 2).split(projectRoot).join("<root>");
    await expect(json + "\n").toMatchFileSnapshot(path.join(projectRoot, "test/golden", file.replace(/\.md$/, ".json")));
    // And a readable text version of the same, per platform, for review.
    const text = result.plan!.channels
      .map((c) =>
        [
          `=== ${c.channel} (${c.status}${c.reason ? `: ${c.reason}` : ""})`,
          ...c.posts.map((p, i) => {
            const { linkCard } = platformById(c.platform).details(p);
            return `--- post ${i + 1} · ${p.length}/${p.limit} ${p.unit}${p.images.length ? ` · images ${p.images.join(",")}` : ""}${linkCard ? ` · link card ${linkCard}` : ""}\n${p.text}`;
          }),
        ].join("\n"),
      )
      .join("\n\n");
    await expect(text + "\n").toMatchFileSnapshot(path.join(projectRoot, "test/golden", file.replace(/\.md$/, ".txt")));
  });
});
