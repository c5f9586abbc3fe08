/**
 * The German message catalogue: every code of src/messages.ts, worded for a press office. It is typed by
 * the English catalogue's parameters ({@link Catalogue}), so a code without a German text, or a template
 * that reads a parameter the code does not have, does not compile; `test/messages.test.ts` renders every
 * code in both languages.
 *
 * Terms, used alike everywhere: Meldung (notice), Kanal (channel), Beitrag (post), veröffentlichen
 * (publish), Freigabe (approval), Journal (the ledger), Protokoll (the audit log), Zugangstoken (access
 * token), Alternativtext (alt text), Kopfbereich (front matter), Konfiguration (channels.yaml).
 * Codes, keys, commands and file names stay as they are typed.
 */
import { formatTime } from "./language.js";
import type { Amendments, Catalogue, LineDamage, LoginValue, TokenOf, ValueReason } from "./messages.js";
import { shellPath } from "./shell-path.js";
import { unitDe } from "./ui-texts.de.js";

/** ": was die Plattform sagte", oder nichts. */
const said = (platformMessage: string | undefined) => (platformMessage ? `: ${platformMessage}` : "");
/** " (warum)", oder nichts. */
const aside = (why: string | undefined) => (why ? ` (${why})` : "");
const configured = (channels: readonly string[]) => `Konfigurierte Kanäle: ${channels.join(", ")}.`;
const seconds = (ms: number) => Math.round(ms / 1000);
const minutes = (ms: number) => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** What a login misses (LOGIN_INPUT_MISSING), as the subject of "fehlt". */
const LOGIN_VALUES: Record<LoginValue["what"], (platform: string) => string> = {
  "app-id": (platform) => `die ID der ${platform}-App`,
  "app-secret": (platform) => `der App-Geheimschlüssel der ${platform}-App`,
  "user-token": (platform) => `ein kurzlebiges ${platform}-Nutzertoken`,
  "app-password": (platform) => `ein ${platform}-App-Passwort`,
  "current-token": (platform) => `das aktuelle langlebige ${platform}-Token des Kanals`,
};

const TOKEN_HINTS: Record<TokenOf | "any", string> = {
  any: "Erstellen Sie ein neues Zugangstoken und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret).",
  mastodon:
    "Erstellen Sie ein Zugangstoken (Einstellungen → Entwicklung) mit den Berechtigungen write:statuses, write:media, read:accounts und read:statuses und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret).",
  meta: "Erstellen Sie ein neues Zugangstoken (ein Token eines Systemnutzers aus der Meta Business Suite läuft nicht ab) und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret).",
  instagram:
    "Token aus dem Instagram-Login gelten 60 Tage: Erneuern Sie ein langlebiges Token (mindestens 24 Stunden alt, noch nicht abgelaufen) mit announce login KANAL --refresh oder holen Sie mit announce login KANAL ein neues, und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret).",
  threads:
    "Threads-Token gelten 60 Tage: Erneuern Sie ein langlebiges Token (mindestens 24 Stunden alt, noch nicht abgelaufen) mit GET /refresh_access_token?grant_type=th_refresh_token oder erstellen Sie ein neues, und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret).",
  linkedin:
    "LinkedIn-Zugangstoken laufen nach 60 Tagen ab: Lassen Sie eine Administratorin oder einen Administrator der Seite die App erneut autorisieren (Berechtigung w_organization_social) und tragen Sie das Token in die Umgebungsvariable ein (im CI: als Secret).",
};
const tokenHint = (p: { tokenOf?: TokenOf }) => TOKEN_HINTS[p.tokenOf ?? "any"];

const ALT_HINT = "Beschreiben Sie, was das Bild zeigt, für Menschen, die es nicht sehen können, z. B. 'Stadtplan mit dem Sperrgebiet rund um die Kampstraße'.";
const IMAGE_PATH_HINT = "Bildpfade gelten relativ zur Meldungsdatei; prüfen Sie die Schreibweise und ob die Datei eingecheckt ist.";
const AGAIN_LATER = "Führen Sie denselben Befehl später erneut aus.";
const RATE_LIMIT_HINT = "Warten Sie und führen Sie denselben Befehl erneut aus; bereits Veröffentlichtes wird übersprungen.";
const SERVER_ERROR_HINT = "Meist vorübergehend: Führen Sie denselben Befehl später erneut aus; das Journal verhindert doppelte Beiträge.";

const unreachable = (p: { platform: string; reason?: string }) => `${p.platform} ist nicht erreichbar (${p.reason ?? "Netzwerkfehler"}).`;
const unreachableHint = () => "Prüfen Sie das Netzwerk und die API-Adresse in der Konfiguration; führen Sie denselben Befehl erneut aus.";

/** "Zeile 7 ist null, kein Eintrag", … */
function damagedLine(line: number, d: LineDamage): string {
  const what = ((): string => {
    switch (d.is) {
      case "not-json":
        return "ist kein JSON";
      case "cut-off":
        return "bricht ab (kein vollständiges JSON-Objekt)";
      case "not-a-record":
        return `ist ${d.value === "null" ? "null" : d.value === "array" ? "eine Liste" : d.value === "number" ? "eine Zahl" : d.value === "string" ? "eine Zeichenkette" : "ein Wahrheitswert"}, kein Eintrag`;
      case "wrong-version":
        return `hat die Version ${d.version ?? "(keine)"}; diese Version von announce liest Version 1`;
      case "unknown-type":
        return `hat einen unbekannten Typ ${d.type ?? "(keinen)"}`;
      case "field-missing":
        return `hat kein Feld ${d.field}`;
      case "field-invalid":
        return `hat ein ungültiges Feld ${d.field} (${d.reason})`;
    }
  })();
  return `Zeile ${line} ${what}`;
}

/** The kinds of value a validator names, in German. */
const KINDS: Record<string, string> = {
  text: "Text",
  "a number": "eine Zahl",
  "true or false": "wahr oder falsch (true/false)",
  "a list": "eine Liste",
  "a mapping": "eine Zuordnung (Schlüssel: Wert)",
  nothing: "nichts",
  null: "leer",
};
const kind = (what: string) => KINDS[what] ?? what;

/** "Der Konfigurationswert 'channels.b.page_id' muss Text sein, …" */
function invalidValue(what: "config" | "front matter", key: string, reason: ValueReason): string {
  const value = what === "config" ? `Der Konfigurationswert '${key}'` : `Der Wert '${key}' im Kopfbereich`;
  switch (reason.is) {
    case "missing":
      return what === "config" ? `In der Konfiguration fehlt der Pflichtschlüssel '${key}'.` : `Im Kopfbereich fehlt der Pflichtschlüssel '${key}'.`;
    case "needs-quotes":
      return `${value} muss Text sein, aber ${reason.value} wird als ${reason.as === "number" ? "Zahl" : "wahr oder falsch"} gelesen.`;
    case "wrong-type":
      return `${value} muss ${kind(reason.expected)} sein, nicht ${kind(reason.got)}.`;
    case "not-one-of":
      return `${value} ist "${reason.value}", und das ist keiner von: ${reason.options.join(", ")}.`;
    case "other":
      return `${value} ist ungültig: ${reason.message.replace(/\.$/, "")}.`;
  }
}

/** What to write instead, where the reason says; otherwise `fallback`. */
function invalidValueHint(key: string, reason: ValueReason, fallback: string): string {
  const leaf = key.split(".").at(-1) ?? key;
  if (reason.is === "needs-quotes") return `Setzen Sie den Wert in Anführungszeichen (${leaf}: "${reason.value}"), damit er als Text gelesen wird.`;
  if (reason.is === "missing") return `Ergänzen Sie dort eine Zeile '${leaf}: …'. ${fallback}`;
  if (reason.is === "not-one-of" && reason.suggestion !== undefined) return `Meinten Sie '${reason.suggestion}'? Dann schreiben Sie: ${leaf}: ${reason.suggestion}.`;
  return fallback;
}

/** "Meinten Sie 'x'? ", oder nichts: der Anfang eines Hinweises. */
const didYouMean = (suggestion: string | undefined) => (suggestion === undefined ? "" : `Meinten Sie '${suggestion}'? `);

