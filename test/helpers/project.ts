/**
 * A throw-away project folder for publishing tests: a channels.yaml, notices and images, and the
 * state folder the CLI writes (ledger, locks, sessions).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { tempDir } from "./tmp.js";

export interface TestProject {
  dir: string;
  config: string;
  stateDir: string;
  writeNotice(name: string, frontMatter: Record<string, unknown>, body: string): string;
  /** Every file the tool wrote under the project folder, with its content. */
  writtenFiles(): { file: string; content: Buffer }[];
}

export async function createProject(configYaml: string): Promise<TestProject> {
  const dir = tempDir("announce-project-");
  mkdirSync(path.join(dir, "images"));
  // A small real PNG (a map-like pattern) for image posts.
  const raw = Buffer.alloc(320 * 200 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 251;
  writeFileSync(path.join(dir, "images", "karte.png"), await sharp(raw, { raw: { width: 320, height: 200, channels: 3 } }).png().toBuffer());
  const config = path.join(dir, "channels.yaml");
  writeFileSync(config, configYaml);
  return {
    dir,
    config,
    stateDir: path.join(dir, ".announce"),
    writeNotice(name, frontMatter, body) {
      const file = path.join(dir, `${name}.md`);
      const yaml = Object.entries(frontMatter)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join("\n");
      writeFileSync(file, `---\n${yaml}\n---\n${body}\n`);
      return file;
    },
    writtenFiles() {
      const out: { file: string; content: Buffer }[] = [];
      const walk = (d: string) => {
        for (const entry of readdirSync(d)) {
          const p = path.join(d, entry);
          if (statSync(p).isDirectory()) walk(p);
          else out.push({ file: p, content: readFileSync(p) });
        }
      };
      walk(dir);
      return out;
    },
  };
}

/** A text long enough for a three-post thread at 300 characters per post. */
export function threadText(tag: string): string {
  const paragraph = (n: number) => `Absatz ${n} der Meldung ${tag}: Die Stadt informiert über Sperrungen, Umleitungen und Ersatzhaltestellen. Bitte planen Sie mehr Zeit ein und achten Sie auf die Beschilderung vor Ort.`;
  return [1, 2, 3, 4].map(paragraph).join("\n\n");
}
