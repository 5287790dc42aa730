import { describe, expect, it } from "vitest";
import { detectDanger, type DangerKind } from "../../src/requests/danger.ts";

/**
 * detectDanger decides whether a resident first sees the emergency numbers. Recall matters most (a miss
 * may cost a life), but precision matters too: an older resident asking for a wheelchair for her
 * "helpless father" must not be told to call the police. Phrases below are what residents really type:
 * Ukrainian, Russian, surzhyk, Latin transliteration, English; typos, missing apostrophes, capitals.

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
  // - "бездомний потребує нічлігу" triggers no-shelter (someone has no bed tonight; the no-shelter
  //   answer is exactly "call 112, they will tell you the nearest shelter") — see the last group below.
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
 * Look-alikes: ordinary service requests that share a word or a stem with a danger phrase (former false
 * alarms, kept as regression tests).
 */
describe("detectDanger stays silent on look-alikes", () => {
  // «бе» (б'є) is a whole word: без, безпорадний, безробітний, бере, беженец after «чоловік/батько/син» are not a beating
  it.each([
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

  // Russian «был» (was) must not fold into «бил» (beat)
  it.each([
    "сын был ранен на фронте, нужна реабилитация",
    "муж был военным, положены льготы",
    "отец был инвалидом",
    "у нас был пожар, сгорел дом",
  ])("%j → nothing (Russian «был», was, is not «бил», beat)", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });

  // «насилу» means «barely», not «насильство»
  it.each(["насилу ходжу, потрібні ходунки", "насилу хожу, нужна коляска"])(
    "%j → nothing («насилу» means «barely»)",
    (text) => {
      expect(detectDanger(text)).toEqual([]);
    },
  );

  // only the reflexive «повіситися» is hanging oneself; «повісити поручні» is a handrail
  it.each(["треба повісити поручні у ванній", "допоможіть повісити штори", "помогите повесить карниз"])(
    "%j → nothing (hanging up a thing)",
    (text) => {
      expect(detectDanger(text)).toEqual([]);
    },
  );

  // «любив» (loved) ends with «бив» but is not «бив» (beat)
  it("\"мій покійний чоловік дуже любив маму\" → nothing («любив», loved, is not «бив»)", () => {
    expect(detectDanger("мій покійний чоловік дуже любив маму")).toEqual([]);
  });

  // «житлова» (housing) starts with «жит» but is not «жити»
  it.each(["нема житлової субсидії", "немає житлової субсидії, куди звернутися"])(
    "%j → nothing (a missing housing subsidy is not a night outdoors)",
    (text) => {
      expect(detectDanger(text)).toEqual([]);
    },
  );

  // «гвалт» alone is an uproar; only «зґвалтувати» and its forms are rape
  it("\"сусіди зчинили гвалт вночі\" → nothing (a noise complaint)", () => {
    expect(detectDanger("сусіди зчинили гвалт вночі")).toEqual([]);
  });

  // pain is not violence: only a person «hurts me»
  it.each(["my knee hurts me when I walk", "it hurts me to walk"])("%j → nothing (pain, not violence)", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });
});

/**
 * Word forms and idioms that were once missed, kept as regression tests.
 */