/** The German catalogue. */
export const de: Catalogue = {
  // ── Die Meldung ────────────────────────────────────────────────────────────────────────────────────
  YAML_SYNTAX: {
    message: (p) => `Das YAML ist ungültig: ${p.reason}`,
    hint: () => "Prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen in dieser Zeile; setzen Sie Werte, die ': ' enthalten oder mit einem Sonderzeichen beginnen, in Anführungszeichen.",
  },
  YAML_COLON_UNQUOTED: {
    message: (p) => `Der Wert von '${p.key}' enthält ': ', was YAML als Beginn eines weiteren Schlüssels liest.`,
    hint: (p) => `Setzen Sie den Wert in Anführungszeichen; fügen Sie stattdessen diese Zeile ein: ${p.quoted}`,
  },
  NOTICE_NOT_FOUND: {
    message: (p) => `Die Meldungsdatei ${p.file} kann nicht gelesen werden (${p.reason}).`,
    hint: () => "Prüfen Sie den Pfad; er gilt relativ zum aktuellen Verzeichnis.",
  },
  NOTICE_NO_FRONT_MATTER: {
    message: () => "Die Meldung hat keinen YAML-Kopfbereich (Front Matter).",
    hint: () => "Beginnen Sie die Datei mit einer Zeile '---', dann mindestens 'title: ...', dann einer Zeile '---', dann dem Text.",
  },
  NOTICE_EMPTY_BODY: {
    message: () => "Die Meldung hat unter dem Kopfbereich keinen Text.",
    hint: () => "Schreiben Sie die Meldung unter die abschließende Zeile '---'.",
  },
  NOTICE_TITLE_MISSING: {
    message: () => "Der Kopfbereich hat keinen Titel.",
    hint: () => "Ergänzen Sie im Kopfbereich eine Zeile 'title: ...'.",
  },
  NOTICE_UNKNOWN_KEY: {
    message: (p) => `Der Kopfbereich enthält einen unbekannten Schlüssel '${p.keys.join("', '")}'.`,
    hint: (p) => didYouMean(p.suggestion) + "Bekannte Schlüssel: title, id, lang, link, hashtags, images, urgent, publish_at, content_warning, channels, overrides, author.",
  },
  NOTICE_INVALID_VALUE: {
    message: (p) => invalidValue("front matter", p.key, p.reason),
    hint: (p) => invalidValueHint(p.key, p.reason, "Siehe das Format der Meldung in der README."),
  },
  NOTICE_IMAGE_NOT_FOUND: {
    message: (p) => ("path" in p ? `Das Bild ${p.path} existiert nicht.` : `Ein Bild der Meldung existiert nicht (${p.file ?? "?"}).`),
    hint: () => IMAGE_PATH_HINT,
  },
  NOTICE_IMAGE_ALT_MISSING: {
    message: (p) => `Das Bild ${p.path} hat keinen Alternativtext.`,
    hint: () => ALT_HINT,
  },
  NOTICE_IMAGE_ALT_FILENAME: {
    message: (p) => `Der Alternativtext von ${p.path} ist nur der Dateiname.`,
    hint: () => ALT_HINT,
  },
  NOTICE_IMAGE_ALT_TOO_SHORT: {
    message: (p) => `Der Alternativtext von ${p.path} ist kürzer als 10 Zeichen.`,
    hint: () => ALT_HINT,
  },

  // ── Die Konfiguration ──────────────────────────────────────────────────────────────────────────────
  CONFIG_NOT_FOUND: {
    message: (p) => (p.errno === "ENOENT" ? `Die Konfigurationsdatei ${p.file} existiert nicht.` : `Die Konfigurationsdatei ${p.file} kann nicht gelesen werden (${p.errno}).`),
    hint: () => "Legen Sie channels.yaml an (siehe channels.example.yaml) oder nennen Sie die Datei mit --config PFAD oder ANNOUNCE_CONFIG.",
  },
  CONFIG_ENV_MISSING: {
    message: (p) =>
      p.of === "value"
        ? `Die Umgebungsvariable ${p.name} ist nicht gesetzt (verwendet von ${p.usedBy}).`
        : `Die Umgebungsvariable ${p.name ?? "?"} für ${p.channel}.${p.key} ist nicht gesetzt.`,
    hint: (p) =>
      p.of === "value"
        ? `Setzen Sie ${p.name} in der Umgebung (im CI: als Secret oder Variable).`
        : `Setzen Sie ${p.name ?? "sie"} in der Umgebung (im CI: als Secret); das Token selbst gehört nie in die Konfigurationsdatei.${p.validate ? " Um Meldungen und Konfiguration ohne die Zugangsdaten zu prüfen (z. B. auf dem Rechner einer Redakteurin), führen Sie validate mit --no-secrets aus." : ""}`,
  },
  CONFIG_NO_CHANNELS: {
    message: () => "Die Konfiguration enthält keine Kanäle.",
    hint: () => "Tragen Sie unter 'channels:' mindestens einen Kanal ein (siehe channels.example.yaml).",
  },
  CONFIG_UNKNOWN_KEY: {
    message: (p) => `Die Konfiguration enthält einen unbekannten Schlüssel '${p.key}'.`,
    hint: (p) => didYouMean(p.suggestion) + "Prüfen Sie die Schreibweise anhand von channels.example.yaml oder des JSON-Schemas in schema/channels.schema.json.",
  },
  CONFIG_SECRET_LITERAL: {
    message: (p) => `${p.key} muss ein Verweis \${ENV_VAR} sein, nicht das Geheimnis selbst.`,
    hint: () =>
      "Schreiben Sie z. B. access_token: ${MASTODON_TOKEN} und setzen Sie MASTODON_TOKEN in der Umgebung; entfernen Sie das Token aus der Datei (und erneuern Sie es, falls es eingecheckt wurde).",
  },
  CONFIG_INVALID_VALUE: {
    message: (p) => invalidValue("config", p.key, p.reason),
    hint: (p) => invalidValueHint(p.key, p.reason, `Siehe das Format der Konfiguration in der README oder in channels.example.yaml. Plattformen: ${p.platforms.join(", ")}.`),
  },

  MEDIA_HOST_MISSING: {
    message: (p) => `${p.channel}: ${p.platform} holt jedes Bild von einer öffentlichen Adresse, und die Konfiguration nennt keinen Ordner, der unter einer solchen erreichbar ist.`,
    hint: () =>
      "Ergänzen Sie media: { dir: ./public/media, base_url: https://www.example-stadt.de/media/ } in der Konfiguration: einen Ordner, der unter dieser Adresse erreichbar ist (Standard ist der Medienordner eines Website-Kanals).",
  },

  // ── Kanäle und Planung ─────────────────────────────────────────────────────────────────────────────
  NOTICE_UNKNOWN_CHANNEL: {
    message: (p) =>
      p.in === "channels" ? `Die Meldung nennt den Kanal '${p.name}', der nicht in der Konfiguration steht.` : `overrides.${p.name} nennt keinen konfigurierten Kanal und keine Plattform.`,
    hint: (p) => didYouMean(p.suggestion) + (p.in === "channels" ? `Verwenden Sie einen Kanalnamen oder eine Plattform-ID. ${configured(p.configured)}` : configured(p.configured)),
  },
  UNKNOWN_CHANNEL: {
    message: (p) => `--channel ${p.name} nennt keinen konfigurierten Kanal und keine Plattform.`,
    hint: (p) => didYouMean(p.suggestion) + configured(p.configured),
  },
  NO_CHANNELS_SELECTED: {
    message: () => "Für diese Meldung ist kein aktiver Kanal ausgewählt.",
    hint: (p) => `Prüfen Sie die Kanalliste der Meldung, --channel und 'enabled' in der Konfiguration. ${configured(p.configured)}`,
  },
  SECRETS_NOT_SET: {
    message: (p) => `Nicht gesetzt: ${p.names.join(", ")}. Die Vorschau braucht sie nicht, das Veröffentlichen schon.`,
    hint: () => "Setzen Sie sie vor dem Veröffentlichen in der Umgebung (im CI: als Secrets).",
  },
  POST_TOO_LONG: {
    message: (p) => `Beitrag ${p.post} für ${p.channel} ist ${p.length} ${unitDe(p.unit)} lang; erlaubt sind ${p.limit}.`,
    hint: () => "Ein einzelnes Wort, eine Adresse oder ein Hashtag ist länger, als ein Beitrag erlaubt; kürzen Sie es.",
  },
  IMAGE_UNUSABLE: {
    message: (p) => `Das Bild ${p.path} kann für ${p.channels.join(", ")} nicht aufbereitet werden: ${p.reason.replace(/\.$/, "")}.`,
    hint: () => "Prüfen Sie, ob die Datei ein gültiges JPEG-, PNG-, WebP- oder GIF-Bild ist.",
  },
  PSEUDO_FORMATTING: {
    message: () => "Der Text enthält Unicode-Zeichen für „falschen“ Fett- oder Kursivdruck, die Bildschirmleser Buchstabe für Buchstabe vorlesen oder auslassen.",
    hint: () => "Verwenden Sie normale Buchstaben; Hervorhebungen mit **…** werden sauber entfernt.",
  },
  HASHTAG_NOT_CAMELCASE: {
    message: (p) => `Der Hashtag #${p.tag} ist durchgehend kleingeschrieben; Bildschirmleser können seine Wörter nicht unterscheiden.`,
    hint: (p) => `Schreiben Sie jedes Wort mit großem Anfangsbuchstaben, z. B. #${p.tag.charAt(0).toLocaleUpperCase() + p.tag.slice(1)}…`,
  },
  MARKDOWN_DROPPED: {
    message: (p) =>
      p.kind === "html"
        ? `Das HTML "${p.start}" wird nicht in die Beiträge übernommen.`
        : `Das Bild "${p.alt}" im Text wird nicht in die Beiträge übernommen (Bilder gehören in die Liste images im Kopfbereich).`,
    hint: () => "Entfernen Sie es aus dem Text oder beschreiben Sie es in Worten.",
  },
  TEXT_SHORTENED: {
    message: (p) => `Der Text ist länger als ${p.limit} ${unitDe(p.unit)} und wurde für ${p.channel} nach einem Satz gekürzt.`,
    hint: (p) => `Prüfen Sie die Kürzung in der Vorschau oder geben Sie ${p.channel} mit overrides.${p.channel}.text einen kürzeren Text.`,
  },
  TOO_MANY_IMAGES: {
    message: (p) => `${p.channel} nimmt höchstens ${p.max} Bilder; ${p.dropped} von ${p.total} ${p.dropped === 1 ? "wird" : "werden"} dort nicht veröffentlicht.`,
    hint: () => "Verringern Sie die Zahl der Bilder oder nehmen Sie hin, dass auf diesem Kanal nur die ersten erscheinen.",
  },
  ALT_TEXT_TOO_LONG: {
    message: (p) => `Der Alternativtext von ${p.path} ist länger als die ${p.max} Zeichen, die ${p.channel} annimmt; er wird gekürzt.`,
    hint: () => "Kürzen Sie den Alternativtext; Einzelheiten gehören in den Beitragstext.",
  },
  BLUESKY_TAG_TOO_LONG: {
    message: (p) =>
      `Der Hashtag #${p.start}… ist länger, als Bluesky für einen Hashtag erlaubt (${p.maxGraphemes} Zeichen, ${p.maxBytes} Bytes); er bleibt als Text stehen, ist dort aber kein Hashtag.`,
    hint: () => "Verwenden Sie einen kürzeren Hashtag.",
  },
  INSTAGRAM_NEEDS_IMAGE: {
    message: (p) => `Instagram braucht mindestens ein Bild, und ${p.of === "notice" ? "die Meldung" : "der Beitrag"} hat keines.`,
    hint: (p) => (p.of === "notice" ? "Fügen Sie ein Bild mit Alternativtext hinzu oder nehmen Sie Instagram aus den Kanälen der Meldung." : undefined),
  },
  INSTAGRAM_TOO_MANY_HASHTAGS: {
    message: (p) => `Der Text für ${p.channel} hat ${p.count} Hashtags; Instagram erlaubt in einer Bildunterschrift höchstens ${p.max}.`,
    hint: (p) => `Geben Sie Instagram mit overrides.instagram.text${p.channel === "instagram" ? "" : ` (oder overrides.${p.channel}.text)`} einen Text mit höchstens ${p.max} Hashtags.`,
  },
  INSTAGRAM_HASHTAGS_TRIMMED: {
    message: (p) => `Instagram erlaubt höchstens ${p.max} Hashtags; für ${p.channel} werden nur ${p.room} der ${p.extra} Hashtags aus dem Kopfbereich angefügt.`,
    hint: (p) => `Wählen Sie die Hashtags für Instagram mit overrides.instagram.hashtags: Neben den ${p.written} im Text passen ${p.room}.`,
  },
  THREADS_MEDIA_URL_MISSING: {
    message: (p) =>
      p.channel === undefined
        ? "Threads holt Bilder von einer öffentlichen Adresse, und der Kanal hat kein media_base_url und kein media_dir."
        : `${p.channel} kann keine Bilder veröffentlichen: Threads holt sie von einer öffentlichen Adresse, und der Kanal hat kein media_base_url und kein media_dir.`,
    hint: (p) =>
      p.channel === undefined
        ? "Ergänzen Sie media: { dir, base_url } in der Konfiguration (oder einen Website-Kanal, dessen Medienordner der Standard ist)."
        : `Ergänzen Sie media: { dir, base_url } in der Konfiguration (oder einen Website-Kanal, dessen Medienordner der Standard ist); media_dir und media_base_url bei ${p.channel} haben Vorrang.`,
  },

  PREVIEW_HTML_UNWRITABLE: {
    message: (p) => `Die HTML-Vorschau kann nicht nach ${p.file} geschrieben werden (${p.errno ?? "Fehler"}).`,
    hint: () => "Geben Sie eine Datei in einem Ordner an, der existiert und beschreibbar ist: --html DATEI.",
  },
  PREVIEW_NOT_OPENED: {
    message: (p) => (p.why === "ci" ? `Im CI wird die HTML-Vorschau nicht geöffnet; sie liegt in ${p.file}.` : `Die HTML-Vorschau konnte nicht mit ${p.opener} geöffnet werden (${p.reason}); sie liegt in ${p.file}.`),
    hint: (p) => (p.why === "failed" ? "Öffnen Sie die Datei in einem Webbrowser." : undefined),
  },

  // ── Veröffentlichen ────────────────────────────────────────────────────────────────────────────────
  DUE_DIR_UNREADABLE: {
    message: (p) => `Der Ordner ${p.dir} kann nicht gelesen werden (${p.errno}).`,
    hint: () => "Geben Sie den Ordner an, in dem die Meldungen liegen.",
  },
  NOTICE_DUPLICATE_ID: {
    message: (p) => `${p.file} und ${p.other} haben dieselbe ID ${p.id}.`,
    hint: () => "Geben Sie einer der beiden eine eigene ID (den Schlüssel id: oder einen anderen Dateinamen): Unter der ID führt das Journal eine Meldung.",
  },
  NOTICE_NOT_DUE: {
    message: (p) => `Die Meldung ${p.id} ist für ${formatTime(p.at)} geplant und darf nicht vorher veröffentlicht werden.`,
    hint: () => "Warten Sie (announce due veröffentlicht sie, wenn es so weit ist), oder veröffentlichen Sie sie bewusst jetzt mit --now.",
  },
  PUBLISHING_PAUSED: {
    message: (p) => `Veröffentlichungen sind seit ${formatTime(p.at)} angehalten, von ${p.by}: ${p.reason}`,
    hint: () => "Während der Pause werden nur dringende Meldungen (urgent: true) veröffentlicht. Beenden Sie die Pause mit: announce resume",
  },
  NOTICE_NOT_APPROVED: {
    message: (p) =>
      p.why === "changed"
        ? `Die Meldung ${p.id} wurde nach ihrer Freigabe geändert; die Freigabe gilt nicht mehr.`
        : p.why === "self"
          ? `Die Meldung ${p.id} ist nur von ihrer Autorin oder ihrem Autor (${p.author}) freigegeben; sie braucht eine zweite Person.`
          : `Die Meldung ${p.id} braucht vor der Veröffentlichung eine Freigabe (require_approval ist eingeschaltet).`,
    hint: (p) => `Eine andere Person als die Autorin oder der Autor prüft die Meldung in ihrer jetzigen Fassung und führt aus: announce approve ${shellPath(p.file)} --by NAME`,
  },
  APPROVER_IS_AUTHOR: {
    message: (p) => `${p.by} hat die Meldung verfasst und kann sie nicht freigeben.`,
    hint: () => "Bitten Sie eine zweite Person, die Meldung zu prüfen und freizugeben.",
  },
  NOTICE_CHANGED: {
    message: (p) =>
      p.after === "interrupted"
        ? `Die Meldung wurde nach einem unterbrochenen Versuch geändert, sie auf ${p.channel} zu veröffentlichen (Beitrag ${p.post}, ${formatTime(p.at)}); die frühere Fassung ist vielleicht online.`
        : `Die Meldung wurde geändert, nachdem sie auf ${p.channel} veröffentlicht wurde; die veröffentlichte Fassung weicht von der Datei ab.`,
    hint: (p) =>
      p.after === "interrupted"
        ? `Stellen Sie den Text jenes Versuchs wieder her und führen Sie denselben Befehl aus (er findet den Beitrag und trägt ihn ein), oder sehen Sie auf ${p.channel} nach: Löschen Sie den früheren Beitrag von Hand, falls er dort ist, entfernen Sie die Zeilen dieser Meldung zu ${p.channel} aus der Journaldatei und veröffentlichen Sie erneut.`
        : `Um die Korrektur auf jeder Fassung zu veröffentlichen, führen Sie aus: announce correct ${shellPath(p.file)} (es bearbeitet die Beiträge an Ort und Stelle, wo die Plattform es erlaubt); oder stellen Sie den veröffentlichten Text wieder her.`,
  },
  THREAD_SPLIT_CHANGED: {
    message: (p) =>
      `Die Meldung ergibt auf ${p.channel} jetzt ${p.posts} Beiträge, geplant waren ${p.planned}, als die ersten Beiträge erschienen (eine Zeichengrenze hat sich seitdem geändert).`,
    hint: (p) => `Stellen Sie die Grenze wieder her (max_characters in der Konfiguration), oder entfernen Sie das Veröffentlichte (announce delete ${shellPath(p.file)} --channel ${p.channel}) und veröffentlichen Sie erneut.`,
  },
  LEDGER_NO_RECORDS: {
    message: (p) =>
      `Das Journal verzeichnet die Meldung ${p.id}${p.channels && p.channels.length > 0 ? ` auf ${p.channels.join(", ")}` : ""} nicht: announce kennt keinen Beitrag von ihr, den es löschen könnte, und hat nichts gelöscht.`,
    hint: (p) =>
      `Wurde sie veröffentlicht und ist ihr Journal verloren, suchen und verzeichnen Sie ihre Beiträge zuerst: announce adopt ${p.file} --since ZEIT (eine Zeit vor der Veröffentlichung), dann löschen Sie erneut. Wurde sie von hier nie veröffentlicht, gibt es nichts zu löschen.`,
  },
  SINCE_INVALID: {
    message: (p) => (p.why === "future" ? `--since ${p.value} liegt in der Zukunft.` : `--since ${p.value} ist kein Datum mit Uhrzeit.`),
    hint: () => "Geben Sie eine Zeit vor der ersten Veröffentlichung der Meldung an, in ISO 8601 mit Datum, z. B. 2026-11-29T07:00+01:00 oder 2026-11-29.",
  },
  ADOPT_NOT_FOUND: {
    message: (p) =>
      p.found === 0
        ? `Seit ${formatTime(p.since)} wurde kein Beitrag der Meldung gefunden; post wird sie veröffentlichen.`
        : `${p.found} von ${p.total} Beiträgen wurden seit ${formatTime(p.since)} gefunden und verzeichnet; post wird den Rest veröffentlichen.`,
    hint: () =>
      "Ist sie online, prüfen Sie, ob --since vor der Veröffentlichung liegt und ob die Meldungsdatei die veröffentlichte Fassung ist (adopt sucht den Text, wie er gesendet wurde); sonst veröffentlicht announce post sie.",
  },
  CORRECTION_INTERRUPTED: {
    message: (p) => `Eine Korrektur der Meldung auf ${p.channel} (begonnen ${formatTime(p.at)}) ist nicht abgeschlossen, und die Meldung wurde seitdem erneut geändert.`,
    hint: (p) => `Stellen Sie den Text jener Korrektur wieder her und führen Sie announce correct ${shellPath(p.file)} aus, um sie abzuschließen; ändern Sie die Meldung dann und korrigieren Sie erneut.`,
  },
  CORRECT_POST_FIRST: {
    message: (p) =>
      p.state === "pending"
        ? `Ein Versuch, die Meldung auf ${p.channel} zu veröffentlichen, wurde unterbrochen; ob sie online ist, ist noch unbekannt.`
        : p.state === "partial"
          ? `Auf ${p.channel} ist nur ein Teil des Threads der Meldung in der aktuellen Fassung online.`
          : `Der letzte Versuch, die Meldung auf ${p.channel} zu veröffentlichen, ist fehlgeschlagen.`,
    hint: (p) => `Schließen Sie die Veröffentlichung mit announce post ${shellPath(p.file)} ab; eine Korrektur gilt nur für eine Fassung, die online ist.`,
  },
  NO_MANUAL_STEP: {
    message: (p) => `Auf ${p.channel} wartet kein Beitrag dieser Meldung darauf, von Hand gelöscht zu werden.`,
    hint: () => "Als gelöscht bestätigen lässt sich nur ein Beitrag, den announce delete (oder announce correct beim Ersetzen) von Hand zu löschen aufgetragen hat.",
  },
  CHANNEL_NOT_CONFIGURED: {
    message: (p) => `Die Meldung hat Beiträge auf ${p.channel}, und dieser Kanal steht nicht mehr in der Konfiguration.`,
    hint: (p) => `Nehmen Sie ${p.channel} wieder in die Konfiguration auf, um sie zu löschen, oder löschen Sie sie von Hand: ${p.posts.join(", ")}.`,
  },
  OUTCOME_UNKNOWN: {
    message: (p) =>
      `Ein unterbrochener Versuch, Beitrag ${p.posts.join(", ")} auf ${p.channel} zu veröffentlichen (${formatTime(p.at)}), hat vielleicht einen Beitrag hinterlassen, den das Journal nicht kennt.`,
    hint: (p) =>
      `Suchen Sie auf ${p.channel} nach einem Beitrag dieser Meldung aus jener Zeit und löschen Sie ihn von Hand; oder führen Sie zuerst announce post für die Meldung aus, das ihn findet und einträgt, und löschen Sie dann erneut.`,
  },

  // ── Der Statusordner und git ───────────────────────────────────────────────────────────────────────
  NOTICE_LOCKED: {
    message: (p) => `Ein anderer Lauf veröffentlicht oder löscht gerade die Meldung ${p.id}; nach ${seconds(p.waitMs)} s Warten aufgegeben.`,
    hint: (p) =>
      `Warten Sie, bis der andere Lauf fertig ist, und führen Sie denselben Befehl dann erneut aus (Veröffentlichtes wird übersprungen). Eine Sperre eines abgestürzten Laufs verfällt nach ${seconds(p.staleMs)} s.`,
  },
  GIT_SYNC_UNAVAILABLE: {
    message: (p) => `--git braucht den Statusordner ${p.stateDir} in einem git-Arbeitsverzeichnis, dessen Branch einem entfernten Branch folgt.`,
    hint: () => "Arbeiten Sie in einem Klon des Repositorys der Meldungen (im CI: den Branch auschecken, nicht einen einzelnen Commit), oder lassen Sie --git weg.",
  },
  GIT_FAILED: {
    message: (p) => `git ${p.command} ist in ${p.root} fehlgeschlagen${aside(p.why)}.`,
    hint: () => "Prüfen Sie das Arbeitsverzeichnis mit git status (Konflikte, ein losgelöster HEAD, fehlende Rechte) und führen Sie denselben Befehl dann erneut aus.",
  },
  GIT_PULL_FAILED: {
    message: (p) => `Das Arbeitsverzeichnis konnte nicht auf den Stand des entfernten Repositorys gebracht werden${aside(p.why)}.`,
    hint: () =>
      "Prüfen Sie, ob der CI-Job das Repository abrufen kann und ob das Arbeitsverzeichnis keine widersprechenden lokalen Änderungen hat (git status); führen Sie denselben Befehl dann erneut aus.",
  },
  GIT_PUSH_FAILED: {
    message: (p) => `"${p.what}" konnte nach ${p.attempts} Versuchen nicht übertragen werden${aside(p.why)}.`,
    hint: () =>
      "Das Journal ist in diesem Arbeitsverzeichnis committet: Übertragen Sie es von Hand (git pull --rebase && git push) oder bewahren Sie das Arbeitsverzeichnis auf und starten Sie neu; ein neuer Lauf gleicht ab, bevor er etwas erneut veröffentlicht.",
  },
  PRIVATE_STATE_STAGED: {
    message: (p) => `Privater Zustand wird nicht committet (${p.files.join(", ")}).`,
    hint: (p) => `Lassen Sie ${p.dirs.join(" und ")} in ${p.gitignore} eingetragen.`,
  },
  LEDGER_DAMAGED: {
    message: (p) =>
      `Das Journal der Meldung ${p.id} ist beschädigt: ${damagedLine(p.line, p.damage)}. Für diese Meldung wird nichts veröffentlicht oder gelöscht, bis es repariert ist, denn ohne diese Zeile könnte dem Journal ein veröffentlichter Beitrag fehlen.`,
    hint: () =>
      "Stellen Sie die Datei aus der Versionsverwaltung wieder her (git restore der Journaldatei; committen Sie das Journal nach jedem Lauf). Wenn Sie wissen, was in der Zeile stand, korrigieren Sie sie von Hand oder entfernen Sie sie; announce status zeigt dann, was der Rest des Journals sagt. Ein entfernter Eintrag eines veröffentlichten Beitrags führt dazu, dass der nächste post ihn erneut veröffentlicht.",
  },
  APPROVALS_DAMAGED: {
    message: (p) =>
      `Die Freigaben der Meldung ${p.id} sind beschädigt: ${damagedLine(p.line, p.damage)}. Die Meldung wird nicht veröffentlicht, solange sie eine Freigabe braucht und diese Datei nicht lesbar ist.`,
    hint: () =>
      "Stellen Sie die Datei aus der Versionsverwaltung wieder her (git restore der Freigabedatei) oder entfernen Sie diese Zeile; lassen Sie die Meldung dann bei Bedarf erneut freigeben: announce approve MELDUNG --by NAME.",
  },
  AUDIT_LINE_UNREADABLE: {
    message: (p) => `Das Protokoll ist beschädigt: ${damagedLine(p.line, p.damage)}; sie wird in dieser Auflistung ausgelassen.`,
    hint: () =>
      "Stellen Sie die Datei aus der Versionsverwaltung wieder her (git restore des Protokolls), wenn die Zeile wichtig ist; das Protokoll entscheidet nichts, das Veröffentlichen ist nicht betroffen.",
  },

  // ── Der Website-Kanal ─────────────────────────────────────────────────────────────────────────────
  WEBSITE_RESERVED_ID: {
    message: (p) => `Die ID "${p.id}" der Meldung kann keine Seite von ${p.channel} sein: Die Website verwendet diesen Namen selbst.`,
    hint: () => "Geben Sie der Meldung eine andere ID (id: im Kopfbereich, oder benennen Sie die Datei um).",
  },
  WEBSITE_ENTRY_DAMAGED: {
    message: (p) => `${p.file} kann nicht gelesen werden (${p.reason}): Seiten, Übersicht und Feeds der Website werden daraus erstellt.`,
    hint: () => "Stellen Sie die Datei aus der Versionsverwaltung wieder her (oder entfernen Sie den Ordner der Meldung und veröffentlichen Sie sie erneut) und führen Sie denselben Befehl dann erneut aus.",
  },
  WEBSITE_UNWRITABLE: {
    message: (p) => `Der Ordner ${p.dir} der Website kann nicht beschrieben werden (${p.errno}).`,
    hint: () => "Prüfen Sie dir in der Konfiguration: Der Ordner muss existieren oder angelegt werden können und beschreibbar sein; führen Sie denselben Befehl dann erneut aus.",
  },
  WEBSITE_NOT_DEPLOYED: {
    message: (p) =>
      p.why === "differs"
        ? `${p.url} ist nicht die Übersichtsseite aus ${p.dir}: Der Ordner ist nicht bereitgestellt (oder nur eine ältere Fassung); stellen Sie ihn bereit, sodass base_url ihn ausliefert.`
        : `${p.url} kann nicht gelesen werden (${p.reason}): Der Ordner ${p.dir} wird unter base_url noch nicht ausgeliefert; stellen Sie ihn bereit.`,
    hint: () => "Stellen Sie den Ordner bereit (README: die Bereitstellungsrezepte des Website-Kanals); announce check zeigt, wann base_url ihn ausliefert.",
  },

  // ── Antworten der Plattformen ──────────────────────────────────────────────────────────────────────
  AUTH_INVALID: {
    message: (p) => {
      switch (p.via) {
        case "answer":
          return `${p.platform} hat das Zugangstoken abgelehnt (${p.code})${said(p.platformMessage)}.`;
        case "debug_token":
          return `${p.platform} meldet, dass das Zugangstoken ungültig ist (debug_token).`;
        case "organization":
          return `LinkedIn hat das Zugangstoken von ${p.channel} abgelehnt (Organisation ${p.organization})${said(p.platformMessage)}.`;
        case "introspection":
          return `LinkedIn meldet für das Zugangstoken von ${p.channel} ${p.status ? `den Status „${p.status}“` : "„nicht aktiv“"} (Token-Prüfung).`;
        case "login":
          return `Bluesky hat die Anmeldung von "${p.identifier}" mit dem konfigurierten App-Passwort abgelehnt (${p.status}: ${p.reason}).`;
      }
    },
    hint: (p) => {
      switch (p.via) {
        case "answer":
        case "debug_token":
          return tokenHint(p);
        case "organization":
        case "introspection":
          return TOKEN_HINTS.linkedin;
        case "login":
          return "Prüfen Sie `identifier` (den Handle, z. B. name.bsky.social, oder die DID) und `service`. app_password muss ein App-Passwort sein (Einstellungen → Privatsphäre und Sicherheit → App-Passwörter), nicht das Kontopasswort; erstellen Sie ein neues, falls es widerrufen wurde.";
      }
    },
  },
  TOKEN_EXPIRED: {
    message: (p) => `${p.platform} meldet, dass das Zugangstoken abgelaufen ist (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => tokenHint(p),
  },
  PERMISSION_DENIED: {
    message: (p) => {
      switch (p.via) {
        case "status":
          return `${p.platform} hat die Anfrage verweigert (403)${said(p.platformMessage)}.`;
        case "account":
          return `${p.platform} verweigert die Auskunft über das Konto des Tokens (403): Ihm fehlt eine Leseberechtigung.`;
        case "debug_token":
          return `Dem ${p.platform}-Zugangstoken fehlt die Berechtigung ${p.missing.join(", ")}.`;
        case "answer":
          return `${p.platform} hat die Anfrage wegen einer fehlenden Berechtigung verweigert (${p.code})${said(p.platformMessage)}.`;
        case "organization":
          return `LinkedIn lässt ${p.channel} nicht für ${p.organization} handeln (403)${said(p.platformMessage)}.`;
        case "introspection":
          return `Dem LinkedIn-Zugangstoken von ${p.channel} fehlt die Berechtigung w_organization_social (es hat ${p.scopes.join(", ") || "keine"}).`;
      }
    },
    hint: (p) => {
      switch (p.via) {
        case "status":
          return "Prüfen Sie die Berechtigungen des Tokens für dieses Konto.";
        case "account":
          return TOKEN_HINTS.mastodon;
        case "debug_token":
          return `Erstellen Sie ein Token mit ${p.required.join(", ")} und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret).`;
        case "answer":
          return `Das Token braucht ${p.needed.join(", ")}${p.pageRole ? " (und eine Rolle auf der Seite, die Inhalte erstellen darf)" : ""}: Erstellen Sie ein neues Token damit und tragen Sie es in die Umgebungsvariable ein.`;
        case "organization":
          return "Wer das Token autorisiert hat, muss Administrator oder Inhalts-Administrator der Seite sein, und das Token braucht die Berechtigung w_organization_social.";
        case "introspection":
          return TOKEN_HINTS.linkedin;
      }
    },
  },
  ACCOUNT_MISMATCH: {
    message: (p) => `Das Threads-Token gehört zu ${p.name} (ID ${p.id}), nicht zur konfigurierten user_id ${p.user}.`,
    hint: () => "Setzen Sie user_id auf die ID des Kontos, für das das Token erstellt wurde, oder verwenden Sie das Token dieses Kontos.",
  },
  API_VERSION_INACTIVE: {
    message: (p) => `LinkedIn bedient die API-Version ${p.version} nicht (${p.status})${said(p.platformMessage)}.`,
    hint: (p) => `Setzen Sie \`version\` des Kanals ${p.channel} in der Konfiguration auf einen aktuellen Monat (JJJJMM); LinkedIn stellt Versionen nach etwa einem Jahr ein.`,
  },
  RATE_LIMITED: {
    message: (p) => `${p.platform} begrenzt die Zahl der Anfragen (${p.code})${said(p.platformMessage)}.`,
    hint: () => RATE_LIMIT_HINT,
  },
  QUOTA_EXHAUSTED: {
    message: (p) =>
      p.via === "quota"
        ? `Das Veröffentlichungskontingent von ${p.platform} ist ausgeschöpft: ${p.used} von ${p.total} Beiträgen je ${p.window}.`
        : `Das Veröffentlichungskontingent von ${p.platform} für die letzten 24 Stunden ist ausgeschöpft (${p.code})${said(p.platformMessage)}.`,
    hint: (p) =>
      p.via === "quota"
        ? "Führen Sie denselben Befehl erneut aus, wenn die ältesten Beiträge aus diesem Zeitraum gefallen sind; was anderswo veröffentlicht ist, wird nicht noch einmal veröffentlicht."
        : "Warten Sie, bis die ältesten Beiträge der letzten 24 Stunden aus dem Zeitraum gefallen sind, und führen Sie denselben Befehl dann erneut aus.",
  },
  SERVER_ERROR: {
    message: (p) =>
      p.via === "status" ? `${p.platform} hatte einen Serverfehler (${p.code})${said(p.platformMessage)}.` : `${p.platform} hatte einen vorübergehenden Fehler (${p.code})${said(p.platformMessage)}.`,
    hint: () => SERVER_ERROR_HINT,
  },
  TIMEOUT: {
    message: (p) => `${p.platform} hat nicht rechtzeitig geantwortet (${p.reason ?? "Zeitüberschreitung"}).`,
    hint: unreachableHint,
  },
  NETWORK: {
    message: unreachable,
    hint: unreachableHint,
  },
  REJECTED: {
    message: (p) => `${p.platform} hat die Anfrage abgelehnt (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => p.userHint ?? "Prüfen Sie die Meldung der Plattform; der Beitrag verstößt vielleicht gegen eine ihrer Regeln.",
  },
  MEDIA_REJECTED: {
    message: (p) =>
      p.via === "status"
        ? `${p.platform} hat einen Upload als zu groß abgelehnt (413)${said(p.platformMessage)}.`
        : `${p.platform} hat das Bild nicht angenommen (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => (p.via === "status" ? "Verwenden Sie ein kleineres Bild." : (p.userHint ?? "Prüfen Sie das Bild: JPEG, höchstens 8 MB, Seitenverhältnis 4:5 bis 1,91:1.")),
  },
  MEDIA_PROCESSING: {
    message: (p) => `${p.platform} hat ein Bild nach ${p.waitMs / 1000} s noch verarbeitet.`,
    hint: () => AGAIN_LATER,
  },
  MEDIA_DIR_UNWRITABLE: {
    message: (p) => `Das Bild konnte nicht nach ${p.file} geschrieben werden (${p.errno ?? "Fehler"}).`,
    hint: () => "Prüfen Sie media_dir in der Konfiguration: Der Ordner muss existieren oder angelegt werden können und beschreibbar sein.",
  },
  MEDIA_URL_UNREACHABLE: {
    message: (p) => {
      const what =
        "contentType" in p
          ? `antwortet mit Content-Type "${p.contentType || "keiner"}", nicht mit einem Bild`
          : "status" in p
            ? `antwortete mit ${p.status}`
            : `ist nicht abrufbar (${p.error})`;
      return `${p.platform} holt Bilder von media_base_url, aber ${p.url} ${what}.`;
    },
    hint: (p) =>
      `Der Ordner ${p.dir} (media_dir; das Bild liegt jetzt dort) muss unter ${p.base} (media_base_url) auf einem öffentlichen Webserver erreichbar sein: Veröffentlichen oder laden Sie den Ordner hoch und führen Sie denselben Befehl dann erneut aus.`,
  },
  CONTAINER_FAILED: {
    message: (p) => `${p.platform} konnte den Beitrag nicht verarbeiten (Container ${p.container} ist ${p.status ?? "unbekannt"}${p.reason ? `: ${p.reason}` : ""}).`,
    hint: (p) =>
      p.platform === "Threads"
        ? "Prüfen Sie Bilder und Text anhand der Regeln von Threads (JPEG/PNG bis 8 MB, 500 Zeichen, 5 Links) und führen Sie denselben Befehl dann erneut aus."
        : p.status === "EXPIRED"
          ? "Führen Sie denselben Befehl erneut aus: Er legt einen neuen Container an."
          : "Prüfen Sie das Bild (JPEG, höchstens 8 MB, Seitenverhältnis 4:5 bis 1,91:1) und die Bildunterschrift.",
  },
  CONTAINER_TIMEOUT: {
    message: (p) => `${p.platform} hat den Container ${p.container} nach ${seconds(p.waitedMs)} s noch verarbeitet.`,
    hint: () => AGAIN_LATER,
  },
  NOT_READY: {
    message: (p) => `${p.platform} verarbeitet die Medien noch (${p.code})${said(p.platformMessage)}.`,
    hint: (p) => p.userHint,
  },
  NOT_FOUND: {
    message: (p) => `${p.platform} kennt dieses Objekt nicht (100/33)${said(p.platformMessage)}.`,
    hint: (p) => p.userHint,
  },
  LINK_LIMIT_EXCEEDED: {
    message: (p) => `${p.platform} erlaubt höchstens 5 verschiedene Links je Beitrag${said(p.platformMessage)}.`,
    hint: (p) => `Verwenden Sie weniger Links in der Meldung oder in einer Abweichung (overrides) für ${p.platform}.`,
  },
  POLICY_BLOCKED: {
    message: (p) =>
      p.via === "violation"
        ? `${p.platform} hat dieses Konto wegen eines Richtlinienverstoßes vorübergehend für Beiträge gesperrt (368)${said(p.platformMessage)}.`
        : `${p.platform} hat diese Aktivität als mutmaßlichen Spam eingeschränkt (${p.code})${said(p.platformMessage)}.`,
    hint: (p) =>
      p.via === "violation"
        ? "Prüfen Sie die Benachrichtigungen des Kontos und die Kontoqualität in der Meta Business Suite; führen Sie denselben Befehl erneut aus, wenn die Sperre aufgehoben ist."
        : "Ein erneuter Versuch hilft nicht: Prüfen Sie das Konto in der Instagram-App und teilen Sie Instagram dort mit, dass der Beitrag kein Spam ist.",
  },
  DUPLICATE: {
    message: (p) => `${p.platform} meldet, dass der Beitrag den letzten wiederholt (506)${said(p.platformMessage)}.`,
    hint: () => "Ein früherer Versuch hat ihn vermutlich veröffentlicht; das Journal gleicht das ab.",
  },
  DUPLICATE_OF_DELETED: {
    message: (p) => `LinkedIn lehnt den Beitrag als Wiederholung von ${p.urn} ab, der nicht mehr existiert.`,
    hint: () => "LinkedIn merkt sich gelöschte Beiträge eine Weile: Ändern Sie den Text (oder eine Abweichung für LinkedIn) und veröffentlichen Sie erneut.",
  },
  DUPLICATE_OF_OLDER: {
    message: (p) => `LinkedIn lehnt den Beitrag als Wiederholung eines früheren Beitrags mit demselben Text ab (${p.urn}, ${formatTime(p.at)}), der nicht zu dieser Meldung gehört.`,
    hint: () => "LinkedIn nimmt denselben Text nicht zweimal: Ändern Sie den Text (oder eine Abweichung für LinkedIn) und veröffentlichen Sie erneut.",
  },
  ALREADY_PUBLISHED: {
    message: (p) =>
      p.platform === "Threads"
        ? `Ein früherer Versuch hat diesen Beitrag veröffentlicht (Container ${p.container}), aber Threads führt ihn noch nicht auf.`
        : `Ein früherer Versuch hat diesen Beitrag veröffentlicht (Container ${p.container}), aber er ist nicht unter den neuesten Medien.`,
    hint: (p) =>
      p.platform === "Threads"
        ? "Führen Sie denselben Befehl in einigen Minuten erneut aus: Er findet den Beitrag und trägt ihn ein."
        : "Sehen Sie im Instagram-Profil nach; veröffentlichen Sie den Beitrag nicht noch einmal von Hand.",
  },
  RECONCILE_INCOMPLETE: {
    message: (p) =>
      `${p.platform} führt seit Beginn des unterbrochenen Versuchs (${formatTime(p.since)}) mehr Beiträge auf, als zurückgelesen werden (${p.pages} Seiten), und der Beitrag war nicht unter den gelesenen: Ob er online ist, ist unbekannt.`,
    hint: () =>
      "Suchen Sie den Beitrag auf dem Konto. Ist er dort, verzeichnen Sie ihn mit announce adopt MELDUNG --since ZEIT (eine Zeit kurz vor seiner Erstellung, damit weniger zurückgelesen wird). Ist er nicht dort, oder um ihn zu ersetzen: Löschen Sie ihn von Hand, falls er dort ist, entfernen Sie dann die Zeilen dieser Meldung zu diesem Kanal aus der Journaldatei und veröffentlichen Sie erneut.",
  },
  RECORD_EXISTS: {
    message: (p) => `Bluesky hat bereits einen Beitrag mit diesem Schlüssel (${p.platformMessage}).`,
  },
  REPLY_TARGET_MISSING: {
    message: (p) => `Der Beitrag, auf den geantwortet werden soll (${p.id}), existiert auf Bluesky nicht mehr.`,
    hint: () => "Löschen Sie den veröffentlichten Teil des Threads und veröffentlichen Sie erneut.",
  },
  UNEXPECTED_RESPONSE: {
    message: (p) => (p.via === "graph" ? `${p.platform} hat eine Antwort geschickt, die kein JSON ist (${p.status}).` : `${p.platform} hat mit ${p.status} und einem Inhalt geantwortet, der kein JSON ist.`),
    hint: (p) => (p.via === "mastodon" ? "Prüfen Sie, ob `instance` die Adresse des Servers selbst ist, nicht einer Webseite oder eines Proxys davor." : undefined),
  },
  INVALID_RESPONSE: {
    message: (p) =>
      p.via === "bluesky" ? `Bluesky hat eine Antwort geschickt, die nicht gelesen werden konnte (${p.platformMessage}).` : "LinkedIn hat den Beitrag angenommen, aber seine ID nicht genannt (kein Header x-restli-id).",
  },
  MANUAL_DELETE: {
    message: (p) => `Instagram kann Beiträge nicht über seine API löschen: Löschen Sie den Beitrag von Hand in der Instagram-App${aside(p.url)}.`,
    hint: () => "Öffnen Sie den Beitrag in der Instagram-App, dann … → Löschen.",
  },
  INTERNAL_ERROR: {
    message: (p) => (p.in === "channel" ? `${p.platform}: interner Fehler: ${p.reason}` : `Die Veröffentlichung von ${p.id} wurde durch einen internen Fehler abgebrochen: ${p.reason}`),
    hint: (p) =>
      p.in === "channel"
        ? "Das ist ein Fehler in announce, kein Problem der Meldung oder der Plattform: Bitte melden Sie ihn mit der Ausgabe. Führen Sie denselben Befehl erneut aus, um abzuschließen: Ein Beitrag, den der unterbrochene Versuch vielleicht erstellt hat, wird zuerst gesucht."
        : "Das ist ein Fehler in announce: Bitte melden Sie ihn mit der Ausgabe. Führen Sie denselben Befehl erneut aus, um den Rest abzuschließen.",
  },
  CONFIG_SECRET_INVALID: {
    message: (p) => `Die Umgebungsvariable ${p.name} für ${p.channel}.${p.key} enthält einen Zeilenumbruch oder ein anderes Steuerzeichen.`,
    hint: () => "Setzen Sie die Variable auf das Token allein, ohne abschließenden Zeilenumbruch (z. B. printf statt echo beim Speichern, oder das Secret im CI neu eingeben).",
  },
  ENV_FILE_UNREADABLE: {
    message: (p) => `Die Datei ${p.file} existiert, kann aber nicht gelesen werden (${p.errno}).`,
    hint: () => "Machen Sie sie für den Benutzer lesbar, der announce ausführt (chmod 600 .env), oder entfernen Sie sie und setzen Sie die Variablen in der Umgebung.",
  },
  INIT_LOCKFILE_NOT_WRITTEN: {
    message: (p) =>
      p.reason === "source-unknown"
        ? "package-lock.json wurde nicht geschrieben: Es ist nicht bekannt, woher dieses announce installiert wurde, und eine bloße Versionsnummer würde unter dem Namen announce gesucht, der in der öffentlichen Registry einem anderen Projekt gehört."
        : `npm konnte package-lock.json nicht schreiben: ${p.reason.replace(/[.\s]+$/, "")}.`,
    hint: (p) =>
      p.reason === "source-unknown"
        ? "Tragen Sie in package.json ein, woher das CI announce installiert (dependencies.announce: die https-Adresse Ihres Release-Tarballs, eine git-Adresse mit #Tag oder eine genaue Version in Ihrer eigenen Registry), führen Sie dann `npm install --package-lock-only` aus, prüfen Sie in package-lock.json die Adresse `resolved` von node_modules/announce und checken Sie beide Dateien ein. Beim nächsten Mal: announce init --package QUELLE."
        : "Sobald die Paketquelle erreichbar ist, führen Sie im Ordner `npm install --package-lock-only` aus, prüfen in package-lock.json die Adresse `resolved` von node_modules/announce (sie muss die gemeinte Quelle sein) und checken package.json und package-lock.json ein.",
  },
  INIT_PACKAGE_NOT_PINNED: {
    message: (p) => `Das Paket ${p.spec} ist nicht auf eine Version festgelegt: Das CI könnte eine Version installieren, die niemand geprüft hat.`,
    hint: () => "Geben Sie eine genaue Version (0.1.0), eine Tarball-Adresse (https://…/announce-0.1.0.tgz) oder eine git-Adresse mit Tag oder Commit (git+https://…/announce.git#v0.1.0) an.",
  },
  LOGIN_CHOOSE_PAGE: {
    message: (p) => (p.pages.length === 0 ? "Das Token verwaltet keine Seite (oder nicht die gewünschte)." : `Das Token verwaltet mehrere Seiten: ${p.pages.join(", ")}.`),
    hint: () => "Wählen Sie eine mit --page ID (oder setzen Sie page_id in der Konfiguration des Kanals); die Person braucht auf der Seite eine Rolle, die Inhalte erstellen darf.",
  },
  LOGIN_FAILED: {
    message: (p) =>
      p.via === "browser"
        ? `${p.platform} hat die Freigabe im Browser abgelehnt${said(p.reason)}.`
        : p.via === "no-browser"
          ? `Innerhalb von ${p.minutes} Minuten kam kein Browser von ${p.platform} zurück; die Anmeldung ist nicht abgeschlossen.`
          : p.via === "port"
            ? `announce konnte auf localhost:${p.port} nicht auf die Weiterleitung von ${p.platform} warten (${p.reason}).`
            : p.missing
              ? `Die Antwort von ${p.platform} auf ${p.step} enthält kein ${p.missing}.`
              : `${p.platform} hat die Anmeldung bei ${p.step} abgelehnt${p.status ? ` (HTTP ${p.status})` : ""}${said(p.reason)}.`,
    hint: (p) =>
      p.via === "browser" || p.via === "no-browser"
        ? `Führen Sie announce login erneut aus und öffnen Sie die angezeigte Adresse in einem Browser, in dem Sie als Administrator der ${p.platform}-Seite angemeldet sind.`
        : p.via === "port"
          ? "Ein anderes Programm belegt den Port: Wählen Sie mit --port einen anderen (in der App als http://localhost:PORT/callback eingetragen) und führen Sie announce login erneut aus."
          : "Prüfen Sie die Instanz- oder API-Adresse in der Konfiguration, ID und Geheimschlüssel der App und ob Code oder Token frisch sind (Codes und kurzlebige Token verfallen nach Minuten bis einer Stunde); führen Sie announce login dann erneut aus.",
  },
  LOGIN_INPUT_MISSING: {
    message: (p) => `Für die Anmeldung fehlt ${LOGIN_VALUES[p.what](p.platform)}.`,
    hint: (p) =>
      p.what === "app-id" || p.what === "app-secret"
        ? `Geben Sie den Wert mit ${p.what === "app-id" ? `--app-id${p.configKey ? `, ${p.configKey} in der Konfiguration des Kanals` : ""} oder ` : "der Variablen "}${p.variable} an (im Terminal fragt announce danach; ohne Terminal liest es eine Zeile von stdin).`
        : p.what === "current-token"
          ? "Setzen Sie die Token-Variable des Kanals (in der Umgebung oder in .env) auf sein aktuelles langlebiges Token, oder melden Sie sich ohne --refresh neu an."
          : "Geben Sie den Wert ein, wenn announce im Terminal danach fragt, oder übergeben Sie ihn als Zeile auf stdin.",
  },
  LOGIN_NOT_APP_PASSWORD: {
    message: () => "Das ist kein Bluesky-App-Passwort (App-Passwörter sehen aus wie xxxx-xxxx-xxxx-xxxx); das eigene Passwort des Kontos wird nie gespeichert.",
    hint: () => "Erstellen Sie in Bluesky ein App-Passwort (Einstellungen → Privatsphäre und Sicherheit → App-Passwörter) und geben Sie dieses an.",
  },
  LOGIN_NOT_SUPPORTED: {
    message: (p) => `announce login unterstützt ${p.platform} noch nicht.`,
    hint: () => "Erstellen Sie das Token, wie es die Token-Anleitung der README beschreibt, und tragen Sie es unter dem Namen, den die Konfiguration nennt, in .env oder die Secrets des CI ein.",
  },
  NOTICE_DRAFT: {
    message: (p) => `Die Meldung ${p.id} ist ein Entwurf (draft: true) und wird nicht veröffentlicht.`,
    hint: () => "Wenn sie fertig ist, entfernen Sie die Zeile draft: true aus dem Kopfbereich (nach der Prüfung, falls Freigaben verlangt sind).",
  },
  NOTICE_ID_FROM_FILE_NAME: {
    message: (p) => `Der Dateiname ${p.name} ergibt keine gültige ID (Buchstaben, Ziffern, '.', '_' und '-', beginnend mit einem Buchstaben oder einer Ziffer).`,
    hint: () => "Benennen Sie die Datei um, oder geben Sie der Meldung im Kopfbereich eine id:.",
  },
  NOTICE_NOT_A_FILE: {
    message: (p) => `${p.file} ist keine gewöhnliche Datei; eine Meldung wird nur aus einer gewöhnlichen Datei gelesen.`,
    hint: () => "Geben Sie den Pfad der .md-Datei der Meldung an.",
  },
  NOTICE_TOO_LARGE: {
    message: (p) => (p.what === "file" ? `Die Meldungsdatei ist ${p.size} Bytes groß; eine Meldung darf höchstens ${p.max} Bytes haben.` : `Der Text der Meldung ist ${p.size} Zeichen lang; erlaubt sind höchstens ${p.max}.`),
    hint: (p) => (p.what === "file" ? "Prüfen Sie, ob der Pfad die Meldung nennt und nicht eine andere Datei." : "Kürzen Sie den Text und verlinken Sie die vollständige Fassung auf der Website (link:)."),
  },
  STATE_SYMLINK: {
    message: (p) => `${p.path} im Statusordner ist ein symbolischer Link; announce folgt dort keinen Links, damit kein Eintrag und kein Token außerhalb des Statusordners geschrieben wird.`,
    hint: () => "Ersetzen Sie den Link durch die Datei oder den Ordner selbst (aus der Versionsverwaltung wiederherstellen) und führen Sie denselben Befehl dann erneut aus.",
  },
  THREAD_TOO_LONG: {
    message: (p) => `Der Text braucht auf ${p.channel} einen Thread aus ${p.posts} Beiträgen; erlaubt sind dort höchstens ${p.max}.`,
    hint: () => "Kürzen Sie die Meldung: Behalten Sie, was die Menschen jetzt wissen müssen, und stellen Sie Einzelheiten auf die verlinkte Seite (link: im Kopfbereich). Oder erhöhen Sie max_thread_posts für den Kanal in channels.yaml.",
  },
  UNREACHABLE: {
    message: (p) => `${p.channel}: ${p.platform} hat nicht innerhalb von ${seconds(p.deadlineMs)} s geantwortet${aside(p.reason && `zuletzt: ${p.reason}`)}; der Kanal bleibt in diesem Lauf außen vor.`,
    hint: (p) => `Die anderen Kanäle wurden bedient. Führen Sie denselben Befehl erneut aus, wenn ${p.platform} antwortet: Veröffentlichtes wird übersprungen (announce due versucht den Kanal beim nächsten Lauf erneut). Die Frist ist timeouts.connect in channels.yaml, oben oder im Eintrag des Kanals (dringende Meldungen: timeouts.urgent_connect).`,
  },
  APPROVER_NOT_ALLOWED: {
    message: (p) => `Der Schlüssel, mit dem die Freigabe signiert wurde, steht nicht in ${p.files.join(" oder ")}.`,
    hint: () => "Tragen Sie den öffentlichen Schlüssel der freigebenden Person in die Datei allowed_signers im Repository ein (als geprüfte Änderung), oder signieren Sie mit einem Schlüssel, der dort steht.",
  },
  APPROVAL_SIGNING_FAILED: {
    message: (p) => `Die Freigabe konnte nicht mit ${p.key} signiert werden (${p.reason}).`,
    hint: () => "Geben Sie mit --key den privaten Schlüssel an (oder, mit ssh-agent, seine .pub-Datei); ssh-keygen (OpenSSH 8.2 oder neuer) muss installiert sein.",
  },
  APPROVAL_NEEDS_SIGNATURE: {
    message: () => "Freigaben dieser Meldung müssen signiert sein: Eine Freigabe nur mit Namen zählt hier nicht.",
    hint: () => "Signieren Sie die Freigabe mit Ihrem SSH-Schlüssel: announce approve MELDUNG --key ~/.ssh/id_ed25519 (unsigned_approvals: true in der Konfiguration erlaubt --by).",
  },
  APPROVAL_SIGNATURE_INVALID: {
    message: (p) =>
      `Die signierte Freigabe der Meldung ${p.id} durch ${p.by} (Zeile ${p.line} ihrer Freigabedatei) lässt sich nicht prüfen: Der Eintrag oder seine Signatur wurde nach dem Signieren verändert.`,
    hint: () => "Stellen Sie die Freigabedatei aus der Versionsverwaltung wieder her und klären Sie, wer sie geändert hat; lassen Sie die Meldung dann erneut freigeben: announce approve MELDUNG --key SCHLÜSSEL.",
  },
  UNEXPECTED: {
    message: (p) => `${p.platform}: unerwarteter Fehler: ${p.reason}`,
    hint: () => "Führen Sie denselben Befehl erneut aus; bleibt der Fehler, melden Sie ihn bitte.",
  },
};

/** The German amendments (see src/messages.ts). */
export const deAmendments: Amendments = {
  waitTooLong: {
    message: (p) => `${p.message.replace(/\.$/, "")}; sie bittet, ${minutes(p.waitMs)} zu warten, länger als die ${minutes(p.maxWaitMs)}, die ein Lauf wartet.`,
    hint: (p) => `Führen Sie denselben Befehl nach ${formatTime(p.until)} erneut aus; bereits Veröffentlichtes wird übersprungen.`,
  },
};
