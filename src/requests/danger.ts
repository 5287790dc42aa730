import { fold, normalizeText } from "../catalog/matcher/normalize.ts";
import { transliterateFirst } from "../catalog/matcher/transliterate.ts";

/**
 * Recognises messages that signal immediate danger, so the bot shows emergency numbers before
 * anything else. Errs on the side of showing them: a false alarm costs a resident one extra message,
 * a miss may cost far more. Works on Ukrainian, Russian, surzhyk, Latin transliteration and English.
 *
 * How it reads a message:
 * - Cyrillic patterns run on the *danger key* of every word (see `dangerKey`): `fold` (і/ї→и, є/ё/э→е,
 *   ґ→г, ь/ъ and apostrophes dropped, doubled letters merged), except that ы stays ы — folding it into и
 *   turns Russian «был» (was) into «бил» (beat). A Russian word spelt with ы is therefore written [иы].
 *   They also run on a Cyrillic reading of the Latin words ("mene pobyly" → «мене побили»).
 * - English patterns run on the normalized text (lower case, no punctuation, nothing folded).
 * - Patterns are built from small word classes (who hits, who is hit, how it is said) rather than from
 *   whole phrases, and a verb is matched as a whole word: "бе" (б'є) must not match без, бере, беженец.
 *   `\b` marks a word boundary in any script (see `compile`; JavaScript's own \b knows only Latin letters).
 * - Gaps between words are bounded (at most a few words), never `.*`: detectDanger runs on every message.
 */
export type DangerKind = "violence" | "suicide" | "no-shelter";

/** A non-capturing group of alternatives. */
const any = (...alternatives: string[]) => `(?:${alternatives.join("|")})`;
/** Up to `max` words of any kind between two parts of a phrase. */
const gap = (max: number) => String.raw`(?: \S+){0,${max}}`;

// ── violence ────────────────────────────────────────────────────────────────────────────────────────

/** Who is hit: мене, меня, нас, маму, дитину, ребенка… */
const VICTIM = any(
  "мене", "меня", "нас", "його", "его", "маму", "мамку", "мать", "матир", "дитину", "дитей", "детей",
  "дити", "дети", "ребенка", "дочку", "доньку", "дочь", "доч", "с[иы]на", "сестру", "брата", "бабусю",
  "бабушку", "жинку", "жену",
);
/** Who hits: чоловік, муж, батько, вітчим, співмешканець, колишній… (pronouns are separate: see below). */
const AGGRESSOR = any(
  "чоловик", "муж", "мужик", "батко", "тато", "папа", "отец", "отчим", "витчим", "спивмешканец", "сожител\\S*",
  "с[иы]н", "зят", "брат", "колишни\\S*", "б[иы]вш\\S*", "партнер", "хлопец", "парен", "мати", "мама",
  "свекор", "свекруха", "теща", "тесть", "сусид", "сосед", "кривдник",
);
/**
 * Hitting, as whole words. Present б'є / б'ють / бьёт / бьют; past бив / била / били / бил (never «был»:
 * ы is kept apart); prefixed побив, избил, поб'є, избивает; лупить, гамселить, душить, вдарив.
 * No bare «за-/при-» prefixes: «прибив полицю», «забив цвях» are household chores.
 */
const BEAT = any(
  "(?:по)?(?:бе|бет|бют)", "изоб(?:ет|ют)", "(?:по|из)?(?:бив|била|били|бил)", "(?:по|из)бива\\S*",
  "(?:от)?лупи\\S*", "лупц\\S*", "(?:от)?гамсел\\S*", "(?:за|при)?душ(?:ит|ат|ив|ил|ила|или)",
  "[ву]дар(?:ив|ил|ила|или|яе|яет|яют)", "кату(?:е|ют)",
);
/** Threatening: погрожує, угрожает, грозится. */
const THREAT = any("погрож\\S*", "угрож\\S*", "грозит\\S*");
/** Killing, as a threat: вбити, уб'є, убьёт, вб'ю, покалічить, заріже. */
const KILL = any("[ву]б(?:ит|ити|е|ет|ют|ю)", "покалич\\S*", "скалич\\S*", "зар[еи]ж\\S*", "зарезат\\S*");

