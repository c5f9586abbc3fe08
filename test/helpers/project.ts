/**
 * A throw-away project folder for publishing tests: a channels.yaml, notices and images, and the
 * state folder the CLI writes (ledger, locks, sessions).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
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

/** Where the fakes of a publishing test listen; a channel is configured for each one given. */
export interface FakeUrls {
  mastodon?: string;
  facebook?: string;
  instagram?: string;
  threads?: string;
  linkedin?: string;
}

/**
 * A project whose channels.yaml has one channel per fake: `m`, `fb`, `ig`, `th`, `li`, with the tokens
 * `${M_TOKEN}`, `${FB}`, `${IG}`, `${TH}`, `${LI}` and the accounts the fakes are made with (page 1234,
 * Instagram user 1784, Threads user 1789, organization 123). Instagram and Threads publish images from
 * the project's `media` folder, served by a static server of its own. `extra` adds settings to a
 * channel, e.g. `{ th: "max_characters: 300" }`.
 */
export async function createFakesProject(urls: FakeUrls, extra: Partial<Record<"m" | "fb" | "ig" | "th" | "li", string>> = {}): Promise<{ project: TestProject; media: StaticServer }> {
  const project = await createProject("channels: {}\n");
  mkdirSync(path.join(project.dir, "media"));
  const media = await startStaticServer(path.join(project.dir, "media"));
  const hosted = `media_base_url: ${media.url}/, media_dir: ./media`;
  const channels: [keyof typeof extra, string | undefined, string][] = [
    ["m", urls.mastodon, `platform: mastodon, instance: ${urls.mastodon}, access_token: \${M_TOKEN}`],
    ["fb", urls.facebook, `platform: facebook, page_id: "1234", access_token: \${FB}, api_url: ${urls.facebook}`],
    ["ig", urls.instagram, `platform: instagram, ig_user_id: "1784", access_token: \${IG}, api_url: ${urls.instagram}, ${hosted}`],
    ["th", urls.threads, `platform: threads, user_id: "1789", access_token: \${TH}, api_url: ${urls.threads}, ${hosted}`],
    ["li", urls.linkedin, `platform: linkedin, organization: "urn:li:organization:123", access_token: \${LI}, api_url: ${urls.linkedin}`],
  ];
  const lines = channels.filter(([, url]) => url).map(([name, , settings]) => `  ${name}: { ${settings}${extra[name] ? `, ${extra[name]}` : ""} }`);
  writeFileSync(project.config, ["defaults: { lang: de }", "channels:", ...lines].join("\n") + "\n");
  return { project, media };
}
