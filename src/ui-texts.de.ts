/**
 * The German human texts: every text of src/ui-texts.ts, in the same sections, typed by the English ones
 * ({@link Texts}), so a missing text does not compile. The terms are those of src/messages.de.ts.
 */
import { formatTime, reasonWords, seconds } from "./language.js";
import type { Texts } from "./ui-texts.js";

/** The units a post's length is measured in, as the platforms' modules name them. */
const UNITS: Record<string, string> = {
  characters: "Zeichen",
  graphemes: "Schriftzeichen",
  "characters (emoji as bytes)": "Zeichen (Emoji nach Bytes)",
};
/** A length unit in German; one this table does not know is shown as it is. */
export const unitDe = (unit: string) => UNITS[unit] ?? unit;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Failure codes in the words of a progress line. */
const REASONS_DE: Record<string, string> = {
  TIMEOUT: "keine Antwort",
  NETWORK: "keine Verbindung",
  RATE_LIMITED: "Anfragelimit erreicht",
  SERVER_ERROR: "Serverfehler",
  MEDIA_PROCESSING: "Bild wird noch verarbeitet",
  CONTAINER_TIMEOUT: "Medien werden noch verarbeitet",
  NOT_READY: "Medien werden noch verarbeitet",
};

/** commander's headings. */
const TITLES: Record<string, string> = {
  "Usage:": "Aufruf:",
  "Options:": "Optionen:",
  "Commands:": "Befehle:",
  "Arguments:": "Argumente:",
  "Global Options:": "Globale Optionen:",
};

/** commander's own error lines, as far as they are known; others are shown as commander wrote them. */
const USAGE_ERRORS: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown option '([^']*)'/, (o) => `Fehler: unbekannte Option '${o}'`],
  [/^error: unknown command '([^']*)'/, (c) => `Fehler: unbekannter Befehl '${c}'`],
  [/^error: missing required argument '([^']*)'/, (a) => `Fehler: das Argument '${a}' fehlt`],
  [/^error: required option '([^']*)' not specified/, (o) => `Fehler: die Option '${o}' ist erforderlich`],
  [/^error: option '([^']*)' argument missing/, (o) => `Fehler: der Option '${o}' fehlt ihr Wert`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. (.*)$/, (o, v, why) => `Fehler: '${v}' ist kein gültiger Wert für '${o}'. ${why}`],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+): (.*)\./, (c, e, g, d) => `Fehler: zu viele Argumente${c ? ` für '${c}'` : ""}: erwartet ${e}, erhalten ${g}: ${d}.`],
  [/^\(Did you mean (.*)\?\)$/, (s) => `(Meinten Sie ${s}?)`],
];

const STATUS: Record<string, string> = {
  published: "veröffentlicht",
  planned: "geplant",
  deleted: "gelöscht",
  skipped: "übersprungen",
  "nothing-to-delete": "nichts zu löschen",
  "not-published": "nicht veröffentlicht",
  manual: "von Hand zu erledigen",
  partial: "teilweise veröffentlicht",
  pending: "ausstehend",
  changed: "geändert",
  failed: "fehlgeschlagen",
  blocked: "blockiert",
  claimed: "von einem anderen Lauf übernommen",
  paused: "angehalten",
  approved: "freigegeben",
  resumed: "fortgesetzt",
  "not-paused": "nicht angehalten",
  retracted: "zurückgezogen",
  corrected: "korrigiert",
  unchanged: "unverändert",
  correcting: "Korrektur läuft",
  adopted: "gefunden und eingetragen",
  "not-found": "nicht gefunden",
  known: "bereits bekannt",
};

/** The names of a channel's limits (`check`). */
const LIMITS: Record<string, string> = {
  maxCharacters: "Zeichen",
  maxImages: "Bilder",
  urlLength: "Länge einer Adresse",
  maxAltLength: "Alternativtext",
  maxImageBytes: "Bytes je Bild",
  maxImagePixels: "Pixel je Bild",
};

/** Warum eine Seite keine Linkvorschau ergab (platforms/shared/link-card.ts `NoLinkCard`). */
function linkCardWhyDe(no: { why: string; detail?: string }): string {
  switch (no.why) {
    case "refused":
      return no.detail === "scheme" ? "Es ist keine http(s)-Adresse" : "Ihre Adresse liegt in einem privaten oder lokalen Netz, aus dem für Meldungen nichts abgerufen wird (allow_hosts in der Konfiguration nimmt einen Host aus)";
    case "status":
      return `Die Seite antwortete mit HTTP ${no.detail}`;
    case "not-html":
      return "Die Adresse ist keine Webseite";
    case "no-metadata":
      return "Die Seite hat weder Titel noch Beschreibung";
    case "timeout":
      return "Die Seite antwortete nicht rechtzeitig";
    default:
      return `Die Seite war nicht erreichbar${no.detail ? ` (${no.detail})` : ""}`;
  }
}

