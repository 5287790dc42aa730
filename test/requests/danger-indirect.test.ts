import { describe, expect, it } from "vitest";
import { detectDanger, type DangerKind } from "../../src/requests/danger.ts";

/**
 * Danger said indirectly, by people who cannot talk openly (the tester's session of 30.11, /tmp/tester):
 * pills swallowed, «нащо мені жити», a veteran who wishes he had died at the front, an older person whose
 * son or grandson takes the pension and hurts them, a phone taken, «не можу говорити, він поруч», a
 * threat, a mother with nowhere to go with her children. Each phrase the tester typed, then near variants
 * (word forms, Russian, surzhyk, English), then ordinary messages that share their words and must stay silent.
 * All through detectDanger, so the prefilter (requests/danger.ts) must let every one of them through.
 */

const cases = (kind: DangerKind | DangerKind[], texts: string[]) => texts.map((text) => [text, Array.isArray(kind) ? kind : [kind]] as const);

describe("what the tester typed gets the emergency numbers", () => {
  it.each([
    ...cases("suicide", [
      "таблеток напилась",
      "напилася таблеток",
      "наковталась таблеток",
      "нащо мені жити",
      "повернувся з фронту, не сплю, кошмари. інколи думаю що краще б мене там вбило",
    ]),
    ...cases("violence", [
      "син п'є і забирає пенсію, б'є",
      "he took my phone",
      "he took my phone, I am using my sister's. I can't talk, he is in the next room",
      "він забрав у мене телефон",
      "він замкнув мене вдома",
      "my ex keeps threatening me",
      "he threatens me",
      "онук бере гроші і штовхає",
      "сын пьет, отбирает пенсию",
      "невістка не дає їсти бабусі",
    ]),
    ...cases("fear", ["не можу говорити він поруч", "не можу говорити, він почує"]),
    // nowhere to go with the children: the crisis service's numbers (15-47, 116 123) as well as a bed
    ...cases(["fear", "no-shelter"], ["мне некуда идти с детьми", "I have nowhere to go with my kids"]),
  ])("%j → %j", (text, kinds) => {
    expect(detectDanger(text)).toEqual(kinds);
  });
});

describe("near variants of them get the numbers too", () => {
  it.each([
    ...cases("suicide", [
      "напилась таблеток",
      "напилася пігулок",
      "наглоталась таблеток",
      "наглотался таблеток",
      "нажралась таблеток снотворного",
      "наїлася таблеток",
      "таблеток наковталась, мені погано",
      "пігулок напилася",
      "навіщо мені жити",
      "нащо жити далі",
      "зачем мне жить",
      "зачем жить дальше",
      "для чого я живу",
      "нащо мені таке життя",
      "краще б я там загинув",
      "лучше бы меня там убило",
      "лучше бы я погиб на фронте",
      "шкода що мене там не вбило",
      "кому я потрібна, краще б мене не було",
      "I wish I had died there",
      "I took an overdose",
      "what is the point of living",
    ]),
    ...cases("violence", [
      "син пʼє і забирає мою пенсію",
      "син забирає всю пенсію і б'є",
      "сын пьёт и отбирает пенсию",
      "внук отбирает деньги у бабушки",
      "онук вимагає гроші і штовхає бабусю",
      "онука штовхає мене",
      "внук толкает бабушку",
      "невестка не дает есть бабушке",
      "невістка не годує свекруху",
      "зять морить голодом тещу",
      "він забрав мій телефон",
      "чоловік забрав у мене паспорт",
      "муж отобрал телефон",
      "він замкнув мене в квартирі",
      "чоловік замкнув нас вдома",
      "он запер меня дома",
      "мені погрожують",
      "бывший мне угрожает",
      "my husband took my phone",
      "he took away my passport",
      "my boyfriend keeps threatening me",
      "she threatens me",
      "сын забирает у меня пенсию",
      "невістка штовхнула бабусю",
      "внук вымогает деньги, угрожает",
      "я пишу з телефону сусідки, чоловік забрав мій",
    ]),
    ...cases("fear", [
      "не можу говорити, чоловік вдома",
      "не можу розмовляти, він поруч",
      "не могу говорить он рядом",
      "не могу говорить, муж услышит",
      "не дзвоніть, він почує",
      "не можу говорити, він слухає",
      "чоловік читає мої повідомлення",
      "I cant talk, my husband is home",
      "i can't speak he will hear",
    ]),
    ...cases(["fear", "no-shelter"], ["мне некуда идти с ребенком", "мені нікуди йти з дітьми", "нам некуда идти с детьми", "we have nowhere to go with the children"]),
  ])("%j → %j", (text, kinds) => {
    expect(detectDanger(text)).toEqual(kinds);
  });
});

