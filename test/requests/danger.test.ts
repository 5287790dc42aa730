import { describe, expect, it } from "vitest";
import { detectDanger, type DangerKind } from "../../src/requests/danger.ts";

/**
 * detectDanger decides whether a resident first sees the emergency numbers. Recall matters most (a miss
 * may cost a life), but precision matters too: an older resident asking for a wheelchair for her
 * "helpless father" must not be told to call the police. Phrases below are what residents really type:
 * Ukrainian, Russian, surzhyk, Latin transliteration, English; typos, missing apostrophes, capitals.
 *
 * Lines in the defect comments refer to src/requests/danger.ts as reviewed (SOURCE_PATTERNS, lines 16–38).
 */

const only = (kind: DangerKind) => [kind];

describe("detectDanger recognises violence", () => {
  it.each([
    // Ukrainian, every apostrophe residents type, or none
    "мене б'є чоловік",
    "Мене бʼє чоловік, що робити?",
    "мене б’є чоловік",
    "мене б`є чоловік",
    "мене бє чоловік",
    "МЕНЕ Б'Є ЧОЛОВІК!!!",
    "чоловік б'є мене",
    "чоловік бʼє",
    "чоловік б'є дітей",
    "мене б'ють щодня",
    "дитину бʼють",
    "його бʼють у школі",
    "мою маму б'є вітчим",
    "син б'є маму",
    "батько б'є маму",
    "співмешканець б'є",
    "він бив мене роками",
    "чоловік побив мене",
    "чоловік погрожує",
    "чоловік погрожує вбити",
    "знущається з мене чоловік",
    "чоловік знущається з дітей",
    "домашнє насильство",
    "насилля в сім'ї",
    "потерпаю від домашнього насильства",
    "сексуальне насильство",
    "мене зґвалтували",
    // surzhyk
    "мене бьє чоловік",
    "мене бют",
    // Russian
    "муж меня бьёт",
    "муж бьет меня",
    "меня бьет муж",
    "меня бъет муж",
    "сын бьёт меня",
    "нас бьют",
    "ребенка бьют",
    "отчим бьет ребенка",
    "муж избивает меня",
    "зять избивает дочку",
    "сожитель бьет",
    "бил меня",
    "издевается надо мной муж",
    "угрожает убить",
    "домашнее насилие",
    "меня изнасиловали",
    "сняла побои",
    // Latin transliteration
    "cholovik mene bye",
    "mene b'ye cholovik",
    "muzh menya bet",
    "nasylstvo v simji",
    "nasilie",
    // English
    "my husband beats me",
    "he hits me",
    "my son hits me",
    "domestic violence",
    "i was raped",
    "he abuses me",
    // Latin look-alike letters inside Cyrillic words (е and о typed on the Latin layout), a zero-width space
    "мeне бʼє чoловік",
    "мене б\u200B'є чоловік",
  ])("%j → violence", (text) => {
    expect(detectDanger(text)).toEqual(only("violence"));
  });
});

describe("detectDanger recognises suicidal thoughts", () => {
  it.each([
    // Ukrainian, with typos
    "не хочу жити",
    "НЕ ХОЧУ ЖИТИ",
    "не хочу житі",
    "Не хочу жыть",
    "жити не хочу",
    "не хочу жити вже",
    "не хочеться жити",
    "мама каже що не хоче жити",
    "хочу померти",
    "хочу померти!!!",
    "хочу вмерти",
    "хочеться вмерти",
    "хочеться померти",
    "я хочу покінчити з собою",
    "накласти на себе руки",
    "вбити себе",
    "вб'ю себе",
    "вбю себе",
    "хочу повіситися",
    "думаю про самогубство",
    "думаю про суїцид",
    "суіцид",
    // stress marks copied from a dictionary, letters held down
    "не́ хо́чу жи́ти",
    "не хочуууу жииить",
    // Russian
    "не хочу жить",
    "я не хочу жить",
    "не хочется жить",
    "хочу умереть",
    "хочется умереть",
    "хочу покончить с собой",
    "покончу с собой",
    "убить себя",
    "хочу повеситься",
    "самоубийство",
    "суицид",
    // Latin transliteration
    "ne hochu zhyty",
    "ne khochu zhyty",
    "ne hochu zhiti",
    "ne hochu zhit",
    "ne hochu zhyty bilshe",
    "samogubstvo",
    // English
    "i want to die",
    "I WANT TO DIE",
    "want to kill myself",
    "end my life",
    "suicidal",
    "sUiCiDe",
  ])("%j → suicide", (text) => {
    expect(detectDanger(text)).toEqual(only("suicide"));
  });
});

