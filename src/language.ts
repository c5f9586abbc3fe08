/**
 * The language people read, and how times are shown to them. The command line chooses the language once
 * ({@link languageOf}: `--lang`, `ANNOUNCE_LANG`, then the locale) and sets it with {@link setLanguage}
 * before a command runs; the catalogue (src/messages.ts, src/ui-texts.ts) words every message in it.
 *
 * The language is this module's one setting, on purpose: problems are worded where they are found, deep in
 * the layers, and threading a language through every function that may report one would touch them all for
 * a value that never changes during a run. Only the program (and a library user) calls setLanguage; nothing
 * else reads the environment for it.
 *
 * Times for people are local: the time zone of the process (`TZ`, else the system's), with the offset, so
 * `publish_at: 2027-11-20T10:00:00+01:00` reads as 10:00 and says which 10:00. JSON keeps ISO 8601.
 */
import type { Env } from "./env.js";

/** The languages of the catalogue. */
export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

let current: Language = "en";

/** Sets the language of every message and text from now on (the program does, once per run). */
export function setLanguage(language: Language): void {
  current = language;
}

/** The language messages are worded in. */
export function currentLanguage(): Language {
  return current;
}

/**
 * The language of a run: `--lang` (de or en), else `ANNOUNCE_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`,
 * `LANG`, in POSIX's order); the first one set decides. German for `de` and every `de_…` locale, English
 * otherwise (`C`, `POSIX`, `en_…`, any other language).
 */
export function languageOf(option: string | undefined, env: Env): Language {
  // A --lang the command line refuses (`--lang fr`) is said in the language of the environment.
  if (option !== undefined && (LANGUAGES as readonly string[]).includes(option)) return option as Language;
  const chosen = [env.ANNOUNCE_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value.trim() !== "");
  return chosen !== undefined && /^de(?:$|[_\-.@])/i.test(chosen.trim()) ? "de" : "en";
}

/** The pieces of a time in the process's time zone, as Intl.DateTimeFormat gives them. */
function localParts(date: Date): Record<"year" | "month" | "day" | "hour" | "minute" | "second" | "offset", string> {
  // A formatter per call: the process's time zone may change (TZ set at run time), and this is not hot.
  const format = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  });
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  // "GMT+01:00", "GMT-03:30", or "GMT" for UTC itself.
  const zone = parts.timeZoneName ?? "GMT";
  const offset = zone === "GMT" || zone === "UTC" ? "+00:00" : zone.replace(/^(GMT|UTC)/, "");
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!, offset };
}

/**
 * A time for people, in the local time zone with its offset: `20.11.2027, 10:00 (+01:00)` in German,
 * `2027-11-20 10:00 (+01:00)` in English; with `seconds`, to the second (the audit log). A value that is
 * not a time is shown as it is.
 */
export function formatTime(value: string | Date, options: { seconds?: boolean } = {}): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const p = localParts(date);
  const clock = `${p.hour}:${p.minute}${options.seconds ? `:${p.second}` : ""}`;
  return current === "de" ? `${p.day}.${p.month}.${p.year}, ${clock} (${p.offset})` : `${p.year}-${p.month}-${p.day} ${clock} (${p.offset})`;
}

/** Seconds of a wait, for a progress line: one decimal below 10 s, with the language's decimal mark. */
export function seconds(ms: number, decimalMark: "." | ","): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1).replace(".", decimalMark) : String(Math.round(ms / 1000));
}

/** A failure's code in the words of a progress line, the code kept beside them: "no answer (TIMEOUT)". */
export function reasonWords(code: string, words: Readonly<Record<string, string>>): string {
  return words[code] ? `${words[code]} (${code})` : code;
}
