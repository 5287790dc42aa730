/** A day as residents read it, in Kyiv time: 29.11.2026 (uk), 29/11/2026 (en). */
export function formatDay(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" }).format(date);
}