describe("ordinary messages with the same words stay silent", () => {
  it.each([
    "п'ю таблетки від тиску, потрібні ліки",
    "пью таблетки от давления, нужны лекарства",
    "напилася чаю і випила таблетку від тиску",
    "скільки таблеток можна випити від тиску?",
    "син забирає мене з лікарні",
    "сын забирает меня из больницы в пятницу",
    "син забирає мою пенсію на пошті, бо я не ходжу",
    "донька бере гроші з картки мені на ліки",
    "my son takes my pension from the bank for me",
    "не можу говорити по телефону, я глухий",
    "не могу говорить по телефону, плохо слышу",
    "не можу говорити, у мене ангіна, напишіть",
    "не можу розмовляти, я на роботі, напишіть сюди",
    "не можу говорити, дитина спить",
    "він почує дзвінок? дідусь погано чує",
    "I can't talk on the phone, I am deaf",
    "can't talk right now, at work, please write",
    "пенсія",
    "телефон соцслужби",
    "онук штовхає візок з продуктами",
    "внук толкает коляску, нужна коляска для инвалида",
    "мама не дає їсти солодке дитині",
    "в лікарні не дають їсти до операції",
    "навіщо мені довідка про доходи",
    "зачем мне справка для субсидии",
    "краще б я пішла в інший ЦНАП",
    "лучше бы я сразу позвонила",
    "his ex took my phone number",
    "he took my phone to the repair shop",
    "пишу з телефону доньки, бо свій загубила",
    "нам нікуди йти з дітьми на вихідних, де є гуртки?",
    "куди піти з дитиною погуляти",
    "колектор погрожує мені судом",
    "банк погрожує мені судом через кредит",
    "чоловік забрав документи з ЦНАПу",
    "онук забрав мій телефон налаштувати",
    "донька вимагає, щоб я пішла до лікаря",
    "дочка побила рекорд школи з бігу",
  ])("%j → nothing", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });
});

/**
 * The tester's later round: pills said with how many after them («горстью»), a count of pills, and
 * someone who cannot write long because he is coming back. The same words in ordinary messages (pills
 * for the blood pressure, a sleeping pill that does not help, a helper who will come) stay silent.
 */
describe("pills by the handful, and «не можу довго писати, він прийде»", () => {
  it.each([
    ...cases("suicide", [
      "выпила снотворное горстью",
      "выпила горсть снотворного",
      "наковталась таблеток",
      "випила всі пігулки",
      "випила снодійне жменею",
      "наковталась снодійного жменями",
      "выпила таблетки, всю пачку",
      "выпила снотворное, все что было",
      "випила 20 таблеток",
      "выпила тридцать таблеток снотворного",
    ]),
    ...cases("fear", [
      "не можу довго писати, він прийде",
      "не могу долго писать, муж скоро вернется",
      "довго писати не можу, він скоро прийде",
      "не можу більше писати, чоловік вже йде",
      "не можу говорити, він зараз прийде",
      "пишу поки він не бачить",
      "I can't write long, he'll be back soon",
      "can't talk, my husband is coming home",
    ]),
  ])("%j → %j", (text, kinds) => {
    expect(detectDanger(text)).toEqual(kinds);
  });

  it.each([
    "п'ю таблетки від тиску",
    "снотворне не допомагає, не сплю",
    "випила снодійне, а заснути не можу",
    "скільки снотворного можна випити?",
    "выпила снотворное, а толку нет",
    "випила 10 таблеток за тиждень, як лікар призначив",
    "прийняла 14 таблеток, курс антибіотика закінчено",
    "не можу довго писати, син прийде і допоможе",
    "не можу довго писати, соцпрацівник прийде",
    "не можу довго говорити, я на роботі",
    "не можу довго писати, руки болять",
    "не можу довго писати, очі погано бачать, онук прийде допоможе",
    "I can't write long, my son is coming to help",
  ])("%j → nothing", (text) => {
    expect(detectDanger(text)).toEqual([]);
  });
});
