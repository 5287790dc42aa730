# Staff helpdesk actions (issues 15 and 18): anonymous admins, edits, outcomes, notes, assignment,
# saved replies, /find, /help, reopening, the resident's «Чи допомогли Вам?».

staff-anonymous-admin = анонімний адміністратор
staff-edit-not-relayed = ✋ Зміну не передано: мешканець уже отримав попередній текст (№ { $number }). Щоб виправити, надішліть виправлення новою відповіддю.

# Card buttons and lines
staff-note = 📝 Нотатка
staff-assign = 👤 Доручити
staff-reopen = 🔁 Відкрити знову
staff-card-closed-by = Закрив(ла): { $name } · { $date }
staff-card-outcome = Результат: <b>{ $outcome }</b>
staff-card-close-note = Коментар: { $note }
staff-card-feedback = Оцінка мешканця: { $mark }
staff-card-feedback-note = Слово мешканця: { $note }
staff-card-linked = 🔗 Інші відкриті звернення цього мешканця: { $requests }
staff-card-notes-title = <b>📝 Нотатки (лише для працівників)</b>
staff-card-note = 📝 { $by } · { $date }: { $text }

# Outcomes
staff-outcome-helped = допомогу надано
staff-outcome-consulted = проконсультовано
staff-outcome-referred = передано іншій службі
staff-outcome-unreachable = не вдалося зв'язатися
staff-outcome-other = інше (див. коментар)
staff-outcome-advice = порада
staff-outcome-refusal = відмова
staff-outcome-type-note = ✍️ Написати свій коментар
staff-close-choose = ✅ Як завершилося звернення № { $number }?
staff-decline-choose = ⛔ Звернення № { $number }: що Ви пишете мешканцю?
staff-decline-advice = 💡 Пораду: куди звернутися
staff-decline-refusal = ⛔ Відмову: ми не можемо допомогти
staff-close-note-prompt = ✍️ Коментар до закриття № { $number }: напишіть його у відповідь на це повідомлення (мешканець його побачить).
staff-advice-prompt = 💡 Порада для мешканця щодо № { $number }: куди звернутися чи що зробити. Напишіть у відповідь на це повідомлення.
staff-close-confirm = Закрити звернення № { $number } — «{ $outcome }»?
staff-decline-confirm = Відхилити звернення № { $number } — «{ $outcome }»?
staff-confirm-resident-sees = Мешканець отримає про це повідомлення.
staff-close-yes = ✅ Так, закрити
staff-decline-yes = ⛔ Так, відхилити
staff-closed-done = ✅ Звернення № { $number } закрито: { $outcome }.
staff-declined-done = ⛔ Звернення № { $number } відхилено: { $outcome }.
staff-reopened = 🔁 Звернення № { $number } знову в роботі.
staff-reopen-too-late = Це звернення вже не можна відкрити знову (минуло понад 30 днів або дані видалено).
staff-reopened-by-resident = 🔁 Мешканець каже, що проблему № { $number } не вирішено: звернення знову в роботі.

# Notes and assignment
staff-note-prompt = 📝 Нотатка до № { $number } — лише для працівників, мешканець її не побачить. Напишіть у відповідь на це повідомлення.
staff-note-saved = 📝 Нотатку збережено на картці № { $number }. Мешканцю її не надіслано.
staff-note-usage = Напишіть /note і текст у відповідь на картку звернення (або в його темі).
staff-assign-choose = 👤 Кому доручити звернення № { $number }?
staff-assign-nobody = 👤 Поки що нікого з працівників відділу бот не бачив у роботі. Колега з'явиться тут, щойно візьме чи відповість на будь-яке звернення.
staff-assigned = 👤 Звернення № { $number } доручено: { $name } (доручив(ла) { $by }).

