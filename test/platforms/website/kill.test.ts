/**
 * Killed while writing the website: `announce` gets SIGKILL the moment a write to the notice's page begins
 * (a file event in the page's folder), while a reader reads the page at every event. Whatever the timing,
 * the page is the old one or the new one, complete, never torn; the re-run completes the page, the index
 * and the feeds. The kill may land a little after the write (the process is fast): then the page is the
 * new one, which is just as right; what may never be seen is anything in between.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { channels, websiteChannel } from "../../helpers/channels.js";
import { runCli, type CliResult } from "../../helpers/cli.js";
import { createProject, type TestProject } from "../../helpers/project.js";

const env = { ANNOUNCE_LOCK_STALE_MS: "2000" };
let project: TestProject;
const site = () => path.join(project.dir, "site");
const pageFile = (id: string) => path.join(site(), id, "index.html");

beforeAll(async () => {
  project = await createProject(channels({}));
  writeFileSync(project.config, channels({ web: websiteChannel({ dir: "./site", base_url: "https://www.example-stadt.de/meldungen/" }) }, { defaults: { lang: "de" } }));
});

/** A long notice (near the body limit of 64,000 characters), so that writing its page takes a while. */
function notice(id: string): string {
  const paragraph = `Die Stadt informiert über die Sperrung ${id}: Umleitungen, Ersatzhaltestellen und Zeiten. `.repeat(6);
  return project.writeNotice(id, { title: `Sperrung ${id}`, urgent: true }, Array.from({ length: 100 }, () => paragraph).join("\n\n"));
}

/**
 * Runs the CLI and kills it when a file whose name starts with `prefix` appears or changes in `dir`; reads
 * the page at every event. Returns the run and every content a reader saw.
 */
async function killWhileWriting(args: string[], dir: string, page: string): Promise<{ result: CliResult; seen: string[] }> {
  mkdirSync(dir, { recursive: true });
  let child: ChildProcess | undefined;
  const seen: string[] = [];
  const watcher = watch(dir, (_event, name) => {
    if (!name?.startsWith("index.html")) return;
    child?.kill("SIGKILL");
    if (existsSync(page)) seen.push(readFileSync(page, "utf8"));
  });
  try {
    const result = await runCli(args, { env, onSpawn: (c) => (child = c), timeoutMs: 60_000 });
    if (existsSync(page)) seen.push(readFileSync(page, "utf8"));
    return { result, seen };
  } finally {
    watcher.close();
  }
}

const complete = (html: string) => html.startsWith("<!DOCTYPE html>\n") && html.endsWith("</body>\n</html>\n");

describe("a run killed while writing the website", () => {
  it("publishing: the page is absent or complete, and the re-run completes the site", async () => {
    const file = notice("brueckeA");
    const { result, seen } = await killWhileWriting(["post", file, "--config", project.config], path.join(site(), "brueckeA"), pageFile("brueckeA"));
    expect([null, 0]).toContain(result.code);
    for (const html of seen) expect(complete(html), `${html.length} bytes: …${html.slice(-40)}`).toBe(true);

    const again = await runCli(["post", file, "--config", project.config, "--json"], { env });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const page = readFileSync(pageFile("brueckeA"), "utf8");
    expect(complete(page)).toBe(true);
    expect(page).toContain("Sperrung brueckeA");
    const feed = JSON.parse(readFileSync(path.join(site(), "feed.json"), "utf8")) as { items: { url: string }[] };
    expect(feed.items.filter((i) => i.url.endsWith("/brueckeA/"))).toHaveLength(1);
    // No temporary file of the killed run is left to be deployed.
    expect(readdirSync(path.join(site(), "brueckeA")).sort()).toEqual(["index.html", "notice.json"]);
    expect(readFileSync(path.join(site(), "index.html"), "utf8")).toContain('href="brueckeA/"');
  }, 180_000);

  it("retracting: the page is the old one or the retraction, never a mix; the re-run retracts it", async () => {
    const file = notice("brueckeB");
    const first = await runCli(["post", file, "--config", project.config], { env });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const old = readFileSync(pageFile("brueckeB"), "utf8");

    const args = ["delete", file, "--config", project.config, "--reason", "Die Sperrung entfällt."];
    const { result, seen } = await killWhileWriting(args, path.join(site(), "brueckeB"), pageFile("brueckeB"));
    expect([null, 0]).toContain(result.code);
    for (const html of seen) {
      expect(complete(html), `${html.length} bytes: …${html.slice(-40)}`).toBe(true);
      if (html !== old) expect(html).toContain("Grund: Die Sperrung entfällt.");
    }

    const again = await runCli(args, { env });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const page = readFileSync(pageFile("brueckeB"), "utf8");
    expect(complete(page)).toBe(true);
    expect(page).toContain("Grund: Die Sperrung entfällt.");
    expect(page).not.toContain("Ersatzhaltestellen und Zeiten");
    expect(readdirSync(path.join(site(), "brueckeB")).sort()).toEqual(["index.html", "notice.json"]);
    const feed = JSON.parse(readFileSync(path.join(site(), "feed.json"), "utf8")) as { items: { url: string; title: string }[] };
    expect(feed.items.find((i) => i.url.endsWith("/brueckeB/"))!.title).toBe("Zurückgezogen: Sperrung brueckeB");
  }, 180_000);
});
