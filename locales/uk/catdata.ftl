## Свіжість даних у картці послуги та виправлення

card-source = Дані з { $host } від { $date }
card-source-undated = Дані з { $host } (дату сторінка не вказує)
card-source-old = Дані з { $host } від { $date } — могли змінитися
card-confirmed = Перевірено { $date }
card-report-error = ✏️ Тут помилка?
correction-ask = Що в цій картці не так? Напишіть коротко, одним повідомленням (до { $max } символів): наприклад, інший телефон чи адреса. Ваше ім'я й номер ми не передаємо.
correction-too-long = Трохи задовго: будь ласка, до { $max } символів.
correction-thanks = Дякуємо! Ми передали це працівникам департаменту — вони перевірять і виправлять.
correction-not-delivered = Дякуємо! Зараз передати це працівникам не вдалося — спробуйте, будь ласка, пізніше або надішліть звернення.
correction-cancelled = Добре, нічого не передаємо.

## Для працівників: виправлення та свіжість каталогу

staff-correction-resident = ✏️ <b>Мешканець повідомляє про помилку в каталозі</b>
    Послуга: { $service }
    Громада: { $community }
    «{ $text }»
staff-correction-provider = ✏️ <b>Надавач повідомляє, що його дані змінилися</b>
    Надавач: { $provider }
    «{ $text }»
staff-correction-footer = Перевірте й виправте data/catalog/{ $community }.yaml.
freshness-question = <b>Ці дані досі правильні?</b>
    Так у Hromada Help бачать Вас мешканці.
freshness-yes = ✅ Так
freshness-changed = ✏️ Змінилося…
freshness-thanks = Дякуємо! Позначили: перевірено { $date }.
freshness-ask-change = Напишіть, будь ласка, одним повідомленням, що змінилося (до { $max } символів).
freshness-change-sent = Дякуємо! Передали департаменту — дані виправлять.
freshness-not-yours = Ця кнопка — для чату самого надавача.
stale-none = Усі надавачі цього відділу підтвердили свої дані за останні { $days } дн.
stale-header = <b>Не підтверджено понад { $days } дн.</b> ({ $count }):
stale-never = ще не підтверджено
stale-since = підтверджено { $date }
stale-no-chat = немає чату для запитання (contactChatId)
stale-not-department = /stale працює в групі відділу, підключеного в каталозі.