describe("detectDanger recognises having nowhere to sleep", () => {
  it.each([
    // Ukrainian and surzhyk
    "нема де ночувати",
    "НЕМА ДЕ НОЧУВАТИ!!!",
    "немає де ночувати сьогодні",
    "немає де ночувать",
    "ніде ночувати",
    "ніде ночувати з дітьми",
    "ніде спати",
    "нима де спати",
    "нема де переночувати",
    "ніде переночувати",
    "мені нема де жити",
    "ночую на вулиці",
    "ночуємо на вулиці",
    "сплю на вулиці",
    "мене вигнали з дому",
    "вигнала з квартири",
    "опинилася на вулиці",
    "опинились на вулиці",
    // Russian
    "негде ночевать",
    "мне негде ночевать",
    "негде ночевать с детьми",
    "некуда ночевать",
    "негде спать",
    "негде жить",
    "сплю на улице",
    "ночую на улице",
    "выгнали из дома",
    "выгнали из квартиры",
    "выгнал из дома",
    "оказалась на улице",
    "оказался на улице",
    // Latin transliteration
    "nema de nochuvaty",
    "nide spaty",
    "vyhnaly z domu",
    // English
    "I have nowhere to sleep",
    "nowhere to stay tonight",
    "nowhere to go",
    "they kicked me out",
    "sleeping on the street",
    "homeless tonight",
  ])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toEqual(only("no-shelter"));
  });
});

describe("detectDanger with several dangers in one message", () => {
  it("names every kind, most urgent first", () => {
    expect(detectDanger("чоловік б'є мене, не хочу жити")).toEqual(["suicide", "violence"]);
    expect(detectDanger("чоловік б'є, вигнали з дому, не хочу жити")).toEqual(["suicide", "violence", "no-shelter"]);
  });

  it("orders by urgency, not by where the words are in the message", () => {
    expect(detectDanger("ніде ночувати, бо чоловік б'є мене")).toEqual(["violence", "no-shelter"]);
    expect(detectDanger("вигнали з дому, хочу померти")).toEqual(["suicide", "no-shelter"]);
  });

  it("names a kind once, however often it is said", () => {
    expect(detectDanger("мене б'є чоловік, домашнє насильство, he beats me")).toEqual(["violence"]);
  });
});

describe("detectDanger stays silent on ordinary requests", () => {
  // Judgement calls, kept out of this list on purpose:
  // - "бездомний потребує нічлігу" SHOULD trigger no-shelter (someone has no bed tonight; the no-shelter
  //   answer is exactly "call 112, they will tell you the nearest shelter") — see the known gaps below.
  // - "нічліжка для бездомних" (where is the night shelter?) is a catalogue question; either answer is acceptable.
  // - "мама не хоче жити в будинку престарілих" (a care-home question) triggers suicide today; a false alarm
  //   the module accepts by design ("errs on the side of showing them").
  it.each([
    "",
    "соціальне таксі",
    "социальное такси",
    "socialne taksi",
    "social taxi please",
    "потрібен психолог",
    "психолог для дитини",
    "psiholog",
    "психологічна підтримка після втрати",
    "кризовий центр",
    "догляд за бабусею",
    "догляд вдома за мамою",
    "dohliad za babuseyu",
    "хочу жити краще",
    "хочу жити у своєму будинку",
    "моя мама не хоче їсти",
    "не хочу йти до лікарні",
    "потрібні підгузки для лежачої мами",
    "мамі 85 років, потрібен соціальний працівник",
    "хочу оформити пенсію",
    "як отримати статус ВПО",
    "житлова субсидія",
    "потрібна юридична допомога при розлученні",
    "як оформити опіку над дитиною",
    "слуховий апарат",
    "інвалідний візок",
    "знижка на проїзд для пенсіонерів",
    "потрібна гуманітарна допомога",
    "притулок для тварин",
    "де переночувати туристу в Житомирі",
    "мене звати Марія",
    "вбити час",
    // "на вулиці" is also how an address is written: these are addresses, not a night outdoors
    "живу на вулиці Перемоги",
    "бабуся живе сама на вулиці Київській",
    "сплю погано, потрібен лікар",
    "ночую в лікарні з мамою",
  ])("%j → nothing", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });
});

