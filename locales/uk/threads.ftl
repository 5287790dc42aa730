# A resident's typed text after staff wrote to them reaches the request (src/bot/features/threads.ts).
threads-passed = 📨 Передано до звернення № { $number }. Відповідь прийде сюди.
threads-passed-closed = 📨 Передано працівникам до звернення № { $number }, хоч його вже закрито. Якщо проблему не вирішено, натисніть «🔁 Проблему не вирішено» — звернення знову візьмуть у роботу.
threads-was-search = 🔎 Це був пошук послуги
threads-ask-one = Додати це до звернення № { $number }? Напишіть «так» або «ні».
threads-ask-many = Додати це до одного з Ваших звернень? Оберіть його — або натисніть «Ні», якщо Ви шукаєте послугу.
threads-ask-yes = ✅ Так, додати
threads-ask-no = 🔎 Ні, шукати послугу
threads-ask-gone = Це питання вже неактуальне. Напишіть, будь ласка, ще раз.
threads-ask-which = Оберіть, будь ласка, звернення кнопкою вище.
staff-resident-message-after-close = ✉️ <b>№ { $number }</b> (закрите) — мешканець написав після закриття:
    { $text }
staff-resident-was-search = 🔎 № { $number }: мешканець уточнив, що попереднє повідомлення було пошуком послуги, а не словами для Вас.
