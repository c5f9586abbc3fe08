/**
 * What a correction says (`announce correct`), as a notice that the platforms render like any other: a
 * reply in the thread starts with a correction line in the notice's language ("Korrektur: …") and carries
 * the corrected text; a post edited in place or posted again carries the corrected text, with the
 * correction note (`--note`, `correction_note:`) as its last line when there is one. Pure.
 */
import type { Notice } from "../announcement/notice.js";
import type { CorrectionHow } from "../state/ledger.js";

/** The word that starts a correction line, by the notice's language (its primary subtag); English otherwise. */
const CORRECTION_WORD: Readonly<Record<string, string>> = {
  de: "Korrektur",
  en: "Correction",
  fr: "Correction",
  nl: "Correctie",
  it: "Correzione",
  es: "Corrección",
  pl: "Korekta",
  tr: "Düzeltme",
  uk: "Виправлення",
  ru: "Исправление",
  ar: "تصحيح",
};

/** "Korrektur" for de, de-DE, …; "Correction" for a language without an entry. */
export function correctionWord(lang: string | undefined): string {
  return CORRECTION_WORD[(lang ?? "en").split("-")[0]!.toLowerCase()] ?? CORRECTION_WORD.en!;
}

/**
 * The notice as a correction publishes it on a channel.
 * @param how `reply`: the correction line first ("Korrektur: <note>" or "Korrektur: <title>"), then the
 *   corrected title and text; `edit` and `replace`: the corrected notice, with "Korrektur: <note>" as its
 *   last paragraph when there is a note
 * @param lang the notice's language (or the config's default)
 */
export function correctionNotice(notice: Notice, how: CorrectionHow, lang: string | undefined, note: string | undefined): Notice {
  const word = correctionWord(lang);
  if (how === "reply") {
    if (!note) return { ...notice, title: `${word}: ${notice.title}` };
    return { ...notice, title: `${word}: ${note}`, body: `${notice.title}\n\n${notice.body}` };
  }
  if (!note) return notice;
  return { ...notice, body: `${notice.body.replace(/\s+$/, "")}\n\n${word}: ${note}\n` };
}