describe("detectDanger recognises less obvious phrasings", () => {
  // the perfective past «побив / побили / избил», with the object before or after
  it.each(["мене побили", "син мене побив", "мене побив чоловік", "він мене побив вчора", "муж избил меня", "меня избил муж"])(
    "%j → violence (a past «побив / избил»)",
    (text) => {
      expect(detectDanger(text)).toContain("violence");
    },
  );

  // «избивает / лупить / гамселить»: stems followed by an ending
  it.each(["меня избивает муж", "муж меня избивает", "мене лупить чоловік", "чоловік гамселить мене"])(
    "%j → violence (избивает, лупить, гамселить)",
    (text) => {
      expect(detectDanger(text)).toContain("violence");
    },
  );

  // a threat with the object between: «погрожує мене вбити»
  it("\"погрожує мене вбити\" → violence", () => {
    expect(detectDanger("погрожує мене вбити")).toContain("violence");
  });

  // «не хочу більше жити», and «нехочу» typed without a space
  it.each(["не хочу більше жити", "я не хочу більше жити", "не хочу больше жить", "нехочу жити", "нехочу жить"])(
    "%j → suicide",
    (text) => {
      expect(detectDanger(text)).toContain("suicide");
    },
  );

  // the future «покінчу з собою», in Cyrillic and in Latin
  it.each(["покінчу з собою", "pokinchu z soboyu"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // Russian «себя» and «наложить на себя руки»
  it.each(["убью себя", "наложить на себя руки"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // the first-person future «повішусь / повішуся / повешусь»
  it.each(["повішусь", "повішуся", "повешусь"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // "hochu" transliterates as «гочу» (h → г)
  it.each(["hochu pomerty", "hochu umeret"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // "wanna die" without "to", and "killing myself"
  it.each(["i wanna die", "thinking about killing myself"])("%j → suicide", (text) => {
    expect(detectDanger(text)).toContain("suicide");
  });

  // Russian «переночевать»
  it("\"негде переночевать\" → no-shelter", () => {
    expect(detectDanger("негде переночевать")).toContain("no-shelter");
  });

  // «вигнав» (masculine), an object before «з дому», and «хата» for home
  it.each(["чоловік вигнав мене з дому", "вигнали мене з дому", "син вигнав з квартири", "вигнали з хати"])(
    "%j → no-shelter",
    (text) => {
      expect(detectDanger(text)).toContain("no-shelter");
    },
  );

  // masculine «опинився»
  it("\"опинився на вулиці\" → no-shelter", () => {
    expect(detectDanger("опинився на вулиці")).toContain("no-shelter");
  });

  // «спимо» (we sleep)
  it("\"спимо на вулиці\" → no-shelter", () => {
    expect(detectDanger("спимо на вулиці")).toContain("no-shelter");
  });

  // «нікуди йти» and its Russian twin, like English "nowhere to go"
  it.each(["нікуди йти", "нема куди йти", "некуда идти"])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toContain("no-shelter");
  });

  // losing one's home, said with idioms: «без даху над головою», «без житла»
  it.each(["залишилась без даху над головою", "остался без жилья", "залишилась без житла"])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toContain("no-shelter");
  });

  // a bed for tonight, for oneself or for a homeless person: the answer is the same (112 knows the nearest shelter)
  it.each(["потрібен нічліг на сьогодні", "бездомний потребує нічлігу"])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toContain("no-shelter");
  });
});

/**
 * Beyond the reviewer's phrasings: other word forms, typos, Russian, transliteration and English, so the
 * patterns are not tuned to one list of strings.
 */
describe("detectDanger on other realistic phrasings", () => {
  it.each([
    "мене знову побив чоловік",
    "чоловік вдарив мене",
    "він мене душив",
    "вітчим лупцює сина",
    "колишній чоловік погрожує мене вбити",
    "чоловік кидається на мене з кулаками",
    "мене зґвалтував знайомий",
    "муж сказал что убьет меня",
    // «бывший» keeps its ы, «бил» is still «бил»
    "меня бывший муж бил",
    "muzh menya izbil",
    "mene pobyly",
    "my boyfriend hurts me",
    "i was beaten by my husband",
    "he threatens to kill me",
  ])("%j → violence", (text) => {
    expect(detectDanger(text)).toEqual(only("violence"));
  });

  it.each([
    "не хочу вже більше жити",
    // a false alarm on a complaint costs one message; missing despair may cost a life
    "я не хочу так жити",
    "немає сенсу жити",
    "нет смысла жить",
    "я втомилася жити",
    "жить больше не хочется",
    "краще б я померла",
    "хочу сдохнуть",
    "хочу піти з життя",
    "выпрыгну из окна",
    "наковтаюсь таблеток",
    "вскрою вены",
    "хочу отравиться",
    "ne hochu bilshe zhyty",
    "i dont want to live anymore",
    "I just want to end it all",
  ])("%j → suicide", (text) => {
    expect(detectDanger(text)).toEqual(only("suicide"));
  });

  it.each([
    "нема куди подітися",
    "ночуємо на вокзалі",
    "живу в під'їзді",
    "я вже тиждень живу на вулиці",
    "я бездомна",
    "свекруха виставила за двері",
    "нас виселили",
    "спать сегодня негде",
    "остались на улице с детьми",
    "війна залишила нас без даху",
    "нужен ночлег на сегодня",
    "ne maye de nochuvaty",
    "nema kudy yty",
    "vygnaly z kvartyry",
    "we were evicted",
    "I need a bed for tonight",
  ])("%j → no-shelter", (text) => {
    expect(detectDanger(text)).toEqual(only("no-shelter"));
  });

  it.each([
    // folding ы into и would read «забыл» as «забил», «побывал» as «побивал», «были» as «били»
    "муж забыл документы",
    "сын побывал в плену, нужна реабилитация",
    "у нас были проблемы с пенсией",
    "syn byl ranen na fronte",
    // household chores and accidents, not blows
    "чоловік прибив полицю",
    "мама вдарилась, потрібен лікар",
    "it beats me why the form is rejected",
    "my back hurts me",
    // «повеселитися» and «висилаються» share letters with «повіситися»
    "хочу повеселитися з онуками",
    "документи висилаються поштою",
    "отравился грибами, болит живот",
    // a lost bag, a street address, a bomb shelter: not a night outdoors
    "залишила сумку на вулиці",
    "живу на Вокзальній, 5",
    "ночуємо в підвалі під час тривоги",
    "бабуся нікуди йти не хоче, потрібен соцпрацівник вдома",
    "вигнали з роботи, потрібна допомога з працевлаштуванням",
    "потрібна допомога бездомним",
    "не можу спати вночі",
    "варикозне розширення вен на ногах",
    "нема грошей на ліки",
    // English "i be" / "i bet" transliterate to «и бе» / «и бет»
    "can i be seen by a doctor today",
    // Latin words that name Object.prototype members must not be looked up as readings
    "constructor",
    "toString valueOf hasOwnProperty",
  ])("%j → nothing", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });
});
