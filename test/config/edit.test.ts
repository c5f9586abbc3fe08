/**
 * Writing login results into a hand-written channels.yaml: only the changed line differs (comments, blank
 * lines, quoting, order and line endings stay byte for byte), a missing key becomes one line in the
 * channel's entry, and whatever cannot be edited safely is left alone with a reason.
 */
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { editChannelSettings, writeChannelSettings } from "../../src/config/edit.js";
import { starterFiles } from "../../src/config/starter.js";
import { tempDir } from "../helpers/tmp.js";

const FILE = `# channels.yaml: die Kanäle der Stadt.
#
# Zugangsdaten stehen nie hier, nur ihr Name als \${NAME}.
defaults:
  lang: de                  # Sprache der Meldungen

channels:
  # ── Facebook-Seite ──────────────────────────
  stadt-facebook:
    platform: facebook
    page_id: '111'          # die Seite der Pressestelle
    access_token: \${FB_PAGE_TOKEN}

  # ── Instagram ───────────────────────────────
  stadt-instagram:
    platform: instagram
    access_token: \${IG_TOKEN}
    media_base_url: https://www.example-stadt.de/media/   # Website
    media_dir: ./public/media

  # ── LinkedIn ────────────────────────────────
  # stadt-linkedin:
  #   platform: linkedin
  #   organization: urn:li:organization:123456
  kompakt: { platform: mastodon, instance: https://m.example, access_token: \${MASTODON_TOKEN} }
`;

/** The file's data (`${VAR}` in flow style made parseable). */
const data = (text: string) => parse(text.replace(/\$\{(\w+)\}/g, "$($1)")) as { channels: Record<string, Record<string, unknown>> };

/** The lines of `after` that differ from `before` (same number of lines), as [index, line]. */
function changedLines(before: string, after: string): [number, string][] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b).toHaveLength(a.length);
  return b.flatMap((line, i) => (line === a[i] ? [] : [[i, line] as [number, string]]));
}

