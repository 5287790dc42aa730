import { fold, normalizeText } from "../catalog/matcher/normalize.ts";
import { transliterateFirst } from "../catalog/matcher/transliterate.ts";

/**
 * Recognises messages that signal immediate danger, so the bot shows emergency numbers before
 * anything else. Errs on the side of showing them: a false alarm costs a resident one extra message,
 * a miss may cost far more. Works on Ukrainian, Russian, surzhyk, Latin transliteration and English.
 */
export type DangerKind = "violence" | "suicide" | "no-shelter";

// Patterns run on folded text (see fold: і/ї/ы→и, є/э/ё→е, ь and apostrophes dropped, doubles merged).
// `\b` below means a Unicode word boundary (JavaScript's own \b knows only Latin letters).
const UNICODE_BOUNDARY = String.raw`(?:(?<![\p{L}\p{N}])(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])(?![\p{L}\p{N}]))`;
const unicodeAware = (pattern: RegExp) => new RegExp(pattern.source.replaceAll(String.raw`\b`, UNICODE_BOUNDARY), "u");

const SOURCE_PATTERNS: Record<DangerKind, RegExp[]> = {
  suicide: [
    /суицид/, /самогуб/, /самоуби/, /покинчи\S* (з|со?) соб/, /поконч\S* (с|со) соб/,
    /(не хочу|не гочу|не хочет\S*|не хоче|не гоче) (жит|жи)/, /жит\S* не хочу/, /(вбит|убит|вбю|убю)\S* себе/, /убит\S* себя/,
    /наклас\S* на себе руки/, /(хочу|хочет\S*) (померт|умерет|вмерт)/, /повес(ит|ит)\S*/, /повис(ит|ич)\S*/,
    /\bsuicid/, /kil+ (my|him|her)sel/, /(want|wanna) to die/, /end (my|his|her) life/,
  ],
  violence: [
    /насил/, /насиля/, /знуща/, /издева/, /(по)?бив(ае|а|ав)?\b.*\b(мене|мене|нас|мен|маму|дитин)/,
    /\b(мене|меня|нас|маму|мамину|дитину|ребенка|дочку|сина|сына|ии|ее|ейи|його|его)\s+(бе|бет|бют|бьют|бил|бив|избива|лупи|гамсел)\b/,
    /\b(бе|бет|бют|бил|бив|избива)\s+(мене|меня|нас|маму|дитину|ребенка)\b/,
    /\b(чоловик|муж|батко|отец|отчим|витчим|спивмешканец|сожител|син|сын|зят)\s+(бе|бет|бют|бил|бив|избива|погрожу|угрожа)/,
    /погрожу\S* (вбит|убит)/, /угрожа\S* убит/, /гвалт/, /изнасил/, /побои/, /побоi/,
    /domestic (violence|abuse)/, /\b(beats|beat|hits|hurts|abuses) me\b/, /\babus(ive|ed)\b/, /\braped?\b/,
  ],
  "no-shelter": [
    /(нема|немае|ниде|негде|некуди|некуда|нима)\s+(де\s+)?(ночуват|переночуват|ночеват|спат|жит)/,
    /(ночуват|переночуват|ночеват|спат)\S*\s+(ниде|негде|нема де|немае де)/,
    /(ночую|ночуе|сплю|спит)\S*\s+на (вулици|улице)/, /(вигнал|выгнал)\S* (з|из) (дому|дома|квартири|квартиры)/,
    /опинил\S* на (вулици|улице)/, /оказал\S* на улице/,
    /nowhere to (sleep|stay|go)/, /no place to (sleep|stay)/, /sleep\S* (on|in) the street/, /homeless tonight/, /kicked (me )?out/,
  ],
};

const PATTERNS = Object.fromEntries(
  Object.entries(SOURCE_PATTERNS).map(([kind, patterns]) => [kind, patterns.map(unicodeAware)]),
) as Record<DangerKind, RegExp[]>;

const ORDER: DangerKind[] = ["suicide", "violence", "no-shelter"];

function readings(text: string): string[] {
  const normalized = normalizeText(text);
  const folded = normalized.split(" ").map(fold).join(" ");
  const variants = [normalized, folded];
  if (/[a-z]/.test(normalized)) {
    const cyrillic = normalized.split(" ").map((word) => (/^[a-z]+$/.test(word) ? transliterateFirst(word) : word)).join(" ");
    variants.push(cyrillic.split(" ").map(fold).join(" "));
  }
  return variants;
}

/** The kinds of danger the message signals, most urgent first; empty when none. */
export function detectDanger(text: string): DangerKind[] {
  const variants = readings(text);
  return ORDER.filter((kind) => PATTERNS[kind].some((pattern) => variants.some((variant) => pattern.test(variant))));
}