const VIOLENCE_CYRILLIC = [
  String.raw`\b${VICTIM}${gap(1)} ${BEAT}\b`, // мене б'є, меня избил, мене знову побили
  String.raw`\b${BEAT}${gap(1)} ${VICTIM}\b`, // б'є мене, избил меня
  String.raw`\b${AGGRESSOR}${gap(2)} ${BEAT}\b`, // чоловік б'є, муж меня избивает
  String.raw`\b${BEAT} ${AGGRESSOR}\b`, // б'є чоловік
  String.raw`\b(?:вин|вона|вони|он|она|они) ${BEAT}\b`, // він б'є (a pronoun only right before the verb)
  String.raw`\b${AGGRESSOR}${gap(1)} ${THREAT}`, // чоловік погрожує
  String.raw`\b${THREAT}${gap(2)} ${KILL}\b`, // погрожує мене вбити, угрожает убить
  String.raw`\b${any(VICTIM, "тебе", "тебя")}${gap(1)} ${KILL}\b`, // мене вб'є, «я тебе вб'ю»
  String.raw`\b${KILL}${gap(1)} ${any(VICTIM, "тебе", "тебя")}\b`, // хоче вбити мене
  // кидається з ножем, бросается с кулаками
  String.raw`\b(?:кида|кинув|кинул|бросае|броса|накида)\S*${gap(2)} (?:з|с) (?:ножем|ножом|сокирою|топором|кулаками)\b`,
  String.raw`насил(?!у\b)`, // насильство, насилля, насилие, изнасиловали — but not «насилу» (barely)
  String.raw`гвалт(?:ув|уе|ую|ив|ов)`, // зґвалтували, ґвалтівник — but not «гвалт» (an uproar)
  String.raw`знуща`, String.raw`издева`, String.raw`\bпобо(?:и|ев)\b`, String.raw`\bкривдник`,
];
const HITS = any("beats?", "beating", "hits?", "hitting", "abuses", "abusing", "chokes?", "choking", "strangle[sd]?", "punch(?:es|ed)?");
const PERSON = any(
  "he", "she", "they", "husband", "wife", "boyfriend", "girlfriend", "partner", "father", "dad", "stepfather",
  "mother", "mom", "son", "brother",
);
const VIOLENCE_ENGLISH = [
  String.raw`\bdomestic (?:violence|abuse)\b`,
  String.raw`\b(?<! it )${HITS} (?:me|us)\b`, // "it hit me" / "it beats me" are idioms, not blows
  String.raw`\b${PERSON}${gap(1)} hurts me\b`, // pain is not violence: "my knee hurts me"
  String.raw`\b(?:was|were|got|been|am|being) (?:beaten|assaulted|abused|attacked)\b`,
  String.raw`\babus(?:ive|ed|er)\b`, String.raw`\brap(?:e|ed|ing|ist)\b`,
  String.raw`\bthreat(?:en|ens|ened|ening) to kill\b`, String.raw`\b(?:will|gonna|going to) kill (?:me|us)\b`,
];

// ── suicide ─────────────────────────────────────────────────────────────────────────────────────────

/** не хочу, не хоче, не хочеться, не хочется, нехочу; «гоч-» is how "hochu" transliterates (h → г). */
const NOT_WANT = String.raw`не ?[хг]оч(?:у|е|ет\S*|еш|ем\S*)`;
/** жити, жить, жыть (a common typo), zhyty. */
const LIVE = "ж[иы]ти?";
/** Words that sit between «не хочу» and «жити»: більше, вже, так, взагалі… */
const FILLER = any("билше", "болше", "вже", "уже", "так", "зовсим", "совсем", "взагали", "вообще", "дали", "далше", "просто");

/** Where one jumps from: міст, дах, крыша, вікно, балкон, поверх. */
const HEIGHT = any("мост", "дах", "кр[иы]ш", "викн", "окн", "балкон", "поверх", "етаж", "этаж");

