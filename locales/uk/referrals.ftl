## Referrals to partner organisations, with the resident's consent (issue 21)

## The department's group
staff-refer = 🤝 Направити партнеру
referral-choose = Кому направити звернення № { $number }? Партнер отримає лише ім'я, телефон і що потрібно — і тільки після згоди мешканця.
referral-no-partners = Для цієї послуги в громаді немає партнерів, які приймають направлення.
referral-refused-not-a-partner = Ця організація не приймає направлень.
referral-refused-not-offered = Цей партнер не приймає направлень на цю послугу.
referral-refused-already-active = Звернення вже направлене партнеру: дочекайтеся відповіді.
referral-refused-closed = Звернення закрите: направити його не можна.
referral-refused-no-resident = Мешканець видалив свої дані: запитати згоди неможливо.
referral-asked-done = Запитали згоди мешканця. Партнер нічого не отримає до «так».
referral-card-line = 🤝 { $partner }: { $status } ({ $date })
referral-card-reason = Причина відмови партнера: { $reason }
referral-status-asked = чекаємо згоди мешканця
referral-status-refused = мешканець не погодився
referral-status-sent = надіслано, чекаємо відповіді партнера
referral-status-accepted = партнер прийняв
referral-status-declined = партнер відмовив
referral-status-done = партнер надав допомогу
referral-status-returned = партнер не відповів, повернуто
referral-status-withdrawn = відкликано
referral-dept-sent = 🤝 Мешканець погодився: направлення № { $number } надіслано до «{ $partner }».
referral-dept-refused = 🤝 Мешканець не погодився передати дані до «{ $partner }». Звернення № { $number } лишається у відділі.
referral-dept-accepted = 🤝 «{ $partner }» прийняли направлення № { $number }.
referral-dept-declined = 🤝 «{ $partner }» відмовили у направленні № { $number }. Звернення лишається у відділі.
    Причина: { $reason }
referral-dept-done = 🤝 «{ $partner }» повідомляють: допомогу за № { $number } надано. Звернення закрито, мешканця запитали, чи допомогли.
referral-dept-returned = ⏰ «{ $partner }» не відповіли на направлення № { $number } за { $days } робочі дні: звернення знову у Вас. Зв'яжіться з мешканцем або направте іншому партнеру.
referral-stats = 🤝 Направлення партнерам за 30 днів:
    { $lines }
referral-stats-line = { $partner } — { $total }: прийнято { $accepted }, допомогу надано { $done }, відмовлено { $declined }, без відповіді { $returned }, мешканці не погодилися { $refused }

## The resident
referral-consent-question = Щоб Вам допомогли швидше, працівники пропонують передати звернення <b>№ { $number }</b> ({ $service }) до організації «{ $partner }».

    Чи згодні Ви, щоб «{ $partner }» отримали Ваше ім'я, телефон і те, що Вам потрібно? Більше нічого ми не передамо.
referral-consent-yes = ✅ Так, згоден(на)
referral-consent-no = ❌ Ні, не передавати
referral-consent-thanks = Дякуємо! Ваше ім'я, телефон і що потрібно передали до «{ $partner }» (звернення <b>№ { $number }</b>). З Вами зв'яжуться.
referral-consent-kept = Добре, нічого не передаємо. Вашим зверненням <b>№ { $number }</b> і далі займаються працівники департаменту.
referral-consent-stale = Це питання вже неактуальне.
referral-resident-accepted = 🤝 «{ $partner }» прийняли Ваше звернення <b>№ { $number }</b> і зв'яжуться з Вами.
referral-resident-declined = На жаль, «{ $partner }» не можуть допомогти за зверненням <b>№ { $number }</b>. Ним і далі займаються працівники департаменту.
referral-resident-done = ✅ «{ $partner }» повідомляють, що допомогу за зверненням <b>№ { $number }</b> надано.
referral-resident-returned = «{ $partner }» поки не відповіли щодо звернення <b>№ { $number }</b>, тож ним знову займаються працівники департаменту.
my-referral-line = 🤝 { $partner }: { $status }, { $date }
my-referral-status-asked = чекаємо Вашої згоди
my-referral-status-refused = Ви не погодилися
my-referral-status-sent = передано, чекаємо відповіді
my-referral-status-accepted = прийняли
my-referral-status-declined = не змогли допомогти
my-referral-status-done = допомогу надано
my-referral-status-returned = повернуто до департаменту
my-referral-status-withdrawn = скасовано

## The partner's group
referral-partner-title = 🤝 <b>Направлення № { $number }</b>
referral-partner-from = Від: { $department }
referral-partner-service = Послуга: { $service }
referral-partner-name = Ім'я: { $name }
referral-partner-phone = Телефон: { $phone }
referral-partner-no-phone = Телефон: не вказано — відповідайте через департамент.
referral-partner-need = Що потрібно: { $details }
referral-partner-consent = Мешканець погодився передати Вам ці дані.
referral-partner-status = Стан: <b>{ $status }</b>
referral-partner-due = Відповідайте, будь ласка, до { $date }.
referral-partner-hidden = Дані мешканця більше не показуються.
referral-partner-erased = Дані мешканця видалено.
referral-partner-status-asked = чекає згоди мешканця
referral-partner-status-refused = мешканець не погодився
referral-partner-status-sent = чекає Вашої відповіді
referral-partner-status-accepted = прийнято
referral-partner-status-declined = Ви відмовили
referral-partner-status-done = допомогу надано
referral-partner-status-returned = повернуто департаменту (без відповіді)
referral-partner-status-withdrawn = відкликано
referral-accept = ✅ Прийняти
referral-decline = ⛔ Відмовити
referral-done = ✔️ Допомогу надано
referral-decline-prompt = Чому відмовляєте у направленні № { $number }? Напишіть відповіддю на це повідомлення — причину побачать лише працівники департаменту.
referral-declined-ok = Відмову передано департаменту.
referral-accepted-ok = Прийнято. Зателефонуйте, будь ласка, мешканцю.
referral-done-ok = Дякуємо! Мешканця запитаємо, чи допомогли.
referral-foreign = Це направлення надіслане іншій організації.
referral-not-staff = Діяти з направленнями можуть лише працівники організації-партнера.
referral-stale = Направлення вже змінилося.
referral-reason-too-long = Причина задовга: не більше { $max } символів.
referral-partner-only = У групі партнера доступні лише направлення, надіслані Вашій організації. /help — що тут можна, /stats — Ваші направлення.
referral-partner-help = <b>Направлення від департаменту соціальної політики</b>
    Картка направлення приходить сюди лише після згоди мешканця: ім'я, телефон і що потрібно.
    Під карткою: ✅ Прийняти, ⛔ Відмовити (з причиною), ✔️ Допомогу надано.
    Якщо не відповісти за { $days } робочі дні, направлення повернеться до департаменту.
    /stats — Ваші направлення за 30 днів.
referral-partner-stats = 🤝 Ваші направлення за 30 днів: { $total }
    { $lines }

## The public report
report-referrals-caption = Направлення до партнерських організацій (за згодою мешканців)
report-referrals-partner = Партнер
report-referrals-total = Направлено
report-referrals-refused = Мешканці не погодилися
report-referrals-accepted = Прийнято, в роботі
report-referrals-declined = Партнер відмовив
report-referrals-done = Допомогу надано
report-referrals-returned = Без відповіді вчасно
report-referrals-pending = Чекають відповіді
report-referrals-other = Інші партнери