export const germanTexts: Texts = {
  program: {
    description: "Veröffentlicht eine Markdown-Meldung auf Mastodon, Bluesky, Facebook, Instagram, LinkedIn und Threads.",
    exitHelp: (codes) => `
Rückgabewerte:
  ${codes.ok}   Erfolg: alles Ausgewählte ist erledigt (oder die Eingabe ist gültig)
  ${codes.failed}   Veröffentlichen ist auf mindestens einem Kanal fehlgeschlagen (der Bericht sagt, wo und warum)
  ${codes.invalid}   ungültige Eingabe, Konfiguration oder Bedienung: nichts wurde veröffentlicht
  ${codes.internal}  interner Fehler (ein Programmfehler): bitte mit der Ausgabe melden

Umgebung:
  ANNOUNCE_CONFIG   Konfigurationsdatei, wenn --config fehlt (Standard: ./channels.yaml)
  ANNOUNCE_ACTOR    wer handelt, für das Protokoll, wenn --actor fehlt
  ANNOUNCE_LANG     Sprache der Ausgabe, wenn --lang fehlt (de oder en; sonst LC_ALL, LC_MESSAGES, LANG)
  TZ                Zeitzone der angezeigten Zeiten (Standard: die des Systems)
  NO_COLOR          keine Farben (Farben gibt es ohnehin nur im Terminal)
  ANNOUNCE_LOCK_WAIT_MS, ANNOUNCE_LOCK_STALE_MS, ANNOUNCE_GIT_PUSH_ATTEMPTS
                    Feineinstellung der Sperre und von due --git (siehe README)
  Zugangstoken kommen aus den Variablen, die die Konfiguration nennt, z. B. access_token: \${MASTODON_TOKEN},
  gesetzt in der Umgebung oder in einer Datei .env neben der Konfiguration (die Umgebung hat Vorrang;
  announce login schreibt sie).`,
    helpAfterError: "(--help zeigt die Bedienung)",
    choices: (choices) => `Erlaubt: ${choices.join(", ")}.`,
    helpOption: "Hilfe zum Befehl anzeigen",
    helpCommand: "Hilfe zu einem Befehl anzeigen",
    versionOption: "Versionsnummer anzeigen",
    title: (heading) => TITLES[heading] ?? heading,
    usageWord: (word) => (word === "[options]" ? "[Optionen]" : word === "[command]" ? "[Befehl]" : word),
    usageError: (line) => {
      for (const [pattern, say] of USAGE_ERRORS) {
        const match = pattern.exec(line);
        if (match) return say(...match.slice(1).map((g) => g ?? ""));
      }
      return line;
    },
    internalError: (where, detail) => `announce: interner Fehler${where ? ` in ${where}` : ""}: ${detail}\nBitte melden Sie dies mit dem Befehl, den Sie ausgeführt haben.`,
    inChannel: (channel) => `Kanal ${channel}`,
    inNotice: (id) => `Meldung ${id}`,
    preparingImage: (n, total) => `Bild ${n}/${total} wird aufbereitet`,
  },

  options: {
    config: "Konfigurationsdatei der Kanäle (Standard: $ANNOUNCE_CONFIG oder ./channels.yaml)",
    state: "Statusordner für Journal und Sitzungen (Standard: aus der Konfiguration, .announce)",
    actor: "wer handelt, für das Protokoll (Standard: $ANNOUNCE_ACTOR, der CI-Benutzer oder der Anmeldename)",
    json: "maschinenlesbare JSON-Ausgabe auf stdout",
    color: "keine Farben in der Ausgabe",
    lang: "Sprache der Ausgabe: de oder en (Standard: $ANNOUNCE_LANG, sonst die Locale: LC_ALL, LC_MESSAGES, LANG)",
    channel: "nur diese Kanäle (Namen oder Plattform-IDs)",
    dryRun: "prüfen und zeigen, was geschähe (post, correct: Zugangsdaten, aktuelle Grenzen, der Plan; adopt: was gefunden wird); nichts veröffentlichen oder eintragen",
    noticeFile: "die Meldungsdatei",
  },

  nothingDone: {
    published: "Es wurde nichts veröffentlicht.",
    deleted: "Es wurde nichts gelöscht.",
    corrected: "Es wurde nichts korrigiert.",
    recorded: "Es wurde nichts eingetragen.",
  },

  commands: {
    preview: {
      description: "genau zeigen, was jeder Kanal erhält (ohne Netzwerk)",
      notice: "die Meldungsdatei (Markdown mit YAML-Kopfbereich)",
      noImages: "Bilder nicht aufbereiten (schneller; Größen werden nicht angezeigt)",
      html: "die Beiträge zusätzlich so, wie sie aussehen werden, als eine HTML-Seite schreiben (Standard: <ID der Meldung>.preview.html)",
      open: "die HTML-Seite mit dem Standardprogramm des Systems öffnen (nie im CI)",
      help: "\nBeispiele:\n  announce preview notices/2026-11-29-bombe.md --channel stadt-mastodon\n  announce preview notices/2026-11-29-bombe.md --html --open",
    },
    validate: {
      description: "Meldungen und Konfiguration prüfen; alle Probleme auf einmal auflisten (ohne Netzwerk)",
      notices: "Meldungsdateien",
      noSecrets: "die Umgebungsvariablen der Zugangsdaten nicht verlangen",
      help: "\nBeispiel:\n  announce validate notices/*.md",
    },
    post: {
      description: "eine Meldung auf allen ausgewählten Kanälen veröffentlichen; wiederholbar (nichts erscheint doppelt)",
      now: "veröffentlichen, obwohl publish_at noch in der Zukunft liegt",
      help: "\nBeispiele:\n  announce post notices/2026-11-29-bombe.md\n  announce post notices/2026-11-29-bombe.md --dry-run --json",
    },
    status: {
      description: "je Kanal zeigen, was von einer Meldung veröffentlicht, ausstehend oder fehlgeschlagen ist und ob sie seitdem geändert wurde",
      help: "\nBeispiel:\n  announce status notices/2026-11-29-bombe.md --json",
    },
    delete: {
      description: "alle veröffentlichten Beiträge einer Meldung entfernen (alle Beiträge eines Threads); wiederholbar",
      reason: "warum die Meldung zurückgezogen wird (steht auf der Rückzugsseite der Website)",
      confirmManual: "festhalten, dass eine Person von Hand gelöscht hat, was die API der Plattform nicht löschen kann (Instagram)",
      help:
        "\nBeispiele:\n  announce delete notices/2026-11-29-bombe.md --channel stadt-mastodon\n" +
        '  announce delete notices/2026-11-29-bombe.md --reason "Die Entschärfung ist verschoben."\n' +
        "  announce delete notices/2026-11-29-bombe.md --confirm-manual stadt-instagram",
    },
    init: {
      description: "ein Startprojekt anlegen (channels.yaml, eine Beispielmeldung, CI-Definitionen); überschreibt nie eine Datei",
      dir: "der Projektordner (Standard: der aktuelle Ordner)",
      package: "woher das CI announce installiert, fest auf eine Version: eine genaue Version (Standard: diese), eine .tgz-Adresse oder eine git-Adresse mit #Tag",
      noLockfile: "npm nicht aufrufen, um package-lock.json zu schreiben (offline; später npm install --package-lock-only ausführen)",
      help: "\nBeispiele:\n  announce init pressestelle\n  announce init --package https://downloads.example-stadt.de/announce-0.1.0.tgz",
    },
    login: {
      description: "ein Token für einen Kanal holen (oder ein App-Passwort prüfen) und in .env neben der Konfiguration ablegen",
      channel: "der Name des Kanals in channels.yaml",
      code: "Mastodon: der Autorisierungscode, den die Instanz angezeigt hat (LinkedIn: der Code aus der Weiterleitung)",
      appId: "Facebook, Instagram: die ID der Meta-App (ihr Geheimnis: META_APP_SECRET oder wird erfragt); LinkedIn: die Client-ID",
      port: "LinkedIn: der Port der Weiterleitungsadresse http://localhost:PORT/callback (Standard 8765)",
      page: "Facebook, Instagram: die zu verwendende Seite, wenn die Person mehrere verwaltet",
      refresh: "Threads, Instagram mit Instagram-Login: das langlebige Token des Kanals um weitere 60 Tage verlängern",
      print: "NAME=Geheimnis (für die Secrets eines CI) und die Werte für channels.yaml ausgeben, statt .env und channels.yaml zu schreiben",
      help: "\nBeispiele:\n  announce login stadt-mastodon\n  announce login stadt-mastodon --code 4f1c…\n  announce login stadt-threads --refresh\n  announce login stadt-bluesky < app-passwort.txt",
    },
    adopt: {
      description: "die Beiträge einer Meldung auf jedem Kanal suchen und im Journal eintragen (ein verlorenes Journal); veröffentlicht nichts",
      notice: "die Meldungsdatei, wie sie veröffentlicht wurde",
      since: "eine Zeit vor der ersten Veröffentlichung der Meldung (ISO 8601, z. B. 2026-11-29T07:00+01:00)",
      help: "\nBeispiele:\n  announce adopt notices/2026-11-29-bombe.md --since 2026-11-29T06:00+01:00\n  announce adopt notices/2026-11-29-bombe.md --since 2026-11-29 --dry-run --json",
    },
    correct: {
      description: "die geänderte Meldung über ihre veröffentlichten Fassungen veröffentlichen (an Ort und Stelle bearbeiten, sonst antworten oder ersetzen); wiederholbar",
      notice: "die Meldungsdatei, geändert",
      note: "ein sichtbarer Korrekturhinweis (Standard: correction_note der Meldung)",
      help: '\nBeispiele:\n  announce correct notices/2026-11-29-bombe.md\n  announce correct notices/2026-11-29-bombe.md --note "Die Zahl der Betroffenen war falsch." --dry-run',
    },
    check: {
      description: "mit jedem Kanal verbinden: Zugangsdaten, Berechtigungen, aktuelle Grenzen, Kontingente, Ablauf der Token",
      help: "\nBeispiel:\n  announce check --channel stadt-linkedin",
    },
    due: {
      description: "jede Meldung unter ORDNER veröffentlichen, deren Zeit gekommen und die noch nicht ganz veröffentlicht ist",
      dir: "Ordner der Meldungen (mit Unterordnern)",
      git: "jede Meldung vor dem Veröffentlichen über git beanspruchen und das Journal übertragen (für CI)",
      help: "\nBeispiel (CI, alle 10 Minuten):\n  announce due notices/ --git --json > report.json",
    },
    approve: {
      description: "eine Freigabe genau dieser Fassung der Meldung eintragen (Vier-Augen-Prinzip), mit einem SSH-Schlüssel signiert",
      key: "der private SSH-Schlüssel der freigebenden Person (oder seine .pub mit ssh-agent); ihr Name in allowed_signers ist die Freigabe",
      by: "wer freigibt, ohne Signatur (nur wenn die Konfiguration unsigned_approvals: true setzt; nie die Autorin oder der Autor der Meldung)",
      help: '\nBeispiele:\n  announce approve notices/2026-11-29-bombe.md --key ~/.ssh/id_ed25519\n  announce approve notices/2026-11-29-bombe.md --by "A. Schmidt"   (nur mit unsigned_approvals: true)',
    },
    pause: {
      description: "Veröffentlichungen anhalten: due veröffentlicht nichts, post nur dringende Meldungen, bis resume",
      reason: "warum (steht in jedem Bericht)",
      help: '\nBeispiel:\n  announce pause --reason "Trauertag nach dem Unglück"',
    },
    resume: {
      description: "eine Pause beenden",
    },
    log: {
      description: "das Protokoll zeigen (jedes post, delete, approve, pause, resume)",
      notice: "nur die Einträge dieser Meldung (Datei oder ID)",
    },
  },

  common: {
    error: "Fehler",
    warning: "Warnung",
    platformSaid: (message) => `Antwort der Plattform: ${message}`,
    id: (id) => `ID ${id}`,
    unit: unitDe,
    status: (status) => STATUS[status] ?? status,
  },

  preview: {
    draft: "Entwurf: post und due veröffentlichen ihn nicht",
    urgent: "dringend",
    publishAt: (at) => `Veröffentlichung ${formatTime(at)}`,
    lang: (lang) => `Sprache ${lang}`,
    skipped: (reason) => `übersprungen: ${reason ?? ""}`,
    posts: (n) => (n === 1 ? "1 Beitrag" : `${n} Beiträge (Thread)`),
    post: (i, total) => `Beitrag ${i}/${total}`,
    images: (n) => plural(n, "Bild", "Bilder"),
    image: "Bild",
    alt: "Alternativtext:",
    facets: "Facetten",
    linkCard: "Linkvorschau",
    htmlWritten: (file) => `HTML-Vorschau: ${file}`,
    asReadersSee: "(so, wie Leserinnen und Leser es sehen; gesendet mit maskierten Sonderzeichen als Little Text)",
    seeBelow: (code) => `Fehler ${code}: siehe unten`,
  },

  previewHtml: {
    pageTitle: (title) => `Vorschau: ${title}`,
    heading: "Vorschau der Beiträge",
    notice: "Meldung",
    id: "ID",
    lang: "Sprache",
    urgent: "dringend",
    publishAt: "Veröffentlichung",
    link: "Link",
    channels: "Kanäle",
    ready: "bereit",
    skipped: "übersprungen",
    invalid: "nicht veröffentlichbar",
    skippedBecause: "Übersprungen:",
    posts: (n) => (n === 1 ? "1 Beitrag" : `${n} Beiträge, ein Thread in dieser Reihenfolge`),
    post: (i, n) => (n === 1 ? "Beitrag" : `Beitrag ${i} von ${n}`),
    length: (length, limit, unit) => `${length} von ${limit} ${unitDe(unit)}`,
    overLimit: "über der Grenze",
    contentWarning: "Inhaltswarnung:",
    alt: "Alternativtext:",
    notPrepared: "nicht aufbereitet",
    linkCard: "Linkvorschau",
    linkCardNote: "Titel, Beschreibung und Bild kommen beim Veröffentlichen von der Seite.",
    sentEscaped: "So, wie Leserinnen und Leser es sehen; gesendet wird es im Little-Text-Format von LinkedIn, mit maskierten Sonderzeichen.",
    linksNotClickable: "Links in Instagram-Bildunterschriften sind nicht anklickbar.",
    warnings: "Warnungen",
    problems: "Probleme",
    warning: "Warnung",
    error: "Fehler",
    noticeMessages: "Zur Meldung",
    toc: "Kanäle in dieser Vorschau",
  },

  validate: {
    problems: (n) => plural(n, "Problem", "Probleme"),
    warnings: (n) => plural(n, "Warnung", "Warnungen"),
    allValid: "Alles gültig.",
    invalid: (n) => `${plural(n, "Problem", "Probleme")}: Es kann nichts veröffentlicht werden, bis ${n === 1 ? "es behoben ist" : "sie behoben sind"}.`,
  },

  publish: {
    dryRun: (title) => `Probelauf: ${title} – Zugangsdaten und Grenzen geprüft, nichts veröffentlicht.`,
    published: (title) => `Veröffentlicht: ${title}`,
    failed: (failed, total, changed, title) => `${failed} von ${total} Kanälen fehlgeschlagen${changed > 0 ? `, ${changed} seit der Veröffentlichung geändert` : ""}: ${title}`,
    failedOn: (channel, title) => `Fehlgeschlagen auf ${channel}: ${title}`,
    changedOnChannel: (channel, title) => `Seit der Veröffentlichung geändert auf ${channel}: ${title}`,
    changedOn: (changed, total, title) => `Seit der Veröffentlichung geändert auf ${changed} von ${total} Kanälen: ${title}`,
    paused: (reason) => `Veröffentlichungen sind angehalten (${reason}); nur dringende Meldungen gehen hinaus.`,
    runAgain: "Führen Sie denselben Befehl erneut aus, um abzuschließen: Veröffentlichtes wird übersprungen, nichts erscheint doppelt.",
    rejected: (channels) => `‼ Nicht veröffentlicht auf ${channels.join(", ")}: Die Zugangsdaten wurden abgelehnt. Erneuern Sie sie und führen Sie denselben Befehl noch einmal aus.`,
    approvalLine: (by, signed, at) => `freigegeben ${signed ? `und signiert von ${by}` : `von ${by} (ohne Signatur)`}, ${formatTime(at)}`,
    approvalVoid: " (eine frühere Fassung: ungültig)",
    earlier: " (bereits früher veröffentlicht)",
    reconciled: " (nach einem unterbrochenen Versuch gefunden; nicht erneut veröffentlicht)",
    pausedSince: (at, by, reason) => `Veröffentlichungen sind seit ${formatTime(at)} angehalten, von ${by}: ${reason}`,
    changed: "geändert",
    changedNote: "die Meldung wurde nach der Veröffentlichung dieser Beiträge geändert",
    deletedEarlier: "von einem früheren Lauf gelöscht",
    noRecords: (file) =>
      `Das Journal verzeichnet zu dieser Meldung nichts. Wurde sie veröffentlicht und ging das Journal verloren, findet announce adopt ${file} --since ZEIT ihre Beiträge und trägt sie ein (ZEIT: vor der Veröffentlichung).`,
    nothingToDelete: (title) => `Nichts zu löschen: Zu ${title} verzeichnet das Journal keine veröffentlichten Beiträge.`,
    deleteHead: (title) => `Löschen: ${title}`,
  },

  correct: {
    changedHead: "Geändert seit der Veröffentlichung:",
    moreLines: (n) => `… ${plural(n, "weitere geänderte Zeile", "weitere geänderte Zeilen")}`,
    notKept: "(der veröffentlichte Text wurde nicht aufbewahrt: vergleichen Sie mit den Beiträgen oben)",
    toPublish: (command) => `Um die Korrektur auf jeder Fassung zu veröffentlichen (an Ort und Stelle bearbeitet, wo die Plattform es erlaubt): ${command}`,
    version: (version) => `Fassung ${version}: ${plural(version - 1, "mal", "mal")} korrigiert (announce correct)`,
    interrupted: "eine Korrektur wurde unterbrochen: Führen Sie announce correct für die Meldung erneut aus, um sie abzuschließen",
    dryRun: (title) => `Probelauf: Korrektur von ${title} – Zugangsdaten und Grenzen geprüft, nichts geändert.`,
    failed: (failed, total, title) => `${failed} von ${total} Kanälen nicht korrigiert: ${title}`,
    corrected: (title) => `Korrigiert: ${title}`,
    notPublished: (title) => `Nichts zu korrigieren: ${title} ist auf diesen Kanälen nicht veröffentlicht (announce post veröffentlicht sie).`,
    same: (title) => `Nichts zu korrigieren: ${title} ist auf jedem Kanal gleich.`,
    how: (how, version) =>
      `${how === "edit" ? "an Ort und Stelle bearbeitet" : how === "reply" ? "eine Korrektur im Thread" : "neu veröffentlicht, die alte Fassung gelöscht"}${version ? `, Fassung ${version}` : ""}`,
    versionOnly: (version) => `Fassung ${version}`,
    removed: (what) => `entfernt: ${what}`,
    runAgain: (command) => `Führen Sie denselben Befehl erneut aus, um abzuschließen: ${command}; bereits Korrigiertes wird übersprungen.`,
  },

  adopt: {
    dryRun: (title, since) => `Probelauf: ${title} seit ${formatTime(since)} gesucht – nichts eingetragen.`,
    head: (title, since) => `Übernehmen: ${title} – nach ihren Beiträgen seit ${formatTime(since)} gesucht, Gefundenes eingetragen; nichts veröffentlicht.`,
    missing: "announce post veröffentlicht, was nicht gefunden wurde; prüfen Sie zuerst die Kanäle, falls Sie es dort erwartet haben.",
  },

  due: {
    pausedSince: (at, by, reason) => `Angehalten seit ${formatTime(at)}, von ${by}: ${reason}`,
    counts: (c) =>
      `${plural(c.scanned, "Meldung", "Meldungen")}: ${[`${c.due} fällig`, ...(c.invalid > 0 ? [`${c.invalid} ungültig`] : []), `${c.alreadyPublished} bereits veröffentlicht`, `${c.scheduled} für später geplant`, ...(c.drafts > 0 ? [`${plural(c.drafts, "Entwurf", "Entwürfe")} (nicht veröffentlicht)`] : [])].join(", ")}.`,
    invalid: "ungültig: nicht veröffentlicht (die anderen Meldungen schon)",
    claimed: ": ein anderer Lauf veröffentlicht sie",
    paused: ": Veröffentlichungen sind angehalten",
    stopped: "Der Lauf wurde abgebrochen",
  },

  check: {
    as: (account) => ` als ${account}`,
    limits: (limits) => `Grenzen: ${limits.map(([k, v]) => `${LIMITS[k] ?? k} ${String(v)}`).join(", ")}`,
    quota: (used, total, window) => `Kontingent: ${used}/${total} je ${window}`,
    tokenExpires: (at, fromConfig) => `Token läuft ab: ${formatTime(at)}${fromConfig ? " (token_expires_at in der Konfiguration)" : ""}`,
    scopes: (scopes) => `Berechtigungen: ${scopes.join(", ")}`,
  },

  init: {
    exists: "(vorhanden, unverändert gelassen)",
    next: "Nächste Schritte:",
    writingLockfile: "npm install --package-lock-only: package-lock.json mit announce und dem Integritäts-Hash jedes Pakets …",
    npmInstall: (spec) =>
      `  npm install --package-lock-only\n      schreibt package-lock.json mit announce ${spec} und dem Integritäts-Hash jedes Pakets;\n      prüfen Sie die Herkunft von announce ("resolved"), dann package.json und package-lock.json einchecken`,
    lockfileCheck: (spec) => `  package-lock.json legt announce ${spec} fest: Prüfen Sie die Herkunft ("resolved" von node_modules/announce), dann mit package.json einchecken`,
    editConfig: "  channels.yaml bearbeiten    das # vor jeder Plattform entfernen, die Sie nutzen",
    login: "  announce login KANAL        ein Token holen und in .env schreiben (wird nie eingecheckt)",
    check: "  announce check              stimmen Token und Berechtigungen?",
  },

  login: {
    waiting: "wartet auf die Autorisierung.",
    open: (url) => `  Öffnen Sie: ${url}`,
    thenRun: (command) => `  Dann ausführen: ${command}`,
    worksAs: (platform, account) => `(${platform}) funktioniert als ${account}.`,
    written: (variable, file) => `  ${variable} in ${file} geschrieben (Modus 0600, wird nicht eingecheckt).`,
    ciSecret: (variable) => `  Im CI als Secret ${variable} hinterlegen.`,
    expires: (at) => `  Läuft ab ${formatTime(at)}.`,
    configWritten: (channel, file, settings) => `  In ${file} unter ${channel} eingetragen: ${settings}.`,
    settings: (channel, file, settings, why) => `  In ${file} unter ${channel} setzen: ${settings} (nicht eingetragen: ${why}).`,
    notWritten: (reason, errno) =>
      ({
        print: "--print schreibt keine Datei",
        unparsable: "die Datei lässt sich nicht als ein sauberes YAML-Dokument lesen",
        "not-found": "der Kanal hat dort keinen Eintrag, z. B. weil er auskommentiert ist",
        "not-block": "der Eintrag ist kein Block-Mapping mit einem Schlüssel pro Zeile",
        anchor: "ein Anker, Alias oder Merge-Schlüssel ist beteiligt",
        reference: "der Wert ist ein Verweis ${VAR}; setzen Sie stattdessen die Variable",
        "not-plain": "der Wert ist kein einzeiliger Text",
        verify: "die geänderte Datei würde nicht wie beabsichtigt gelesen",
        unwritable: `die Datei konnte nicht geschrieben werden (${errno ?? "?"})`,
      })[reason],
    renew: (channel, until) =>
      `Das Token gilt 60 Tage${until ? ` (bis ${formatTime(until)})` : ""}: Erneuern Sie es frühestens nach 24 Stunden und vor Ablauf mit announce login ${channel} --refresh.`,

    meta: {
      appId: "Die ID der Meta-App: ",
      appSecret: "Der App-Geheimschlüssel der Meta-App (App-Einstellungen → Allgemeines): ",
      userToken: "Ein kurzlebiges Nutzertoken (z. B. aus dem Graph API Explorer, mit pages_show_list, pages_manage_posts, pages_read_engagement): ",
      page: (name, id) => `Seite ${name} (${id}).`,
      otherPages: (pages) => `Die Person verwaltet außerdem: ${pages.join(", ")}.`,
      pageToken:
        "Ein Seiten-Token, das aus einem langlebigen Nutzertoken stammt, läuft nicht ab, solange die Person ihre Rolle auf der Seite behält; das Token eines Systemnutzers (Meta Business Suite) hängt von keiner Person ab.",
    },
    instagram: {
      linked: (account, page, id) => `Instagram-Konto ${account}, verknüpft mit der Seite ${page} (${id}).`,
      appSecret: "Der App-Geheimschlüssel der Instagram-App (App-Dashboard → Instagram → API-Einrichtung mit Instagram-Business-Login → Einstellungen des Business-Logins): ",
      userToken: "Ein kurzlebiges Instagram-Nutzertoken (instagram_business_basic, instagram_business_content_publish; App-Dashboard → Instagram → Token generieren): ",
      account: (username, id) => `Instagram-Konto ${username ? `@${username}` : id} (ig_user_id ${id}), Instagram-Login.`,
    },
    threads: {
      appSecret: "Der App-Geheimschlüssel der Threads-App (App-Dashboard → App-Einstellungen → Allgemeines): ",
      userToken: "Ein kurzlebiges Threads-Nutzertoken (threads_basic, threads_content_publish, threads_manage_replies, threads_delete): ",
    },
    linkedin: {
      clientId: "Die Client-ID der LinkedIn-App: ",
      clientSecret: "Das Client-Secret der LinkedIn-App: ",
      open: (address, port) =>
        `Öffnen Sie diese Adresse als Administrator der LinkedIn-Seite und erlauben Sie den Zugriff:\n  ${address}\nannounce wartet auf http://localhost:${port}/callback auf den Browser …`,
      received: "announce: Anmeldung erhalten. Sie können dieses Fenster schließen.",
      refused: "announce: Anmeldung fehlgeschlagen.",
      otherOrganizations: (organizations) => `Das Mitglied verwaltet außerdem: ${organizations.join(", ")}.`,
      renew: (channel, until) => `Zugriffstoken von LinkedIn gelten 60 Tage${until ? ` (bis ${formatTime(until)})` : ""}: Führen Sie announce login ${channel} vorher erneut aus.`,
    },
    mastodon: {
      open: (url) => `Öffnen Sie diese Adresse, melden Sie sich mit dem Konto an, das veröffentlicht, und autorisieren Sie announce:\n  ${url}`,
      code: "Der Code, den die Instanz anzeigt: ",
      noExpiry: "Mastodon-Token laufen nicht ab; widerrufen können Sie eines unter Einstellungen → Konto → Autorisierte Apps.",
    },
    bluesky: {
      appPassword: (identifier) => `Ein App-Passwort für ${identifier} (Einstellungen → Privatsphäre und Sicherheit → App-Passwörter): `,
      noExpiry: "App-Passwörter laufen nicht ab; widerrufen Sie eines in den Bluesky-Einstellungen, sobald es nicht mehr gebraucht wird.",
    },
  },

  governance: {
    noSignersFile: "eine Datei allowed_signers (keine ist konfiguriert)",
    approved: (notice, by, content, signed) =>
      `${notice} freigegeben ${signed ? `und signiert von ${by}` : `von ${by} (ohne Signatur)`} (${content}…). Jede Änderung macht diese Freigabe ungültig.`,
    paused: (reason) => `Angehalten: ${reason}\nBis zu announce resume werden nur dringende Meldungen veröffentlicht.`,
    resumed: (reason) => `Fortgesetzt (Grund der Pause war: ${reason}).`,
    notPaused: "Veröffentlichungen waren nicht angehalten.",
    logEmpty: "Das Protokoll ist leer.",
    logNone: (notice) => `Das Protokoll enthält keine Einträge zu ${notice} (für sie wurde nichts veröffentlicht, gelöscht oder freigegeben).`,
    logTime: (at) => formatTime(at, { seconds: true }),
  },

  progress: {
    notice: (id, title, urgent) => `▶ ${id}: ${title}${urgent ? " (Eilmeldung)" : ""}`,
    connecting: (channel) => `… ${channel}: Verbindung wird aufgebaut`,
    connectRetry: (channel, code, attempt, attempts, waitMs) => `… ${channel}: ${reasonWords(code, REASONS_DE)}, Versuch ${attempt}/${attempts} in ${seconds(waitMs, ",")} s`,
    connected: (channel, account) => `… ${channel}: verbunden als ${account}`,
    publishing: (channel, n, total) => `… ${channel}: Beitrag ${n}/${total}`,
    uploading: (channel, n, total) => `… ${channel}: Bild ${n}/${total} wird hochgeladen`,
    retrying: (channel, post, code, waitMs, attempt, attempts) =>
      `… ${channel}: Beitrag ${post}: ${reasonWords(code, REASONS_DE)}, neuer Versuch in ${seconds(waitMs, ",")} s (Versuch ${attempt}${attempts ? `/${attempts}` : ""})`,
    reconciled: (channel, n) => `… ${channel}: Beitrag ${n} war bereits vorhanden, nicht erneut veröffentlicht`,
    rejected: (channel, code) => `✖ ${channel}: FEHLGESCHLAGEN, die Zugangsdaten wurden abgelehnt (${code}); die anderen Kanäle veröffentlichen trotzdem`,
    finished: (e) =>
      `${e.dryRun ? `bereit auf ${e.published} von ${e.total} Kanälen` : `veröffentlicht auf ${e.published} von ${e.total} Kanälen`}` +
      `${e.failed.length > 0 ? `; fehlgeschlagen: ${e.failed.join(", ")}` : ""}${e.failed.length > 0 && !e.dryRun ? " (denselben Befehl noch einmal ausführen, um es abzuschließen)" : ""}, in ${seconds(e.elapsedMs, ",")} s`,
  },

  notes: {
    overrideSkip: (key) => `overrides.${key}.skip ist in der Meldung gesetzt`,
    padded: (ratio) => `auf ${ratio} aufgefüllt (nicht beschnitten)`,
    resized: (width, height) => `Größe auf ${width}×${height} geändert`,
    converted: (format) => `in ${format} umgewandelt`,
    reencoded: "neu kodiert",
    jpegQuality: (quality) => `JPEG-Qualität ${quality}`,
    tokenExpiry: (p) => {
      const whose = p.fromConfig ? " (token_expires_at in der Konfiguration)" : "";
      const renew = `Erneuern Sie es und tragen Sie es in die Umgebungsvariable ein (im CI: als Secret)${p.fromConfig ? ", danach token_expires_at" : ""}`;
      return p.days === undefined
        ? `Das Zugangstoken von ${p.channel} ist am ${formatTime(p.at)} abgelaufen${whose}: ${renew}.`
        : `Das Zugangstoken von ${p.channel} läuft am ${formatTime(p.at)} ab${whose}, in ${plural(p.days, "Tag", "Tagen")}: ${renew}.`;
    },
    mastodonLimitsUnknown: (label, assumed) => `${label} hat seine Grenzen nicht genannt (/api/v2/instance, /api/v1/instance); angenommen werden ${assumed} Zeichen.`,
    linkedinVersionOld: (version, months, channel) =>
      `Die LinkedIn-API-Version ${version} ist ${months} Monate alt; LinkedIn stellt Versionen nach etwa einem Jahr ein. Setzen Sie \`version\` von ${channel} in der Konfiguration herauf.`,
    linkedinIntrospectionRefused: (channel, why) =>
      `LinkedIn hat client_id/client_secret von ${channel} für die Token-Prüfung nicht angenommen (${why}): Der Ablauf des Tokens ist unbekannt. Prüfen Sie beide in der Konfiguration und der Umgebung.`,
    graphExpiryUnknown: (label, reason) =>
      `${label}: Der Ablauf des Tokens konnte nicht gelesen werden (debug_token: ${reason}); setzen Sie token_expires_at in der Konfiguration des Kanals, um vorher gewarnt zu werden.`,
    instagramExpiryUnknown: (channel) =>
      `Token aus dem Instagram-Login gelten 60 Tage, und keine Schnittstelle sagt, wann dieses abläuft: Führen Sie announce login ${channel} aus (es trägt token_expires_at ein) oder setzen Sie token_expires_at in der Konfiguration des Kanals, um vorher gewarnt zu werden.`,
    threadsRepliesUsed: (account, total) => `${account} hat alle ${total} Antworten je 24 h verbraucht: Eine Meldung aus mehreren Beiträgen endet nach dem ersten.`,
    blueskyNotAppPassword: "app_password sieht nicht wie ein App-Passwort aus (xxxx-xxxx-xxxx-xxxx); verwenden Sie ein App-Passwort, nicht das Kontopasswort.",
    blueskySessionNotSaved: (file, errno) => `Die Bluesky-Sitzung konnte nicht in ${file} gespeichert werden (${errno}); der nächste Lauf meldet sich erneut an.`,
    blueskyNoLinkCard: (uri, no) => `Keine Linkvorschau für ${uri}: ${linkCardWhyDe(no)}; der Beitrag verlinkt sie im Text.`,
  },
};