const SUICIDE_CYRILLIC = [
  String.raw`\b${NOT_WANT}(?: ${FILLER}){0,2} ${LIVE}\b`, // не хочу (більше) жити
  String.raw`\b${LIVE}(?: ${FILLER}){0,2} ${NOT_WANT}`, // жити (вже) не хочу
  String.raw`\b(?:сенсу|см[иы]сла?)${gap(1)} ж(?:[иы]ти?|[иы]тя|изн\S*)\b`, // немає сенсу жити, нет смысла жить
  String.raw`\b(?:втомил|устал|набридл|надоел)\S* ${LIVE}\b`, // втомилася жити, надоело жить
  String.raw`\b${LIVE} (?:\S+ )?(?:набридл|надоел)`, // жити набридло
  String.raw`\b[хг]оч\S*${gap(1)} (?:помер|вмер|умер|помира|вмира|умира|здох|сдох)(?:ти|т|ет|нути|нут)\b`, // хочу (просто) померти
  String.raw`\b(?:краще|лучше) б[иы]?${gap(1)} (?:помер|вмер|умер|здох|сдох)\S*`, // краще б я померла
  String.raw`\b[ву]б(?:ит|ити|ют|ю|ет|ив|ил)\S* себ[ея]\b`, // вбити себе, вб'ю себе, убью себя
  String.raw`\bсеб[ея]${gap(1)} [ву]б(?:ит|ю)\S*`, // себе вбити
  String.raw`\bпокинч\S* (?:з|зи|с|со) (?:соб|жит)`, // покінчу з собою, покінчити з життям
  String.raw`\bпоконч\S* (?:с|со) (?:соб|жизн)`, // покончить с собой, покончу с жизнью
  String.raw`\b(?:наклас|наклад|налож)\S* на себ[ея] рук`, // накласти на себе руки, наложить на себя руки
  // hanging oneself is reflexive: повіситися, повішусь, повеситься; «повісити поручні» is a handrail
  String.raw`\bпов[еи](?:сит|сил|ш)\S*(?:ся|с)\b`, String.raw`\bв[еи]шати?(?:ся|с)\b`,
  String.raw`\b(?:наковта|наглота)\S* (?:таблет|пигул|ликив|лекарст|снодийн|снотворн)`,
  // отруюсь, хочу отравиться — but not «отравился грибами» (food poisoning, already over)
  String.raw`\b(?:отруюс|отруюся|отравлюс)\b`, String.raw`\b[хг]оч\S* (?:отру|отрав)\S*(?:ся|с)\b`,
  String.raw`\b(?:вскр|(?:по|пере|роз)?р[еи][зж])\S*${gap(1)} вен[иы]?\b`, // порізати вени, вскрою вены
  // стрибну з мосту, выпрыгну из окна
  String.raw`\b(?:стрибн|вистрибн|кину|брош|брос|пр[иы]гн|спр[иы]гн|в[иы]пр[иы]гн)\S* (?:з|зи|с|со|из)${gap(1)} ${HEIGHT}\S*`,
  String.raw`\b(?:кину|брош|брос|лягти|лечь|ляжу)\S* (?:пид|под) (?:потяг|поизд|поезд|машин|колес|електричк|электричк)\S*`,
  String.raw`\b(?:пит|пиду|уйт|уйду)\S* (?:з|из) (?:житя|жизн)\S*`, // піти з життя, уйти из жизни
  String.raw`самогуб|самоуби|суицид`,
];
const SUICIDE_ENGLISH = [
  String.raw`\bsuicid`,
  String.raw`\bkil+(?:ing|s)? (?:my|him|her|them)sel(?:f|ves)\b`,
  String.raw`\b(?:want|wanna|wish to|ready to|going to|gonna) (?:to )?die\b`,
  String.raw`\bend (?:my|his|her|it) (?:own )?life\b`, String.raw`\bend it all\b`,
  String.raw`\b(?:take|taking|took) (?:my|his|her) (?:own )?life\b`,
  String.raw`\b(?:dont|do not) want to (?:live|be alive|exist)\b`,
  String.raw`\bno (?:reason|point) (?:to|in) (?:live|living)\b`, String.raw`\bbetter off dead\b`,
  String.raw`\bhang (?:my|him|her)self\b`, String.raw`\b(?:want|wanna|wish i (?:was|were)) (?:to be )?dead\b`,
];

// ── no shelter tonight ──────────────────────────────────────────────────────────────────────────────

