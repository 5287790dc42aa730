/**
 * Words that carry no meaning for finding a service (Ukrainian, Russian, surzhyk, English):
 * prepositions, pronouns, politeness, "I need", "help me", "how / where". They are removed from queries
 * and from the catalogue's texts alike, so they can never create a match on their own.
 *
 * "допомога" / "помощь" is NOT a stop word (гуманітарна допомога, допомога ВПО): it is merely frequent,
 * and the index gives it a low weight.
 */
import { fold } from "./normalize.js";

const UK = `
а або але б без би був була були було бути буде будуть в вам вас ваш ви від все всі всю вже вона вони воно
де для до дуже є ж з за зі із і й його її їй їм їх інший їхній як яка яке які який якої якому яку якщо
коли куди мене мені мені мій мною мої моя моє мою моєї моєму моїй ми мы на над нам нас не неї нема немає ні ніж нього них
ну о об от от під при про по після раз саме себе собі собою сам сама свій своя своє свої свою тебе тобі ти то той та те ті тим
тут там так також теж тільки ти у уже хто хтось що щоб щось це цей ця ці цього цієї цю чи через чого чому як
можна можу може можемо могти міг могла треба потрібно потрібна потрібен потрібні потрібне необхідно необхідна
хочу хочемо хотів хотіла хотілося хотілось бажаю будь ласка будьласка допоможіть допоможи підкажіть підкажи скажіть
порадьте поясніть розкажіть доброго добрий добрий день дня вечора вечір ранку привіт вітаю здрастуйте дякую
маю має мають є був отримати отримувати оформити оформлення знайти шукаю звернутися звернутись звертатися звертатись зробити
куди де яким якою чим чем де-небудь десь пане пані будь-ласка саме зараз сьогодні завтра вчора
щодо стосовно біля поруч поряд кому кого ким когось комусь нікому ніхто якби якщо хоч хоча
перший перша перше першого першої першому першим перші другий друга друге другого другої третій третя третє третього третьої третю четвертий четвертої пятий п'ятий
робить роблю робиш робимо роблять робила робив робили
кажуть сказали сказала сказав говорять пишу пишемо пишу вибачте вибачаюсь вибачаюся перепрошую турбую
`;

const RU = `
а без бы был была были было быть будет в во вам вас ваш вы где для до если же за и из или их им к ко как какая
какие какой какую когда кто куда ли мне меня мой моя мое моё мои мою моей моему мы на над нам нас не него нее неё
нет ни них но о об от по под при про после с со сам сама свой своя свое свои свою себе собой так также там тебе то тот
та те тоже только тут у уже хоть что чтобы что-то кто-то чем через это этот эта эти его ее её ему ей можно могу может
нужно нужна нужен нужны надо необходимо хочу хотел хотела хотелось пожалуйста помогите помоги подскажите подскажи
скажите посоветуйте объясните расскажите добрый доброго день вечер утро привет здравствуйте спасибо есть получить
оформить найти ищу обратиться сделать сейчас сегодня завтра вчера
насчет около возле рядом кому кого кем некому никто
говорят сказали сказала сказал извините простите беспокою пишу
`;

const EN = `
a an the and or nor but if so as than then of to for in on at by with without from into onto about over under up out off
is are am was were be been being do does did done have has had having get gets got getting can could will would shall
should may might must let
i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs this that these
those there here who whom whose which what when where why how
someone somebody anyone anybody something anything somewhere anywhere some any each every all both such same other not no
very really just also too only still already yet again now today tonight tomorrow yesterday
please need needs needed want wants wanted wish like find kindly im ive id dont doesnt didnt cant cannot isnt
hi hello hey dear thanks thank good morning afternoon evening sir madam
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${UK} ${RU} ${EN}`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => fold(w.replace(/'/g, ""))),
);

/**
 * Generic request verbs among the stop words ("звернутися", "оформити", "получить"). A catalogue synonym
 * made only of stop words is kept as a phrase when it has one of them ("куди звернутися"), never when it
 * is made of function words alone ("для мене").
 */
const REQUEST = `
отримати отримувати оформити оформлення знайти шукаю звернутися звернутись звертатися звертатись зробити
получить оформить найти ищу обратиться обращаться сделать
`;
export const REQUEST_WORDS: ReadonlySet<string> = new Set(REQUEST.split(/\s+/).filter(Boolean).map(fold));

/** True when the (lower-case) word is a generic request verb (see `REQUEST_WORDS`). */
export function isRequestWord(word: string): boolean {
  return REQUEST_WORDS.has(fold(word));
}

/**
 * Two-word phrases that describe the writer's day, not a need: "я на роботі з ранку" says nothing about
 * wanting a job, so "роботі" there must not mean employment ("звільнили з роботи" still does); a birthday
 * ("день народження") is no birth ("допомога при народженні дитини" is a payment).
 */
const NEUTRAL_PHRASES_TEXT = `
на роботі; на работе; після роботи; после работы; на роботу ходжу; з роботи приходжу; на работу хожу;
день народження; день рождения
`;
export const NEUTRAL_PHRASES: ReadonlySet<string> = new Set(
  NEUTRAL_PHRASES_TEXT.split(";").map((p) => p.trim().split(/\s+/).map((w) => fold(w)).join(" ")).filter(Boolean),
);

/**
 * Two stop words that together say one thing: «нема де жити» is «ніде жити» (nowhere to live), «нема
 * куди йти» is «нікуди йти» — read as that one word, which the catalogue's phrases use; as two stop
 * words they vanished and left only «жити». (Folded keys, as NEUTRAL_PHRASES.)
 */
const JOINED_READINGS_TEXT = `
нема де, немає де, немаю де, нема де, нимає де, немае де, нет где: ніде
нема куди, немає куди, немаю куди, нимає куди, немае куди, нет куда: нікуди
`;
export const JOINED_READINGS: ReadonlyMap<string, string> = new Map(
  JOINED_READINGS_TEXT.trim()
    .split("\n")
    .flatMap((line) => {
      const [phrases, reading] = line.split(":");
      return phrases!.split(",").map((p) => [p.trim().split(/\s+/).map((w) => fold(w)).join(" "), reading!.trim()] as const);
    }),
);

/** True when the (lower-case) word is a stop word; compares folded forms, so Ukrainian and Russian spellings both count. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(fold(word));
}
