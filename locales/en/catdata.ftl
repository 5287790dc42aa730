## How fresh a service card's details are, and corrections

card-source = Details from { $host }, dated { $date }
card-source-undated = Details from { $host } (the page gives no date)
card-source-old = Details from { $host }, dated { $date } — they may have changed
card-confirmed = Checked on { $date }
card-report-error = ✏️ Something wrong here?
correction-ask = What is wrong on this card? Please write it briefly, in one message (up to { $max } characters): a different phone or address, for example. We do not pass on your name or number.
correction-too-long = That is a little long: please keep it to { $max } characters.
correction-thanks = Thank you! We have passed this on to the department's staff — they will check and correct it.
correction-not-delivered = Thank you! We could not pass this on to the staff just now — please try again later or send a request.
correction-cancelled = All right, nothing is passed on.

## For staff: corrections and the catalogue's freshness

staff-correction-resident = ✏️ <b>A resident reports a mistake in the catalogue</b>
    Service: { $service }
    Community: { $community }
    “{ $text }”
staff-correction-provider = ✏️ <b>A provider reports that its details have changed</b>
    Provider: { $provider }
    “{ $text }”
staff-correction-footer = Please check and correct data/catalog/{ $community }.yaml.
freshness-question = <b>Are these details still right?</b>
    This is how residents see you in Hromada Help.
freshness-yes = ✅ Yes
freshness-changed = ✏️ Something changed…
freshness-thanks = Thank you! Marked as checked on { $date }.
freshness-ask-change = Please write in one message what has changed (up to { $max } characters).
freshness-change-sent = Thank you! Passed on to the department — the details will be corrected.
freshness-not-yours = This button is for the provider's own chat.
stale-none = Every provider of this department confirmed its details within the last { $days } days.
stale-header = <b>Not confirmed for over { $days } days</b> ({ $count }):
stale-never = never confirmed
stale-since = confirmed on { $date }
stale-no-chat = no chat to ask (contactChatId)
stale-not-department = /stale works in a department's group connected in the catalogue.