/**
 * Known false alarms: ordinary service requests that get the police / suicide / shelter message today.
 * Each group is one defect; when it is fixed, its tests start passing and `it.fails` turns them red:
 * move them up into the list above.
 */
describe("detectDanger known false alarms (defects)", () => {
  // DEFECT, line 27: after the subject (чоловік, батько, отец, син, муж…) the verb alternatives
  // (бе|бет|бют|бил|бив|избива|погрожу|угрожа) have no word boundary after them, so ANY word starting
  // with "бе" counts as "б'є": без, безпорадний, безробітний, бере, берет, беженец. Fix: close the group
  // with \b and list the real forms (бе|бет|бют|бют\S*|бил|била|бив|избива\S*|погрожу\S*|угрожа\S*)\b,
  // i.e. only stems that are meant as prefixes get \S*.
  it.fails.each([
    "батько безпорадний, потрібен догляд",
    "батько без ноги, потрібна коляска",
    "отец без ноги, нужна коляска",
    "чоловік без роботи",
    "чоловік безробітний, допоможіть з виплатами",
    "чоловік бере ліки щодня",
    "син бере відпустку по догляду",
    "муж берет больничный",
    "сын беженец из Херсона",
  ])("%j → nothing (a word starting with «бе» after «чоловік/батько/син» is not «б'є»)", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });

  // DEFECT, lines 25 and 27 with fold(): folding turns Russian ы into и, so "был" (was) becomes "бил"
  // (beat) and "сын был ранен" / "у нас был пожар" read as "сын бил" / "нас бил". Fix: match the verb
  // "бил" on the unfolded reading only (normalized text keeps ы: был ≠ бил), e.g. drop "бил" from the
  // folded patterns and add /\b(меня|нас|его|ее|муж|отец|сын|отчим)\s+(из)?бил\b/ tested against
  // `normalized` alone.
  it.fails.each([
    "сын был ранен на фронте, нужна реабилитация",
    "муж был военным, положены льготы",
    "отец был инвалидом",
    "у нас был пожар, сгорел дом",
  ])("%j → nothing (Russian «был», was, is not «бил», beat)", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });

  // DEFECT, line 24: /насил/ also matches "насилу" — Ukrainian and Russian for "barely, with
  // difficulty", which older residents use all the time. Fix: /насил(?!у\b)/ (or list the forms:
  // насильств, насилля, насилие, насильн, насилу excluded).
  it.fails.each(["насилу ходжу, потрібні ходунки", "насилу хожу, нужна коляска"])(
    "%j → nothing («насилу» means «barely»)",
    (text) => {
      expect(detectDanger(text)).toEqual([]);
    },
  );

  // DEFECT, line 20: /повес(ит|ит)\S*/ and /повис(ит|ич)\S*/ match the transitive verb "повісити /
  // повесить" (to hang up a thing), so asking to fix handrails — an accessibility request — shows the
  // suicide message. Only the reflexive form means hanging oneself. Fix (on folded text):
  // /\bпов[еи](сит|сич|ш)\S*(ся|с)\b/ — matches повіситися, повішуся, повішусь, повеситься, повешусь;
  // not повісити, повесить.
  it.fails.each(["треба повісити поручні у ванній", "допоможіть повісити штори", "помогите повесить карниз"])(
    "%j → nothing (hanging up a thing)",
    (text) => {
      expect(detectDanger(text)).toEqual([]);
    },
  );

  // DEFECT, line 24: /(по)?бив(ае|а|ав)?\b.*\b(мене|мене|нас|мен|маму|дитин)/ has no word boundary
  // before "бив" (so любив, розбив, забив, прибив all count) and none after "мен"/"нас". Fix:
  // /\b(по)?бив(ае|а|ав)?\b.*\b(мене|нас|маму|дитин\S*)\b/.
  it.fails("\"мій покійний чоловік дуже любив маму\" → nothing («любив», loved, is not «бив»)", () => {
    expect(detectDanger("мій покійний чоловік дуже любив маму")).toEqual([]);
  });

  // DEFECT, line 32: the verb alternatives have no word boundary, so "жит" matches житлова (housing):
  // "нема житлової субсидії" (no housing subsidy) reads as "нема де жити". Fix: (ночуват\S*|переночуват\S*|
  // ночеват\S*|спат\S*|жити?|жит)\b — i.e. жити/жить only.
  it.fails.each(["нема житлової субсидії", "немає житлової субсидії, куди звернутися"])(
    "%j → nothing (a missing housing subsidy is not a night outdoors)",
    (text) => {
      expect(detectDanger(text)).toEqual([]);
    },
  );

  // DEFECT (minor), line 28: /гвалт/ is meant for зґвалтували (raped), but "гвалт" alone is Ukrainian for
  // an uproar, a racket. Fix: /гвалту?в|гвалтів/ (згвалтували, зґвалтування, ґвалтівник).
  it.fails("\"сусіди зчинили гвалт вночі\" → nothing (a noise complaint)", () => {
    expect(detectDanger("сусіди зчинили гвалт вночі")).toEqual([]);
  });

  // DEFECT (minor), line 29: "hurts me" is in the list with beats/hits/abuses, so pain reads as violence.
  // Fix: drop "hurts", or require a person before it (\b(he|she|they|husband|wife|son|father)\b.*hurts me).
  it.fails.each(["my knee hurts me when I walk", "it hurts me to walk"])("%j → nothing (pain, not violence)", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });
});

