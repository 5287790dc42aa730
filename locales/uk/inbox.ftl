# The staff inbox (issue 15): copies, transfers, delivery, groups that move.

staff-card-superseded = Ця картка застаріла: актуальна — нижче в групі.
staff-copy-erased = 🗑 Повідомлення мешканця до № { $number } стерто (захист персональних даних).

my-message-sent-number = Звернення № { $number }.
my-which-request = До якого звернення Ваша відповідь? Оберіть його:
my-which-none = Це не відповідь — нічого не надсилати
my-which-gone = Це повідомлення вже надіслано або скасовано. Напишіть, будь ласка, ще раз.
my-which-dropped = Добре, нічого не надіслано.

staff-not-delivered-blocked = ✗ Не доставлено (№ { $number }): мешканець заблокував бота. Повідомлення надійде, щойно мешканець розблокує бота; якщо терміново — телефонуйте.

staff-transfer-reason-prompt = ➡️ Чому передаєте № { $number } до «{ $department }»? Напишіть коротко у відповідь на це повідомлення — відділ побачить це разом із листуванням.
staff-request-moved = Звернення № { $number } тепер у відділі «{ $department }»: тут його вже не ведуть, повідомлення не передано.
staff-card-transfer-line = ➡️ Передано з «{ $from }» · { $by } · { $date }
staff-card-transfer-reason = Причина: { $reason }
staff-card-thread-title = <b>Листування</b>
staff-card-thread-omitted = …ще { $count } раніше
staff-card-thread-question = ❓ Працівник · { $date }: { $text }
staff-card-thread-answer = 💬 Працівник · { $date }: { $text }
staff-card-thread-resident = 🙋 Мешканець · { $date }: { $text }

staff-group-migrated = ℹ️ Telegram перетворив цю групу на супергрупу, і в неї новий chat id: <code>{ $to }</code> (був <code>{ $from }</code>). Звернення вже надходять сюди. Адміністратору: оновіть <code>chatId</code> у каталозі — { $line }.
