## /export: a department's requests as a file, and the /stats chart (src/exports, src/stats)

export-usage =
    I could not read the period. Write, for example:
    /export — last month
    /export November or /export November 2026
    /export 01.11.2026 30.11.2026
    /export 2026-11-01 2026-11-30
    /export csv November — a CSV file instead of Excel
export-reversed = The period ends before it starts. Write the first date, then the last: /export 01.11.2026 30.11.2026
export-caption = The department's requests from { $from } to { $to }: { $count }. Kyiv time.
export-file-name = requests
export-sheet = Requests
export-yes = yes
export-no = no
export-no-service = no service (general request)
export-col-number = Number
export-col-created = Created
export-col-department = Department
export-col-service = Service
export-col-status = Status
export-col-on-behalf = For someone else
export-col-subject = For whom
export-col-relation = Relation
export-col-contact = Contact person
export-col-phone = Phone
export-col-address = Address
export-col-details = What is needed
export-col-call-back = Call back
export-col-first-answer = First answer
export-col-closed = Closed
stats-chart-title = The department over the last { $weeks } weeks
stats-chart-weeks = Requests per week
stats-chart-week = Week of
stats-chart-requests = Requests
stats-chart-services = Most requested services
stats-chart-other = other services
stats-chart-answer = Median time to the first answer
stats-chart-minutes = Minutes
stats-chart-hours = Hours
