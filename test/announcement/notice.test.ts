import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readNotice } from "../../src/announcement/notice.js";
import { projectRoot } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir();
mkdirSync(path.join(dir, "images"));
copyFileSync(path.join(projectRoot, "test/fixtures/notices/images/sperrgebiet.png"), path.join(dir, "images/karte.png"));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("reading a notice", () => {
  it("reads the shared notices, with the file name as default id", async () => {
    const { notice, problems } = await readNotice(path.join(projectRoot, "test/fixtures/notices/bombenentschaerfung.md"));
    expect(problems).toEqual([]);
    expect(notice).toMatchObject({ id: "bombenentschaerfung", lang: "de", urgent: true, hashtags: ["Bombenentschärfung", "Evakuierung", "StadtInfo"] });
    expect(notice!.images[0]!.file).toBe(path.join(projectRoot, "test/fixtures/notices/images/sperrgebiet.png"));
  });

  it("reports broken YAML with file and line", async () => {
    const file = write("broken.md", "---\ntitle: Test\nhashtags: [a, b\nlang: de\n---\nText\n");
    const { notice, problems } = await readNotice(file);
    expect(notice).toBeUndefined();
    expect(problems[0]).toMatchObject({ code: "YAML_SYNTAX", location: { file } });
    expect(problems[0]!.location!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports every problem at once: missing title, missing image, missing alt, unknown key", async () => {
    const file = write(
      "many.md",
      ["---", "lang: de", "colour: red", "images:", "  - path: images/fehlt.png", "    alt: Ein Stadtplan mit dem Sperrgebiet", "  - path: images/karte.png", "---", "Text", ""].join("\n"),
    );
    const { problems } = await readNotice(file);
    const codes = problems.map((p) => p.code).sort();
    expect(codes).toEqual(["NOTICE_IMAGE_ALT_MISSING", "NOTICE_IMAGE_NOT_FOUND", "NOTICE_TITLE_MISSING", "NOTICE_UNKNOWN_KEY"]);
    const alt = problems.find((p) => p.code === "NOTICE_IMAGE_ALT_MISSING")!;
    expect(alt.location).toMatchObject({ key: "images.1.alt", line: 7 });
    expect(problems.find((p) => p.code === "NOTICE_UNKNOWN_KEY")!.location).toMatchObject({ key: "colour", line: 3 });
    expect(problems.find((p) => p.code === "NOTICE_IMAGE_NOT_FOUND")!.location).toMatchObject({ key: "images.0.path", line: 5 });
    for (const p of problems) expect(p.hint).toBeTruthy();
  });

  it("rejects alt text that is the file name or shorter than 10 characters", async () => {
    const file = write("alt.md", ["---", "title: T", "images:", "  - { path: images/karte.png, alt: karte.png }", "  - { path: images/karte.png, alt: Karte }", "---", "Text"].join("\n"));
    const { problems } = await readNotice(file);
    expect(problems.map((p) => p.code)).toEqual(["NOTICE_IMAGE_ALT_FILENAME", "NOTICE_IMAGE_ALT_TOO_SHORT"]);
  });

  it("needs front matter", async () => {
    const { problems } = await readNotice(write("plain.md", "Just text\n"));
    expect(problems[0]!.code).toBe("NOTICE_NO_FRONT_MATTER");
  });

  it("reports a file that does not exist", async () => {
    const { problems } = await readNotice(path.join(dir, "nope.md"));
    expect(problems[0]!.code).toBe("NOTICE_NOT_FOUND");
  });
});
