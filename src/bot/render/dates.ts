// Built once: making an Intl.DateTimeFormat costs about a millisecond.
const UK_DAY = new Intl.DateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" });
const EN_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" });

/** A day as residents read it, in Kyiv time: 29.11.2026 (uk), 29/11/2026 (en). */
export function formatDay(date: Date, locale: string): string {
  return (locale === "en" ? EN_DAY : UK_DAY).format(date);
}
