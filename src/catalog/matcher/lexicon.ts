/**
 * Query expansion: general-language knowledge, not facts about particular services.
 *
 * - `RU_UK`: Russian and surzhyk words whose Ukrainian counterpart is spelled differently enough that
 *   folding, stemming and fuzzy matching cannot bring them together (помощь → допомога, ребенок → дитина).
 *   Cognates (инвалидность / інвалідність, такси / таксі, группа / група) need no entry.
 * - `EN_VARIANTS`: English words residents use for what the catalogue's English texts name otherwise:
 *   American and British spellings (center / centre), family words (mom, grandma, kid), everyday words
 *   for the people and things of social work (elderly → older, handicapped → disability), and the English
 *   words that one Ukrainian word covers (help / aid / assistance are all "допомога").
 * - `ABBREVIATIONS`: abbreviations residents use, expanded to the words they stand for.
 * - `LIGHT_WORDS`: generic verbs and fillers that may appear in a catalogue phrase ("поставити лавку",
 *   "купити ліки") but do not name a need by themselves; they count less in a phrase's coverage.
 *
 * Service-specific colloquial names belong in data/catalog/services.yaml (`synonyms`), not here.
 */
import { stem } from "./stem.js";
import { words } from "./normalize.js";

const RU_UK_TEXT = `
помощь помощи помогать помочь: допомога допомагати
пожилой пожилые пожилых пожилым старик старики старикам престарелый: літній літні літніх
бабушка бабушке бабушки: бабуся
дедушка дедушке дедушки: дідусь
ребенок ребёнок ребенку ребенка: дитина
малыш малыша малышу младенец младенца: малюк немовля
дети детей детям детский: діти дитячий
семья семье семьи семью семейный: сім'я сімейний родина
муж мужа: чоловік
жена жены: дружина
родители родителей: батьки
мать: мама
уход ухаживать: догляд доглядати
сиделка: доглядальниця
больной больная болеет болезнь: хворий хвороба
тяжелобольной: тяжкохворий
лечение лечить: лікування
лекарства лекарство: ліки
дом дома домой: дім вдома додому
жилье жильё жилья: житло
деньги денег: гроші
бесплатно бесплатный бесплатная: безкоштовно безкоштовний
одежда одежду: одяг
обувь: взуття
еда еды еду питание: їжа харчування
продукты: продукти
мебель: меблі
работа работу работы: робота
безработный безработица: безробітний безробіття
пособие выплата выплаты: виплата допомога
справка справку: довідка
коляска коляску: візок коляска
слепой слепая незрячий: незрячий сліпий
глухой глухая: глухий
переводчик: перекладач
язык: мова
насилие: насильство
бьет бьёт избивает бить: б'є
ночевать ночлег переночевать: ночувати нічліг
приют: притулок
беженцы беженец: переселенці біженці
опека опекун опекунство: опіка опікунство
приемная приёмная приемный: прийомна
участник: учасник
боевых боевые: бойових
тревога тревожность: тривога тривожність
юридический юридическая: юридична
услуги услуга: послуги
коммуналка коммунальные: комуналка комунальні
скамейка лавочка: лавка лавочка
переход: перехід
подъезд: під'їзд
занятость: зайнятість
трудоустройство: працевлаштування
обучение учеба: навчання
садик сад: садок садочок
помощник: помічник
учитель: вчитель
особенный особенные особенными: особливий особливі
развитие: розвиток
речь: мова мовлення
говорит разговаривает: говорить
задержка: затримка
подгузники памперсы: підгузки памперси
костыли: милиці
трость: тростина
перевозка: перевезення
отдых: відпочинок
соседи соседом соседями: сусіди
посредничество: посередництво
тюрьма тюрьмы: в'язниця тюрма
освободился: звільнився
зависимость: залежність
пьет пьёт: п'є
материальная: матеріальна
разовая единоразовая: одноразова
престарелых: престарілих
одинокий одинокая: самотній самотня
пенсионер пенсионерка пенсіонер пенсіонерка: пенсіонер літній
инвалид инвалида: інвалід
больница больницу: лікарня
психологическая: психологічна
война войны: війна
погиб погибший: загиблий
плохо: погано
хорошо: добре
`;

