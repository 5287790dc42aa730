import { I18n } from "@grammyjs/i18n";
import { LOCALES_DIR } from "../bot/i18n.ts";

export const REPORT_LOCALES = ["uk", "en"] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

export type Translate = (key: string, variables?: Record<string, string | number>) => string;

let i18n: I18n | undefined;

/** The page's strings (locales/<locale>/report.ftl, loaded with the rest of the locale's files). */
export function reportStrings(locale: ReportLocale): Translate {
  i18n ??= new I18n({ defaultLocale: "uk", directory: LOCALES_DIR, fluentBundleOptions: { useIsolating: false } });
  const bundle = i18n;
  return (key, variables) => bundle.t(locale, key, variables);
}
