# The staff inbox (issue 15): copies, transfers, delivery, groups that move.

staff-card-superseded = Ця картка застаріла: актуальна — нижче в групі.
staff-copy-erased = 🗑 Повідомлення мешканця до № { $number } стерто (захист персональних даних).

my-message-sent-number = Звернення № { $number }.
my-which-request = До якого звернення Ваша відповідь? Оберіть його:
my-which-none = Це не відповідь — нічого не надсилати
my-which-gone = Це повідомлення вже надіслано або скасовано. Напишіть, будь ласка, ще раз.
my-which-dropped = Добре, нічого не надіслано.

staff-not-delivered-blocked = ✗ Не доставлено (№ { $number }): мешканець заблокував бота. Повідомлення надійде, щойно мешканець розблокує бота; якщо терміново — телефонуйте.
