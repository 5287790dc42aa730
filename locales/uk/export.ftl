## /export: a department's requests as a file, and the /stats chart (src/exports, src/stats)

export-usage =
    Не вдалося прочитати період. Напишіть, наприклад:
    /export — за минулий місяць
    /export листопад або /export листопад 2026
    /export 01.11.2026 30.11.2026
    /export 2026-11-01 2026-11-30
    /export csv листопад — файл CSV замість Excel
export-reversed = Кінець періоду раніше за його початок. Напишіть спершу першу дату, потім останню: /export 01.11.2026 30.11.2026
export-caption = Звернення відділу з { $from } по { $to }: { $count }. Час київський.
export-file-name = звернення
export-sheet = Звернення
export-yes = так
export-no = ні
export-no-service = без послуги (загальне звернення)
export-col-number = Номер
export-col-created = Створено
export-col-department = Відділ
export-col-service = Послуга
export-col-status = Стан
export-col-on-behalf = За іншу людину
export-col-subject = Для кого
export-col-relation = Ким доводиться
export-col-contact = Контактна особа
export-col-phone = Телефон
export-col-address = Адреса
export-col-details = Що потрібно
export-col-call-back = Передзвонити
export-col-first-answer = Перша відповідь
export-col-closed = Закрито
stats-chart-title = Відділ за останні { $weeks } тижнів
stats-chart-weeks = Звернення щотижня
stats-chart-week = Тиждень з
stats-chart-requests = Звернень
stats-chart-services = Найчастіші послуги
stats-chart-other = інші послуги
stats-chart-answer = Медіана часу до першої відповіді
stats-chart-minutes = Хвилин
stats-chart-hours = Годин