/** Sleeping somewhere: ночувати, переночевать, спати, жити (as in «нема де жити»). */
const SLEEP = any("(?:пере|за)?ноч(?:уват|еват)\\S*", "(?:по)?спат[иь]?", LIVE);
/** Short words that can stand inside «нема [мені] де ночувати». */
const WHEN = any(
  "мени", "мне", "нам", "им", "согодни", "сегодня", "вже", "уже", "зараз", "сейчас", "тепер", "теперь", "вночи", "ночю",
);
/** Sleeping, as a finite verb: ночую, ночуємо, ночевали, сплю, спимо, спить, спали. */
const SLEEPS = any("(?:пере|за)?ноч(?:у|ев)\\S*", "сп(?:лю|лят|имо|им|ит|ите|ят|ала|ав|ал|али|ати|ат)");
/** Places outdoors or in a stairwell (not «у підвалі»: during shelling, everyone sleeps in a basement). */
const ROUGH_PLACE = any(
  "вокзал[иеу]?", "лав(?:ци|ке)", "скам(?:ейке|ье)", "пидизд[иу]?", "подезд[еу]?", "теплотрас[иеу]",
);
/** Nowhere: ніде, негде, нема де, не має де, нет где. */
const NOWHERE = any("ниде", "негде", "нигде", "(?:нема|не ?мае|немаю|нима|нет) (?:де|где)");
/** Nowhere to go: нікуди, некуда, нема куди. */
const NOWHERE_TO = any("никуди", "некуда", "(?:нема|не ?мае|нима|нет) (?:куди|куда)");
/** Going, after «нікуди»: йти, іти, піти, идти, подітися, деваться, повертатися. */
const GO = any(
  "йти", "ити", "пити", "идти", "пойти", "подит\\S*", "подет\\S*", "податис\\S*", "податс\\S*", "детс\\S*", "деватс\\S*",
  "повертатис\\S*", "возвращатс\\S*",
);
const STREET = any("вулици", "улице");
/** Home, after «з / из»: з дому, из дома, з хати, з квартири, з гуртожитку. */
const HOME = any("дому", "дома", "хати", "хат[иы]", "квартир\\S*", "житла", "жиля", "гуртожит\\S*", "общежит\\S*");
/** Home, after «без»: без даху, без житла, без жилья, без крыши. */
const ROOF = any("даху", "кр[иы]ши", "житла", "жиля", "жила", "дома", "домивки", "хати", "квартири", "квартир[иы]");

const NO_SHELTER_CYRILLIC = [
  String.raw`\b(?:${NOWHERE}|некуда)(?: ${WHEN})? ${SLEEP}\b`, // нема де ночувати
  String.raw`\b${SLEEP}(?: ${WHEN})? ${NOWHERE}\b`, // ночувати ніде
  // нікуди йти, некуда идти — but «нікуди йти не хоче» is staying in, not having nowhere to go
  String.raw`\b${NOWHERE_TO}(?: ${WHEN})? ${GO}\b(?! не (?:[хг]оч|треба|потриб|нужн|надо))`,
  String.raw`\b${SLEEPS}(?: ${WHEN})? на ${STREET}\b`, // ночую на вулиці («живу на вулиці Перемоги» is an address)
  // ночую на вокзалі, живу в під'їзді (but «живу на Вокзальній» is an address)
  String.raw`\b(?:${SLEEPS}|жив\S*)(?: ${WHEN})? (?:на|в|у|под|пид) ${ROUGH_PLACE}\b`,
  // живу на вулиці, with no street name after it
  String.raw`\bживу на ${STREET}(?= $| (?:вже|уже|зараз|сейчас|тепер|теперь|давно|з|с)\b)`,
  // я бездомна, ми стали бездомними
  String.raw`\b(?:я|ми|м[иы]|стал\S*|став|опинил\S*|оказал\S*)(?: (?:тепер|теперь|зараз|вже|уже))? (?:бездомн|бомж)\S*`,
  String.raw`\bв[иы]гна\S*${gap(3)} (?:з|зи|из|с) ${HOME}\b`, // вигнали (мене) з дому, чоловік вигнав з квартири
  String.raw`\bв[иы]гна\S*${gap(2)} на (?:вулицю|улицу|мороз)\b`, // вигнав на вулицю
  String.raw`\b(?:з|из) ${HOME} в[иы]гна`, // з дому вигнали
  String.raw`\bв[иы]став\S*${gap(2)} за двер`, // виставив за двері
  String.raw`\bв[иы]сел(?:или|ив|ила|ил)\b`, // нас виселили (evicted, already)
  // опинився / залишилась на вулиці: reflexive only, «залишила сумку на вулиці» is a lost bag
  String.raw`\b(?:опини|оказа|очути|(?:за)?лиш|оста)\S*(?:ся|с)${gap(1)} на ${STREET}\b`,
  String.raw`\b(?:опини|оказа|очути|(?:за)?лиш|оста)\S*${gap(1)} без ${ROOF}\b`, // залишилась без житла
  String.raw`\b(?:даху|кр[иы]ши) над голов`, // без даху над головою
  // a bed for tonight, for oneself or for a homeless person being helped: the answer is the same
  String.raw`\b(?:потр[еи]б|нужен|нужн|треба|надо|шука|ищ)\S*${gap(1)} (?:нич|ноч)л[еи]г`, // потрібен нічліг
  String.raw`\b(?:нич|ноч)л[еи]г\S* (?:на )?(?:согодни|сегодня|нич|ноч)`, // нічліг на сьогодні
];
const NO_SHELTER_ENGLISH = [
  String.raw`\bnowhere to (?:sleep|stay|go|live)\b`, String.raw`\bno place to (?:sleep|stay|live)\b`,
  String.raw`\b(?:sleep\S*|living|live) (?:on|in) the streets?\b`, String.raw`\bsleeping rough\b`,
  String.raw`\bhomeless tonight\b`, String.raw`\b(?:i am|im|we are|were|became|now) homeless\b`,
  String.raw`\bkicked (?:me |us )?out\b`, String.raw`\b(?:threw|thrown|throwing) (?:me|us) out\b`,
  String.raw`\bevicted\b`, String.raw`\bneed (?:a )?(?:bed|place to sleep|shelter) (?:for )?tonight\b`,
];