# Commands
staff-help-title = <b>Команди для працівників</b>
staff-help-help = /help — цей список
staff-help-find = /find номер, телефон, ім'я, слово чи послуга — знайти звернення відділу
staff-help-r = /r ключ — надіслати збережену відповідь (у відповідь на картку); /r — список відповідей
staff-help-note = /note текст — нотатка до звернення (у відповідь на картку), мешканець її не бачить
staff-help-overdue = /overdue — звернення, які не взяли вчасно
staff-help-stats = /stats — цифри за тиждень і місяць
staff-help-export = /export — звернення відділу файлом
staff-help-id = /id — chat id цієї групи (для каталогу)
staff-help-buttons = Під карткою: ✋ Взяти · 💬 Відповісти · ❓ Запитати · 📝 Нотатка · 👤 Доручити · ➡️ Передати · 🤝 Направити партнеру (за згодою мешканця) · ⛔ Відхилити · ✅ Закрити · 🔁 Відкрити знову.
staff-find-usage = Напишіть, що шукати: /find ЖТ-2026-00042, /find 0671234567 або /find Олена
staff-find-none = Нічого не знайдено серед звернень відділу. Шукати можна за номером звернення, телефоном (або 6 його цифрами), ім'ям, словом з тексту чи назвою послуги.
staff-find-title = <b>Знайдено: { $count }</b>
staff-find-line = № { $number } · { $status } · { $service } · { $name } · { $date }
staff-replies-none = У відділу ще немає збережених відповідей: їх додають у файл каталогу (replies:).
staff-replies-usage = Напишіть /r ключ у відповідь на картку звернення. Збережені відповіді:
    { $list }
staff-replies-list = Такої відповіді немає. Збережені відповіді:
    { $list }
staff-replies-line = <code>{ $key }</code> — { $text }…
staff-stats-feedback = 👍 Допомогли, кажуть мешканці: { $share }% із { $answered } відповідей. { $services }
staff-stats-feedback-service = { $service } — { $share }% ({ $answered })

# The resident
notify-closed-helped = ✅ Звернення <b>№ { $number }</b> закрито: допомогу надано. Дякуємо, що звернулися!
notify-closed-consulted = ✅ Звернення <b>№ { $number }</b> закрито: Вас проконсультували. Якщо залишилися питання — напишіть нам.
notify-closed-referred = ✅ Звернення <b>№ { $number }</b> закрито: Ваше питання передали до іншої служби, яка ним займається.
notify-closed-unreachable = Ми не змогли з Вами зв'язатися щодо звернення <b>№ { $number }</b>, тому закрили його. Якщо допомога ще потрібна — натисніть «Проблему не вирішено» або надішліть нове звернення.
notify-closed-other = ✅ Звернення <b>№ { $number }</b> закрито.
notify-close-note = Від працівників: { $note }
notify-declined-advice = 💡 Щодо звернення <b>№ { $number }</b> працівники радять:
    { $note }
    Сподіваємося, це допоможе. Якщо ні — напишіть нам ще раз.
notify-declined-refusal = На жаль, зі зверненням <b>№ { $number }</b> ми не можемо допомогти.
    Причина: { $note }
notify-feedback-question = Чи допомогли Вам?
feedback-yes = 👍 Так
feedback-no = 👎 Ні
notify-not-solved = 🔁 Проблему не вирішено
notify-reopened = 🔁 Звернення <b>№ { $number }</b> знову в роботі.
notify-reopened-by-you = 🔁 Звернення <b>№ { $number }</b> знову відкрито. Працівники побачать це і зв'яжуться з Вами.
notify-reopen-not-possible = Це звернення вже не можна відкрити знову. Надішліть, будь ласка, нове звернення.
feedback-thanks = Дякуємо за відповідь!
feedback-already = Дякуємо, Вашу відповідь уже враховано.
feedback-word-up = Дякуємо! Якщо хочете, напишіть кілька слів у відповідь на це повідомлення — що було корисним.
feedback-word-down = Шкода, що не вийшло. Якщо хочете, напишіть кілька слів у відповідь на це повідомлення — що пішло не так.
feedback-word-placeholder = Кілька слів (необов'язково)
feedback-word-saved = Дякуємо, передали Ваші слова працівникам.

# Export columns (the export's own headers are in export.ftl)
export-col-outcome = Результат
export-col-feedback = Чи допомогли
export-feedback-up = 👍 так
export-feedback-down = 👎 ні
