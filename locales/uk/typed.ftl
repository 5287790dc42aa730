## Звернення: номер телефону, написаний словами навколо

req-phone-several = Тут кілька різних номерів. Напишіть, будь ласка, один — той, за яким Вам зателефонувати.
req-phone-none = Телефону немає? Напишіть «нема» або натисніть «🔕 Не дзвоніть, пишіть лише сюди».

## Звернення: «не дзвоніть, я не чую», «тільки смс»

req-sms-only-ok = 🔕 Добре, дзвонити не будемо. Відповідь прийде сюди або SMS на цей номер.
req-summary-sms-only = лише SMS, не дзвонити
req-sent-sms =
    ✅ Звернення <b>№ { $number }</b> прийнято.
    Його отримав відділ: <b>{ $department }</b>.
    Вам не дзвонитимуть: працівник відповість тут, у чаті, або напише SMS на номер { $phone }.
    Стан звернення — у меню «📋 Мої звернення».
staff-card-sms-only = 🔕 <b>Не телефонувати — людина просить писати: у боті або SMS на номер нижче</b>

## Звернення: відповідь на інше запитання, написана раніше

req-noted = ✓ Дякую, записав.
req-mode-which = Напишіть, будь ласка, «опишу» чи «передзвоніть» — або натисніть кнопку.
req-name-is-phone = Це схоже на номер телефону — його я запитаю далі. Напишіть, будь ласка, ім'я.
req-name-please = Напишіть, будь ласка, ім'я — наприклад, «Ольга» чи «Іван Петрович».

## Ким людина доводиться тому, хто звертається (як сказала людина; картка — мовою працівників)

relation-word-parent = мама або тато
relation-word-child = син або донька
relation-word-spouse = чоловік або дружина
relation-word-grandchild = онук або онука
relation-word-grandparent = бабуся або дідусь
relation-word-relative = родич
relation-word-neighbour = сусід або сусідка
relation-word-friend = знайомий або знайома
relation-word-mother = мама
relation-word-father = тато
relation-word-son = син
relation-word-daughter = донька
relation-word-husband = чоловік
relation-word-wife = дружина
relation-word-grandmother = бабуся
relation-word-grandfather = дідусь
relation-word-grandson = онук
relation-word-granddaughter = онука
relation-word-brother = брат
relation-word-sister = сестра
req-address-added = ✓ Адресу додав.

## Звернення: «телефонуйте мамі, а не мені»

req-call-other-ok = 📞 Добре: працівник зателефонує людині, якій потрібна допомога, а Вам напише сюди.
req-call-other-number = 📞 Добре: телефонуватимуть людині, якій потрібна допомога, а Вам напишуть сюди.
req-callback-time-other = Коли зручно зателефонувати людині, якій потрібна допомога?
req-short-callbackTime-other = Коли їй зателефонувати? Напишіть, наприклад, «зранку» або «будь-коли».
req-summary-answered-here = Вам відповідатимуть тут, у чаті
req-summary-call-other = Кому телефонувати
req-sent-call-other =
    ✅ Звернення <b>№ { $number }</b> прийнято.
    Його отримав відділ: <b>{ $department }</b>.
    Працівник зателефонує за номером { $phone }, а Вам відповість тут, у чаті.
    Стан звернення — у меню «📋 Мої звернення».
staff-card-call-other = 📞 <b>Телефонувати: { $name }, { $phone }</b> — не тому, хто звернувся: йому відповідати лише в боті
