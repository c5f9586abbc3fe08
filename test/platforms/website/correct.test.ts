// A post over a live page of the same notice from another attempt (a correction published over it, or a
// ledger that was lost) keeps the page's first publication time, and says visibly when it was corrected.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { publishNotice } from "../../../src/publish/pipeline.js";
import { channels, websiteChannel } from "../../helpers/channels.js";
import { createProject, type TestProject } from "../../helpers/project.js";

let project: TestProject;
const lock = { waitMs: 5000, staleMs: 2000 };
const entryOf = (id: string) => JSON.parse(readFileSync(path.join(project.dir, "site", id, "notice.json"), "utf8")) as { published: string; corrected?: string; key: string };
const pageOf = (id: string) => readFileSync(path.join(project.dir, "site", id, "index.html"), "utf8");

beforeAll(async () => {
  project = await createProject(channels({}));
  writeFileSync(project.config, channels({ web: websiteChannel({ dir: "./site", base_url: "https://www.example-stadt.de/meldungen/" }) }, { defaults: { lang: "de" } }));
});

describe("a post over a live page", () => {
  it("keeps the first publication time; a changed text gets a visible 'Korrigiert am' line", async () => {
    const file = project.writeNotice("sperrung", { title: "Sperrung der Brücke" }, "Die Brücke ist ab Montag gesperrt.");
    expect((await publishNotice({ notice: file, config: project.config, env: {}, lock })).channels[0]!.status).toBe("published");
    const first = entryOf("sperrung");
    expect(pageOf("sperrung")).not.toContain("Korrigiert am");

    // Another attempt publishes the same notice again (here: its ledger is gone), unchanged: no correction line.
    rmSync(path.join(project.stateDir, "ledger"), { recursive: true });
    await publishNotice({ notice: file, config: project.config, env: {}, lock });
    expect(entryOf("sperrung")).toMatchObject({ published: first.published });
    expect(entryOf("sperrung").corrected).toBeUndefined();

    // …and with a corrected text: the page says so, with the time.
    rmSync(path.join(project.stateDir, "ledger"), { recursive: true });
    project.writeNotice("sperrung", { title: "Sperrung der Brücke" }, "Die Brücke ist ab Dienstag gesperrt.");
    await publishNotice({ notice: file, config: project.config, env: {}, lock });
    const corrected = entryOf("sperrung");
    expect(corrected.published).toBe(first.published);
    expect(corrected.corrected! > first.published).toBe(true);
    const page = pageOf("sperrung");
    expect(page).toContain("ab Dienstag gesperrt");
    expect(page).toMatch(new RegExp(`<strong>Korrigiert am <time class="dt-updated" datetime="${corrected.corrected!.replace(/[.]/g, "\\.")}">`));
  });
});

describe("a damaged notice.json", () => {
  it("fails the website with the file and what to do, instead of guessing a page", async () => {
    const file = project.writeNotice("kaputt", { title: "Kaputt" }, "Text.");
    await publishNotice({ notice: file, config: project.config, env: {}, lock });
    const entry = path.join(project.dir, "site", "kaputt", "notice.json");
    writeFileSync(entry, readFileSync(entry, "utf8").slice(0, 40));
    const other = project.writeNotice("danach", { title: "Danach" }, "Noch eine Meldung.");
    const report = await publishNotice({ notice: other, config: project.config, env: {}, lock });
    expect(report.channels[0]).toMatchObject({ channel: "web", status: "failed", error: { code: "WEBSITE_ENTRY_DAMAGED" } });
    expect(report.channels[0]!.error!.message).toContain(entry);
  });
});

describe("announce correct on the website", () => {
  it("rewrites the page in place: same address and first publication time, the new text, a 'Korrigiert am' line, the copies kept", async () => {
    const { correctNotice } = await import("../../../src/publish/correct.js");
    // A project of its own: the one above holds a damaged entry on purpose.
    project = await createProject(channels({}));
    writeFileSync(project.config, channels({ web: websiteChannel({ dir: "./site", base_url: "https://www.example-stadt.de/meldungen/" }) }, { defaults: { lang: "de" } }));
    const file = project.writeNotice("wasser", { title: "Trinkwasser abkochen" }, "Bitte kochen Sie das Wasser in Nord ab.");
    const first = await publishNotice({ notice: file, config: project.config, env: {}, lock });
    expect(first.channels[0]!.status).toBe("published");
    const before = entryOf("wasser") as ReturnType<typeof entryOf> & { copies: unknown[]; url: string };

    project.writeNotice("wasser", { title: "Trinkwasser abkochen" }, "Bitte kochen Sie das Wasser in Nord und Süd ab.");
    const report = await correctNotice({ notice: file, config: project.config, env: {}, lock });
    expect(report.channels[0]).toMatchObject({ channel: "web", status: "corrected", how: "edit" });
    const after = entryOf("wasser") as typeof before;
    expect(after).toMatchObject({ published: before.published, url: before.url, copies: before.copies });
    expect(after.corrected! > before.published).toBe(true);
    const page = pageOf("wasser");
    expect(page).toContain("in Nord und Süd ab");
    expect(page).not.toContain("in Nord ab.");
    expect(page).toContain("Korrigiert am");

    // Re-running changes nothing.
    const again = await correctNotice({ notice: file, config: project.config, env: {}, lock });
    expect(again.channels[0]!.status).toBe("unchanged");
    expect(entryOf("wasser").corrected).toBe(after.corrected);
  });
});