/**
 * Known misses: real danger the detector does not see today. Each group is one defect; when it is fixed,
 * `it.fails` turns red: move the phrases up into the recall lists.
 */
describe("detectDanger known misses (defects)", () => {
  // DEFECT, line 25: after the object (мене, меня…) only bare forms are accepted, so the commonest way
  // to say it — the perfective past "побив/побили/побила" and Russian "избил" — is missed; "избил" is in
  // no pattern at all. Fix: (по|из)?(бе|бет|бют|бьют|бил|била|били|бив|бива\S*)\b in line 25 (and the
  // same prefix in lines 26–27).
  it.fails.each(["мене побили", "син мене побив", "мене побив чоловік", "він мене побив вчора", "муж избил меня", "меня избил муж"])(
    "%j → violence (a past «побив / избил»)",
    (text) => {
      expect(detectDanger(text)).toContain("violence");
    },
  );

  // DEFECT, lines 25–26: the stems "избива", "лупи", "гамсел" are followed by \b, so no real word form
  // (избивает, лупить, гамселить) can ever match them. Fix: (избива|лупи|гамсел)\S* before the boundary.
  it.fails.each(["меня избивает муж", "муж меня избивает", "мене лупить чоловік", "чоловік гамселить мене"])(
    "%j → violence (избивает, лупить, гамселить)",
    (text) => {
      expect(detectDanger(text)).toContain("violence");
    },
  );

  // DEFECT, line 28: "погрожу\S* (вбит|убит)" wants the two words side by side; "погрожує мене вбити"
  // has the object between. Fix: погрожу\S*( \S+)? (вбит|убит) (and the same for угрожа).
  it.fails("\"погрожує мене вбити\" → violence", () => {
    expect(detectDanger("погрожує мене вбити")).toContain("violence");
  });

  // DEFECT, line 19: "не хочу" and "жити" must be adjacent, so the most common phrasing of all,
  // "не хочу більше жити", is missed, and so is the typo without a space, "нехочу". Fix:
  // /(не ?хочу|не ?гочу|не ?хочет\S*|не ?хоче|не ?гоче)( (бильше|больше|вже|уже))? (жит|жи)/.
  it.fails.each(["не хочу більше жити", "я не хочу більше жити", "не хочу больше жить", "нехочу жити", "нехочу жить"])(
    "%j → suicide",
    (text) => {
      expect(detectDanger(text)).toContain("suicide");
    },
  );

  // DEFECT, line 18: /покинчи\S* (з|со?) соб/ only knows the infinitive покінчити; the future "покінчу"
  // (folded покинчу) is missed, in Cyrillic and in Latin. Fix: /покинч\S* (з|зи|со?) соб/.
  it.fails.each(["покінчу з собою", "pokinchu z soboyu"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // DEFECT, lines 19–20: Russian "себя" is only accepted after "убит", and the idiom "наложить на себя
  // руки" only in its Ukrainian form. Fix: /(вбит|убит|вбю|убю)\S* себ(е|я)/ and
  // /(наклас|налож)\S* на себ(е|я) руки/.
  it.fails.each(["убью себя", "наложить на себя руки"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // DEFECT, line 20: the first-person future "повішусь / повішуся / повешусь" is missed (only the
  // infinitive matches). Fix: the reflexive pattern suggested for the "повісити" false alarm above.
  it.fails.each(["повішусь", "повішуся", "повешусь"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // DEFECT, line 20: transliteration reads "hochu" as "гочу" (h → г first); the "не хочу" pattern
  // accepts "гочу" but the "хочу померти" one does not. Fix: (хочу|гочу|хочет\S*|гочет\S*) in line 20.
  it.fails.each(["hochu pomerty", "hochu umeret"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // DEFECT, line 21: "wanna" is written as if followed by "to", and "killing" is not "kill ". Fix:
  // /(want to|wanna) die/ and /kil+(ing)? (my|him|her)sel/.
  it.fails.each(["i wanna die", "thinking about killing myself"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // DEFECT, line 32: the Russian verb list has "ночеват" but not "переночеват", so "негде переночевать"
  // is missed (its Ukrainian twin "ніде переночувати" is found). Fix: add переночеват.
  it.fails("\"негде переночевать\" → no-shelter", () => {
    expect(detectDanger("негде переночевать")).toContain("no-shelter");
  });

  // DEFECT, line 34: /(вигнал|выгнал)\S* (з|из) (дому|…)/ misses the Ukrainian masculine past "вигнав"
  // (чоловік вигнав), an object between verb and preposition ("вигнали мене з дому"), and "хата", the
  // word many older residents use for home. Fix: /(вигна|выгна)\S*( \S+)? (з|из) (дому|дома|хати|хаты|квартир\S*)/.
  it.fails.each(["чоловік вигнав мене з дому", "вигнали мене з дому", "син вигнав з квартири", "вигнали з хати"])(
    "%j → no-shelter",
    (text) => {
      expect(detectDanger(text)).toContain("no-shelter");
    },
  );

  // DEFECT, line 35: /опинил\S*/ catches the feminine "опинилась" but not the masculine "опинився".
  // Fix: /опини\S* на (вулици|улице)/.
  it.fails("\"опинився на вулиці\" → no-shelter", () => {
    expect(detectDanger("опинився на вулиці")).toContain("no-shelter");
  });

  // DEFECT, line 34: "спимо" (we sleep) is not among (ночую|ночуе|сплю|спит). Fix: (ночу\S*|спл\S*|спи\S*).
  it.fails("\"спимо на вулиці\" → no-shelter", () => {
    expect(detectDanger("спимо на вулиці")).toContain("no-shelter");
  });

  // DEFECT, lines 32–36: English "nowhere to go" triggers no-shelter, its Ukrainian and Russian twins do
  // not. Fix: add /(нема|немае|некуди|некуда|нима)\s+(куди\s+)?(йти|идти|пити)/ (folded).
  it.fails.each(["нікуди йти", "нема куди йти", "некуда идти"])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toContain("no-shelter");
  });

  // DEFECT, lines 31–37: losing one's home is said with idioms none of the patterns knows. Fix: add
  // /без даху над головою/, /(залиши|лиши|оста)\S* без (житла|жилья|даху)/.
  it.fails.each(["залишилась без даху над головою", "остался без жилья", "залишилась без житла"])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toContain("no-shelter");
  });

  // DEFECT (judgement call), lines 31–37: a request for a bed for tonight — for oneself or for a homeless
  // person someone is helping — is exactly the no-shelter case (the answer is "call 112, they will tell
  // you the nearest shelter"), and a false alarm here costs one message. Fix: /(потриб|нужен|нужн)\S* (нич|ноч)лиг/
  // and /нич\S*лиг\S* (на )?сьогодни/.
  it.fails.each(["потрібен нічліг на сьогодні", "бездомний потребує нічлігу"])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toContain("no-shelter");
  });
});