const EN_VARIANTS_TEXT = `
center centers: centre
neighbor neighbors neighborhood: neighbour
program: programme
mom mum mommy mummy mama: mother
dad daddy papa father: parent dad
grandma granny gran nan nana grandmom: grandmother older
grandpa grandad granddad grandfather grandparent grandparents: older
kid kids baby toddler infant: child children
son daughter: child
teen teenage teens: teenager
brother sister wife spouse: family
hubby: husband
elderly senior seniors pensioner pensioners aged: older
alone: lonely
handicapped disabled invalid: disability
sick ill: illness
attorney advocate: lawyer
rehab: rehabilitation
job jobs: work
flat apartment: housing home
shopping: groceries
beat beats beating beaten punch punches kick kicks: hit
argue argues arguing argument arguments fight fighting row rows: quarrel conflict
fled flee fleeing escaped: evacuated displaced
parcel parcels package packages pack box boxes basket: kit
talk talking talks: speak
speak speaking speaks: talk
break rest: respite rest
money cash funds: financial money
help helps helping assistance support: aid help
aid aids: help
afford: money pay
`;

const ABBREVIATIONS_TEXT = `
впо: внутрішньо переміщена особа переселенці
убд: учасник бойових дій
тзр: технічні засоби реабілітації
мсек мсэк: медико соціальна експертна комісія інвалідність
дцп: церебральний параліч
соцзахист соцзащита собес: соціальний захист
соцпрацівник соцработник соцробітник: соціальний працівник
соцтаксі соцтакси соцавто: соціальне таксі
матдопомога матпомощь: матеріальна допомога
гуманітарка гуманитарка: гуманітарна допомога
впошник впошниця впошники впэшник: внутрішньо переміщена особа переселенці
субса субсидия: субсидія
терцентр тцсо: територіальний центр соціального обслуговування
рц: реабілітаційний центр
цсс цсссдм: центр соціальних служб
пні пни: психоневрологічний інтернат
цнап: центр надання адміністративних послуг
зсу: військовий ветеран
`;

const LIGHT_TEXT = `
поставити зробити купити принести дати взяти піти йти прийти допомогти допомагати робити жити
людина людей людини люди человек людей місце
ніде нікуди негде некуда
рік роки років року день днів дні місяць місяців година годин раз питання вопрос
безкоштовний безкоштовно безоплатний безоплатно бесплатный бесплатно
місто міста місті міський міська міського громада громади громаді город города городской
поставить сделать купить принести дать взять пойти прийти помочь жить
put make buy bring give take go come do person people man woman year years month hour time question
free charge city town community
`;

function parse(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const [left, right] = line.split(":");
    if (!left || !right) continue;
    const targets = words(right).map(stem);
    for (const w of words(left)) {
      const key = stem(w);
      const list = map.get(key) ?? [];
      for (const t of targets) if (t !== key && !list.includes(t)) list.push(t);
      map.set(key, list);
    }
  }
  return map;
}

/** Stem of a Russian / surzhyk word → stems of its Ukrainian counterparts. */
export const RU_UK: ReadonlyMap<string, readonly string[]> = parse(RU_UK_TEXT);
/** Stem of an English variant → stems of the words the catalogue's English texts use. */
export const EN_VARIANTS: ReadonlyMap<string, readonly string[]> = parse(EN_VARIANTS_TEXT);
/** Folded abbreviation → stems of the words it stands for. */
export const ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = parse(ABBREVIATIONS_TEXT);
/** Stems of generic words that weigh less inside a catalogue phrase. */
export const LIGHT_STEMS: ReadonlySet<string> = new Set(words(LIGHT_TEXT).map(stem));

/** Stems a query word's stem expands to (Ukrainian counterparts, English variants, abbreviation words), possibly none. */
export function expandStem(stemmed: string): readonly string[] {
  return [...(RU_UK.get(stemmed) ?? []), ...(EN_VARIANTS.get(stemmed) ?? []), ...(ABBREVIATIONS.get(stemmed) ?? [])];
}