// ── matching ────────────────────────────────────────────────────────────────────────────────────────

/**
 * One regular expression for a list of patterns (one scan of the text instead of one per pattern).
 *
 * Every text we test is a padded sequence of words (" мене бє чоловик "): letters and digits (any script)
 * separated by single spaces, with a space at each end. So a word boundary is simply a space, whatever the
 * alphabet: a pattern's leading `\b` becomes the space before its first word (a literal, which lets the
 * engine skip straight to word starts — a lookbehind there made detection ~20 times slower), and every
 * other `\b` ends a word: a lookahead for the space after it.
 */
function compile(patterns: string[]): RegExp {
  const source = patterns
    .map((pattern) => {
      const body = pattern.startsWith(String.raw`\b`) ? ` ${pattern.slice(2)}` : pattern;
      if (/[|(]\\b/.test(body)) throw new Error(`danger: a \\b may only start a pattern or end a word: ${pattern}`);
      return `(?:${body.replaceAll(String.raw`\b`, "(?= )")})`;
    })
    .join("|");
  return new RegExp(source, "u");
}

const MATCHERS: Record<DangerKind, { cyrillic: RegExp; english: RegExp }> = {
  suicide: { cyrillic: compile(SUICIDE_CYRILLIC), english: compile(SUICIDE_ENGLISH) },
  violence: { cyrillic: compile(VIOLENCE_CYRILLIC), english: compile(VIOLENCE_ENGLISH) },
  "no-shelter": { cyrillic: compile(NO_SHELTER_CYRILLIC), english: compile(NO_SHELTER_ENGLISH) },
};

const ORDER: DangerKind[] = ["suicide", "violence", "no-shelter"];

/** `fold`, but ы is kept: Russian «был, была, были» (was) must not read as «бил, била, били» (beat). */
function dangerKey(word: string): string {
  return word.includes("ы") ? word.split("ы").map(fold).join("ы") : fold(word);
}

/**
 * Latin words whose first transliteration is wrong for us: "byl" is Russian «был» (was), not «бил» (beat);
 * the Ukrainian «бив» is written "byv". A Map, not an object literal: a resident's word "constructor"
 * must not find Object.prototype.constructor (it did, and the update failed).
 */
const LATIN_READINGS: ReadonlyMap<string, string> = new Map([["byl", "был"]]);

/** Words padded with a space at each end (see `compile`). */
const padded = (words: string[]) => ` ${words.join(" ")} `;

interface Readings {
  /** Normalized text, for the English patterns. */
  text: string;
  /** Danger keys of the words, and of a Cyrillic reading of the Latin words, for the Cyrillic patterns. */
  keys: string[];
}

function readings(words: string[]): Readings {
  const wordKeys = words.map(dangerKey);
  const keys = [padded(wordKeys)];
  if (words.some((word) => /[a-z]/.test(word))) {
    const latinRead = (word: string) => dangerKey(LATIN_READINGS.get(word) ?? transliterateFirst(word));
    keys.push(padded(words.map((word, i) => (/^[a-z]+$/.test(word) ? latinRead(word) : wordKeys[i]!))));
  }
  return { text: padded(words), keys };
}

/** The kinds of danger the message signals, most urgent first; empty when none. */
export function detectDanger(text: string): DangerKind[] {
  const normalized = normalizeText(text);
  if (normalized === "") return [];
  const { text: english, keys } = readings(normalized.split(" "));
  return ORDER.filter((kind) => {
    const { cyrillic, english: englishPattern } = MATCHERS[kind];
    return englishPattern.test(english) || keys.some((key) => cyrillic.test(key));
  });
}
