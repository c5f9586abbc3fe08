/**
 * Hostile or mistaken notice files, generated here: a FIFO, a device, a huge file, a huge body, thousands of
 * hashtags, a YAML alias bomb, a file name that gives the id "..". Each is invalid input (exit 2) with a
 * clear message, found without reading or expanding more than a notice may hold.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_NOTICE_BYTES, parseNotice, readNotice } from "../../src/announcement/notice.js";
import { MAX_BODY_CHARACTERS, MAX_HASHTAGS } from "../../src/announcement/schema.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir();
const config = path.join(dir, "channels.yaml");
writeFileSync(config, channels({ m: mastodonChannel({ instance: "https://social.example", access_token: "${M_TOKEN}" }) }));

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe("notice files that are not notices", () => {
  it("refuses a FIFO without waiting for a writer (exit 2)", async () => {
    const fifo = path.join(dir, "pipe.md");
    execFileSync("mkfifo", [fifo]);
    expect(codes((await readNotice(fifo)).problems)).toEqual(["NOTICE_NOT_A_FILE"]);
    const result = await runCli(["validate", fifo, "--config", config, "--no-secrets", "--json"], { timeoutMs: 30_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("NOTICE_NOT_A_FILE");
  });

  it("refuses /dev/zero and a folder", async () => {
    expect(codes((await readNotice("/dev/zero")).problems)).toEqual(["NOTICE_NOT_A_FILE"]);
    mkdirSync(path.join(dir, "folder.md"));
    expect(codes((await readNotice(path.join(dir, "folder.md"))).problems)).toEqual(["NOTICE_NOT_A_FILE"]);
    const result = await runCli(["post", "/dev/zero", "--config", config, "--json"], { env: { M_TOKEN: "x" } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems[0].code).toBe("NOTICE_NOT_A_FILE");
  });

  it("refuses a file larger than a notice may be, saying its size and the limit", async () => {
    const file = path.join(dir, "huge.md");
    writeFileSync(file, `---\ntitle: Groß\n---\n${"Text. ".repeat(1_000_000)}`);
    const { problems } = await readNotice(file);
    expect(codes(problems)).toEqual(["NOTICE_TOO_LARGE"]);
    expect(problems[0]!.message).toContain(`at most ${MAX_NOTICE_BYTES} bytes`);
  });
});

describe("notices that would keep a run busy", () => {
  it("refuses a body longer than the limit", () => {
    const { notice, problems } = parseNotice(`---\ntitle: Lang\n---\n${"Die Straße ist gesperrt. ".repeat(3000)}`, "/n/lang.md");
    expect(notice).toBeUndefined();
    expect(codes(problems)).toEqual(["NOTICE_TOO_LARGE"]);
    expect(problems[0]!.message).toContain(`at most ${MAX_BODY_CHARACTERS}`);
  });

  it("refuses 10,000 hashtags", () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `Tag${i}`);
    const { problems } = parseNotice(`---\ntitle: Tags\nhashtags: [${tags.join(", ")}]\n---\nText.\n`, "/n/tags.md");
    expect(codes(problems)).toEqual(["NOTICE_INVALID_VALUE"]);
    expect(problems[0]!.location?.key).toBe("hashtags");
    expect(problems[0]!.message).toContain(String(MAX_HASHTAGS));
  });

  it("refuses a YAML alias bomb as invalid input, without expanding it", async () => {
    const rows = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      rows.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const text = `---\ntitle: Bombe\n${rows.join("\n")}\n---\nText.\n`;
    const { problems } = parseNotice(text, "/n/bomb.md");
    expect(codes(problems)).toEqual(["YAML_SYNTAX"]);
    const file = path.join(dir, "bomb.md");
    writeFileSync(file, text);
    const result = await runCli(["validate", file, "--config", config, "--no-secrets"]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain("YAML");
    expect(result.stderr).not.toContain("internal error");
  });
});

describe("ids from file names", () => {
  it("holds an id taken from the file name to the rule of id:", async () => {
    const file = path.join(dir, "...md");
    writeFileSync(file, "---\ntitle: Punkte\n---\nText.\n");
    expect(codes((await readNotice(file)).problems)).toEqual(["NOTICE_ID_FROM_FILE_NAME"]);
    const state = path.join(dir, "state");
    const result = await runCli(["post", file, "--config", config, "--state", state, "--json"], { env: { M_TOKEN: "x" } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems[0].code).toBe("NOTICE_ID_FROM_FILE_NAME");
    // Nothing was written beside the state folder (a lock named "..").
    expect(existsSync(path.join(state, "locks"))).toBe(false);
    // With an id of its own, the same file is a notice.
    writeFileSync(file, "---\ntitle: Punkte\nid: punkte\n---\nText.\n");
    expect((await readNotice(file)).notice?.id).toBe("punkte");
  });
});
