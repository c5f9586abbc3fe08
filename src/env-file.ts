/**
 * The `.env` file beside the config: secrets for a laptop or a server without a CI secret store (`announce
 * login` writes them there). Node's own parser reads it (`util.parseEnv`, the format of `node
 * --env-file`); variables already in the environment win, so CI secrets and a one-off `VAR=… announce`
 * are never overridden by a file. Every value of the file counts as a secret: it is redacted from all
 * output, whatever it is used for.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Env } from "./env.js";
import { problem } from "./messages.js";
import { InvalidInputError } from "./problems.js";

/** The name of the file, beside the config. */
export const ENV_FILE = ".env";

/** What a run's environment is made of: the process's variables over those of the `.env` file. */
export interface LoadedEnv {
  env: Env;
  /** The `.env` file read, if there was one. */
  file?: string;
  /** The values taken from the file (for the redactor). */
  secrets: string[];
}

/**
 * The environment of a run whose config is `configFile`: `env`, plus the variables of the `.env` file in
 * the config's folder that `env` does not set (or sets empty). No file: `env` as it is. A file that
 * exists but cannot be read is invalid input (ENV_FILE_UNREADABLE).
 */
export async function withEnvFile(env: Env, configFile: string): Promise<LoadedEnv> {
  const file = path.join(path.dirname(configFile), ENV_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { env, secrets: [] };
    throw new InvalidInputError([problem("ENV_FILE_UNREADABLE", { file, errno: code }, { location: { file } })]);
  }
  const values = parseEnvText(text);
  const merged: Env = { ...env };
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === "") continue;
    // Redacted even when the environment wins: the value is a secret someone keeps in this file.
    secrets.push(value);
    if (merged[name] === undefined || merged[name] === "") merged[name] = value;
  }
  return { env: merged, file, secrets };
}

/** Parses the text of a `.env` file with Node's parser (the rules of `node --env-file`). */
export function parseEnvText(text: string): Record<string, string> {
  const util = createRequire(import.meta.url)("node:util") as typeof import("node:util");
  return util.parseEnv(text) as Record<string, string>;
}

/**
 * One line of a `.env` file that {@link parseEnvText} reads back as exactly `value`: single quotes keep
 * everything (`#`, `$`, spaces) as it is; a value with a single quote or a line break is refused, since no
 * token has one.
 */
export function envLine(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a variable name: ${name}`);
  if (/['\r\n]/.test(value)) throw new Error(`${name}: a value with a quote or a line break cannot be written to ${ENV_FILE}`);
  return `${name}='${value}'`;
}

/**
 * Sets variables in a `.env` file (created with mode 0600; an existing file is made 0600 too): a line that
 * sets one of them is replaced, the others are appended; every other line stays as it is. Written to a
 * temporary file and renamed, so a crash leaves the old file or the new one.
 */
export async function writeEnvVariables(file: string, values: Record<string, string>): Promise<void> {
  const { chmod, rename, writeFile } = await import("node:fs/promises");
  let lines: string[] = [];
  try {
    lines = (await readFile(file, "utf8")).split(/\r?\n/);
    if (lines.at(-1) === "") lines.pop();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const pending = new Map(Object.entries(values));
  const out = lines.map((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (name === undefined || !pending.has(name)) return line;
    const replaced = envLine(name, pending.get(name)!);
    pending.delete(name);
    return replaced;
  });
  for (const [name, value] of pending) out.push(envLine(name, value));
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, out.join("\n") + "\n", { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
