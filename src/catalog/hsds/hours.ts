/**
 * Opening hours as the catalogue writes them (a Ukrainian text such as «пн–чт 8:00–17:15, пт 8:00–16:00,
 * перерва 13:00–14:00») read into weekly rules for HSDS schedules (freq WEEKLY, byday, opens_at,
 * closes_at). Text it cannot read yields no rules: the export then keeps the text as the schedule's
 * description only, never a guess.
 */

export const WEEK_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface WeeklyRule {
  days: WeekDay[];
  /** HH:MM:SS, local (Kyiv) time. */
  opensAt: string;
  closesAt: string;
  /** The clause it was read from, when the text has several («нічне перебування: щодня 20:00–8:00»). */
  clause?: string;
}

export interface ParsedHours {
  rules: WeeklyRule[];
  /** A break inside the day («перерва 13:00–14:00»), as text for the schedule's notes. */
  breakNote?: string;
}

const LETTER = "а-яіїєґ'’ʼ";
const DAY_PATTERNS: Array<[WeekDay, string]> = [
  ["MO", "пн|пон|понеділ[а-яіїєґ]*"],
  ["TU", "вт|вів|вівтор[а-яіїєґ]*"],
  ["WE", "ср|сер|серед[а-яіїєґ]*"],
  ["TH", "чт|чет|четвер[а-яіїєґ]*"],
  ["FR", "пт|п['’ʼ]?ят|п['’ʼ]?ятниц[а-яіїєґ]*"],
  ["SA", "сб|суб|субот[а-яіїєґ]*"],
  ["SU", "нд|нед|неділ[а-яіїєґ]*"],
];
const DAY = DAY_PATTERNS.map(([, pattern]) => `(?:${pattern})`).join("|");
const TIME = "(\\d{1,2})[:.](\\d{2})";
const TOKEN = new RegExp(
  [
    `(?<range>${TIME}\\s*(?:-|до)\\s*${TIME})`,
    `(?<days>(?<![${LETTER}])(?:${DAY})(?![${LETTER}])(?:\\s*(?:-|по|до)\\s*(?<![${LETTER}])(?:${DAY})(?![${LETTER}]))?)`,
    `(?<all>щодня|щоденно|без вихідних|щоденно|цілий тиждень)`,
    `(?<weekdays>будні|будній|робочі дні|по буднях)`,
    `(?<roundTheClock>цілодобово|24\\s*/\\s*7)`,
    `(?<closed>вихідн[${LETTER}]*)`,
  ].join("|"),
  "giu",
);

function dayOf(word: string): WeekDay | undefined {
  return DAY_PATTERNS.find(([, pattern]) => new RegExp(`^(?:${pattern})$`, "iu").test(word))?.[0];
}

function daysOf(text: string): WeekDay[] {
  const words = text.split(/\s*-\s*|\s+(?:по|до)\s+/u).filter(Boolean);
  const first = dayOf(words[0]!);
  const last = words.length > 1 ? dayOf(words[words.length - 1]!) : first;
  if (!first || !last) return [];
  const from = WEEK_DAYS.indexOf(first);
  const to = WEEK_DAYS.indexOf(last);
  return from <= to ? WEEK_DAYS.slice(from, to + 1) : [...WEEK_DAYS.slice(from), ...WEEK_DAYS.slice(0, to + 1)];
}

function time(hours: string, minutes: string): string | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 24 || m > 59 || (h === 24 && m > 0)) return undefined;
  return h === 24 ? "23:59:59" : `${String(h).padStart(2, "0")}:${minutes}:00`;
}

export function parseHours(input: string): ParsedHours | undefined {
  const rules: WeeklyRule[] = [];
  let breakNote: string | undefined;
  // Clauses («нічне перебування: щодня 20:00–8:00; інші послуги: пн–пт 8:00–17:00») are read in turn;
  // days named in one clause carry into the next until new days are named.
  const clauses = input.split(/[;\n]/).map((clause) => clause.trim()).filter(Boolean);
  const state: ClauseState = { days: [], daysUsed: false };
  for (const clause of clauses) {
    const parsed = parseClause(clause, state);
    if (!parsed) return undefined;
    breakNote ??= parsed.breakNote;
    const label = clauses.length > 1 ? clause.replace(/[.\s]+$/u, "") : undefined;
    rules.push(...parsed.rules.map((rule) => (label ? { ...rule, clause: label } : rule)));
  }
  if (rules.length === 0) return undefined;
  return breakNote ? { rules, breakNote } : { rules };
}

interface ClauseState {
  days: WeekDay[];
  daysUsed: boolean;
}

/** One clause's rules; undefined when it names a time without any day (nothing to hang it on). */
function parseClause(input: string, state: ClauseState): ParsedHours | undefined {
  let text = input.toLowerCase().replace(/[–—−]/g, "-").replace(/\s+з\s+(?=\d)/gu, " ");
  let breakNote: string | undefined;
  const breakMatch = new RegExp(`(?:обідня\\s+)?перерва[^\\d]*${TIME}\\s*(?:-|до)\\s*${TIME}`, "iu").exec(text);
  if (breakMatch) {
    const [, h1, m1, h2, m2] = breakMatch;
    const from = time(h1!, m1!);
    const to = time(h2!, m2!);
    if (from && to) breakNote = `Перерва ${from.slice(0, 5)}–${to.slice(0, 5)}`;
    text = text.slice(0, breakMatch.index) + text.slice(breakMatch.index + breakMatch[0].length);
  }
  const rules: WeeklyRule[] = [];
  let closedClause = false;
  for (const match of text.matchAll(TOKEN)) {
    const groups = match.groups!;
    if (groups.closed) {
      closedClause = true;
      continue;
    }
    if (closedClause) continue;
    const newDays = groups.days
      ? daysOf(groups.days)
      : groups.all || groups.roundTheClock
        ? [...WEEK_DAYS]
        : groups.weekdays
          ? WEEK_DAYS.slice(0, 5)
          : undefined;
    if (newDays) {
      state.days = state.daysUsed ? newDays : [...new Set([...state.days, ...newDays])];
      state.daysUsed = false;
      if (groups.roundTheClock) {
        rules.push({ days: state.days, opensAt: "00:00:00", closesAt: "23:59:59" });
        state.daysUsed = true;
      }
      continue;
    }
    if (groups.range) {
      const [h1, m1, h2, m2] = [match[2], match[3], match[4], match[5]];
      const opensAt = time(h1!, m1!);
      const closesAt = time(h2!, m2!);
      if (!opensAt || !closesAt || state.days.length === 0) return undefined;
      rules.push({ days: WEEK_DAYS.filter((day) => state.days.includes(day)), opensAt, closesAt });
      state.daysUsed = true;
    }
  }
  return breakNote ? { rules, breakNote } : { rules };
}