describe("editChannelSettings", () => {
  it("replaces only the value of the key: every other byte stays, the comment after it too", () => {
    const edit = editChannelSettings(FILE, "stadt-facebook", { page_id: "1234" });
    expect(edit).toMatchObject({ written: ["page_id"], kept: [] });
    expect(changedLines(FILE, edit.text)).toEqual([[10, `    page_id: "1234"          # die Seite der Pressestelle`]]);
    expect(data(edit.text).channels["stadt-facebook"]?.page_id).toBe("1234");
  });

  it("adds a missing key as one line at the end of the channel's entry, with its indentation", () => {
    const edit = editChannelSettings(FILE, "stadt-instagram", { ig_user_id: "17841400000000001", token_expires_at: "2027-02-03" });
    expect(edit).toMatchObject({ written: ["ig_user_id", "token_expires_at"], kept: [] });
    const lines = FILE.split("\n");
    const at = lines.indexOf("    media_dir: ./public/media") + 1;
    expect(edit.text).toBe([...lines.slice(0, at), `    ig_user_id: "17841400000000001"`, `    token_expires_at: "2027-02-03"`, ...lines.slice(at)].join("\n"));
    expect(data(edit.text).channels["stadt-instagram"]).toMatchObject({ ig_user_id: "17841400000000001", token_expires_at: "2027-02-03" });
  });

  it("adds to an entry at the end of a file without a final line break", () => {
    const text = "channels:\n  t:\n    platform: threads\n    access_token: ${T}";
    expect(editChannelSettings(text, "t", { user_id: "1789" }).text).toBe(`${text}\n    user_id: "1789"\n`);
  });

  it("fills a key written without a value", () => {
    const text = "channels:\n  t:\n    platform: threads\n    user_id:\n    access_token: ${T}\n";
    expect(editChannelSettings(text, "t", { user_id: "1789" }).text).toBe('channels:\n  t:\n    platform: threads\n    user_id: "1789"\n    access_token: ${T}\n');
  });

  it("keeps CRLF line endings, also on an added line", () => {
    const crlf = FILE.replace(/\n/g, "\r\n");
    const edit = editChannelSettings(crlf, "stadt-facebook", { page_id: "1234", token_expires_at: "2027-02-03" });
    expect(edit.written).toEqual(["page_id", "token_expires_at"]);
    expect(edit.text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(edit.text).toContain(`    page_id: "1234"          # die Seite der Pressestelle\r\n    access_token: \${FB_PAGE_TOKEN}\r\n    token_expires_at: "2027-02-03"\r\n\r\n  # ── Instagram`);
  });

  it("writes into the starter's channels.yaml once an entry is uncommented, and refuses while it is commented out", () => {
    const starter = starterFiles("0.1.0")["channels.yaml"]!;
    expect(editChannelSettings(starter, "stadt-facebook", { page_id: "1234" })).toEqual({ text: starter, written: [], kept: [{ key: "page_id", reason: "not-found" }] });
    const enabled = starter.replace(/ {2}# stadt-facebook:\n {2}# {3}platform: facebook\n {2}# {3}page_id: "123456789"\n {2}# {3}access_token: \$\{FB_PAGE_TOKEN\}\n/, '  stadt-facebook:\n    platform: facebook\n    page_id: "123456789"\n    access_token: ${FB_PAGE_TOKEN}\n');
    expect(enabled).not.toBe(starter);
    const edit = editChannelSettings(enabled, "stadt-facebook", { page_id: "1234" });
    expect(edit.written).toEqual(["page_id"]);
    expect(changedLines(enabled, edit.text)).toEqual([[enabled.split("\n").indexOf('    page_id: "123456789"'), '    page_id: "1234"']]);
  });

  it.each([
    ["a channel in flow style", FILE, "kompakt", { instance: "https://n.example" }, "not-block"],
    ["a channel that is not there", FILE, "stadt-linkedin", { organization: "urn:li:organization:1" }, "not-found"],
    ["a ${VAR} reference", "channels:\n  f:\n    platform: facebook\n    page_id: ${PAGE}\n", "f", { page_id: "1" }, "reference"],
    ["a quoted ${VAR} reference", 'channels:\n  f:\n    platform: facebook\n    page_id: "${PAGE}"\n', "f", { page_id: "1" }, "reference"],
    ["an anchored value", 'channels:\n  f:\n    platform: facebook\n    page_id: &page "1"\n  g:\n    platform: facebook\n    page_id: *page\n', "f", { page_id: "2" }, "anchor"],
    ["an alias", 'channels:\n  f:\n    platform: facebook\n    page_id: &page "1"\n  g:\n    platform: facebook\n    page_id: *page\n', "g", { page_id: "2" }, "anchor"],
    ["an anchored entry", 'channels:\n  f: &f\n    platform: facebook\n    page_id: "1"\n', "f", { page_id: "2" }, "anchor"],
    ["a merge key", 'base: &base\n  platform: facebook\nchannels:\n  f:\n    <<: *base\n    access_token: ${T}\n', "f", { page_id: "2" }, "anchor"],
    ["a block scalar", "channels:\n  f:\n    platform: facebook\n    page_id: |\n      1\n", "f", { page_id: "2" }, "not-plain"],
    ["a tagged value", "channels:\n  f:\n    platform: facebook\n    page_id: !!str 1\n", "f", { page_id: "2" }, "not-plain"],
    ["a list", "channels:\n  f:\n    platform: facebook\n    page_id: [1]\n", "f", { page_id: "2" }, "not-plain"],
    ["a quoted value over two lines", 'channels:\n  f:\n    platform: facebook\n    page_id: "1\n      2"\n', "f", { page_id: "2" }, "not-plain"],
    ["a file with a syntax error", "channels:\n  f:\n    platform: facebook\n   page_id: '1\n", "f", { page_id: "2" }, "unparsable"],
    ["a file of two documents", "channels:\n  f:\n    platform: facebook\n---\nx: 1\n", "f", { page_id: "2" }, "unparsable"],
    ["a value that would not read back as written", "channels:\n  f:\n    platform: facebook\n", "f", { page_id: "${X}" }, "verify"],
  ])("leaves %s alone and says why", (_, text, channel, values, reason) => {
    const edit = editChannelSettings(text, channel, values);
    expect(edit).toEqual({ text, written: [], kept: Object.keys(values).map((key) => ({ key, reason })) });
  });

  it("writes the keys it can and keeps the others, each with its reason", () => {
    const text = "channels:\n  i:\n    platform: instagram\n    ig_user_id: ${IG_USER}\n    access_token: ${T}\n";
    const edit = editChannelSettings(text, "i", { ig_user_id: "1784", token_expires_at: "2027-02-03" });
    expect(edit.written).toEqual(["token_expires_at"]);
    expect(edit.kept).toEqual([{ key: "ig_user_id", reason: "reference" }]);
    expect(edit.text).toBe(`${text}    token_expires_at: "2027-02-03"\n`);
  });

  it("edits a block entry in a file that also has ${VAR} in flow style", () => {
    const edit = editChannelSettings(FILE, "stadt-facebook", { page_id: "9" });
    expect(edit.written).toEqual(["page_id"]);
    expect(edit.text).toContain("kompakt: { platform: mastodon, instance: https://m.example, access_token: ${MASTODON_TOKEN} }");
  });
});

describe("writeChannelSettings", () => {
  it("replaces the file atomically, keeps its mode, follows a symbolic link and leaves no temporary file", async () => {
    const dir = tempDir();
    const real = path.join(dir, "real.yaml");
    writeFileSync(real, FILE);
    chmodSync(real, 0o640);
    const link = path.join(dir, "channels.yaml");
    symlinkSync(real, link);
    const result = await writeChannelSettings(link, "stadt-facebook", { page_id: "1234" });
    expect(result).toEqual({ written: ["page_id"], kept: [] });
    expect(readFileSync(real, "utf8")).toBe(FILE.replace("page_id: '111'", 'page_id: "1234"'));
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(statSync(link, { throwIfNoEntry: true }).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["channels.yaml", "real.yaml"]);
  });

  it("writes nothing when nothing can be edited, and says why when the file cannot be read", async () => {
    const dir = tempDir();
    const file = path.join(dir, "channels.yaml");
    writeFileSync(file, FILE);
    const before = statSync(file).mtimeMs;
    expect(await writeChannelSettings(file, "stadt-linkedin", { organization: "urn:li:organization:1" })).toEqual({ written: [], kept: [{ key: "organization", reason: "not-found" }] });
    expect(readFileSync(file, "utf8")).toBe(FILE);
    expect(statSync(file).mtimeMs).toBe(before);
    expect(await writeChannelSettings(path.join(dir, "missing.yaml"), "stadt-facebook", { page_id: "1" })).toEqual({ written: [], kept: [{ key: "page_id", reason: "unwritable" }], errno: "ENOENT" });
  });
});
