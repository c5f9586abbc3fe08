/** The language of a run and the local times people read (src/language.ts). */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { formatTime, languageOf, setLanguage } from "../src/language.js";

const zone = process.env.TZ;
afterEach(() => setLanguage("en"));
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe("the language of a run", () => {
  it.each([
    [undefined, {}, "en"],
    [undefined, { LANG: "de_DE.UTF-8" }, "de"],
    [undefined, { LANG: "de" }, "de"],
    [undefined, { LANG: "C" }, "en"],
    [undefined, { LANG: "POSIX" }, "en"],
    [undefined, { LANG: "en_GB.UTF-8" }, "en"],
    [undefined, { LANG: "fr_FR.UTF-8" }, "en"],
    [undefined, { LANG: "dexter" }, "en"],
    [undefined, { LANG: "C", LC_MESSAGES: "de_AT.UTF-8" }, "de"],
    [undefined, { LANG: "C", LC_ALL: "de_CH.UTF-8", LC_MESSAGES: "en_US.UTF-8" }, "de"],
    [undefined, { LANG: "de_DE.UTF-8", LC_ALL: "C" }, "en"],
    [undefined, { LANG: "de_DE.UTF-8", LC_ALL: "" }, "de"],
    [undefined, { LANG: "C", ANNOUNCE_LANG: "de" }, "de"],
    [undefined, { LANG: "de_DE.UTF-8", ANNOUNCE_LANG: "en" }, "en"],
    ["en", { LANG: "de_DE.UTF-8", ANNOUNCE_LANG: "de" }, "en"],
    ["de", { LANG: "C" }, "de"],
    // A --lang the command line refuses does not decide.
    ["fr", { LANG: "de_DE.UTF-8" }, "de"],
  ] as const)("--lang %s with %o is %s", (option, env, expected) => {
    expect(languageOf(option, env)).toBe(expected);
  });
});

describe("times for people", () => {
  const at = (iso: string, language: "en" | "de", tz: string, options?: { seconds?: boolean }) => {
    process.env.TZ = tz;
    setLanguage(language);
    return formatTime(iso, options);
  };

  it("are local with the offset, on both sides of the change to summer time in Berlin", () => {
    // 28 March 2027: at 01:00 UTC the clocks go from 02:00 to 03:00.
    expect(at("2027-03-28T00:59:00Z", "de", "Europe/Berlin")).toBe("28.03.2027, 01:59 (+01:00)");
    expect(at("2027-03-28T01:00:00Z", "de", "Europe/Berlin")).toBe("28.03.2027, 03:00 (+02:00)");
    expect(at("2027-03-28T00:59:00Z", "en", "Europe/Berlin")).toBe("2027-03-28 01:59 (+01:00)");
    expect(at("2027-03-28T01:00:00Z", "en", "Europe/Berlin")).toBe("2027-03-28 03:00 (+02:00)");
    // 31 October 2027: at 01:00 UTC the clocks go from 03:00 back to 02:00; 02:30 happens twice.
    expect(at("2027-10-31T00:30:00Z", "de", "Europe/Berlin")).toBe("31.10.2027, 02:30 (+02:00)");
    expect(at("2027-10-31T01:30:00Z", "de", "Europe/Berlin")).toBe("31.10.2027, 02:30 (+01:00)");
  });

  it("show what a press officer wrote: publish_at 10:00 +01:00 reads 10:00", () => {
    expect(at("2027-11-20T10:00:00+01:00", "de", "Europe/Berlin")).toBe("20.11.2027, 10:00 (+01:00)");
    expect(at("2027-11-20T10:00:00+01:00", "en", "Europe/Berlin")).toBe("2027-11-20 10:00 (+01:00)");
  });

  it("follow the zone of the process, any offset, and give seconds where asked", () => {
    expect(at("2026-12-02T17:37:34.284Z", "en", "UTC")).toBe("2026-12-02 17:37 (+00:00)");
    expect(at("2026-12-02T17:37:34.284Z", "de", "America/St_Johns", { seconds: true })).toBe("02.12.2026, 14:07:34 (-03:30)");
    expect(at("2026-12-02T23:30:00Z", "de", "Asia/Kolkata")).toBe("03.12.2026, 05:00 (+05:30)");
  });

  it("leave a value that is not a time as it is", () => {
    expect(at("soon", "de", "UTC")).toBe("soon");
  });
});
