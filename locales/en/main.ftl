# English. Same keys and placeholders as uk.ftl (a test checks); Telegram HTML, short lines.

## Greeting and menu

start-greeting =
    Hello, { $name }! 👋
    I am your community's social services assistant.
    I will tell you who can help and pass your request to the right department.
start-choose-community = Please choose your community:
community-chosen = Community: <b>{ $community }</b>. You can change it with /community.
menu-hint = Tap a button below, or simply write what you need.
menu-find = 🔎 Find help
menu-request = ✉️ Send a request
menu-my-requests = 📋 My requests
menu-contacts = ☎️ Contacts and hotlines
menu-language = 🌐 Мова · Language

help-text =
    <b>What I can do</b>
    🔎 <b>Find help</b> — a few simple questions, and I show who can help.
    ✉️ <b>Send a request</b> — I pass your request to the department's staff.
    📋 <b>My requests</b> — their status and the answers.
    ☎️ <b>Contacts</b> — hotlines and phone numbers.

    You can also just write what you need, for example: "social taxi".
    /cancel — stop what you are doing
    /privacy — what data we keep
    /delete_me — delete your data
    /language — change the language

language-choose = Choose your language:
language-set = Done, we'll speak English.
community-choose = Choose the community:

cancel-done = Cancelled. Nothing was sent.
cancel-nothing = There is nothing to cancel right now.
button-back = ⬅️ Back
button-cancel = ✖️ Cancel
button-skip = Skip
button-stale = This button is no longer active.
error-try-again = Sorry, we have a short technical break. Nothing is lost — please try again in a minute.
error-generic = Sorry, something went wrong. Please try again a little later.
unsupported-message = I understand text, buttons, and voice messages and photos in requests. Please write what you need.
rate-limited = A little slower, please 🙂 I received many messages in a row and will answer again in a minute.

## Finding services

find-who = Who needs help?
find-who-me = Me
find-who-other = Someone else
find-category-me = Which describes you best?
find-category-other = Which describes this person best?
category-older-people = 👵 An older person
category-disability = ♿ A person with a disability
category-families-with-children = 👨‍👩‍👧 A child or a family with children
category-veterans = 🎖 A veteran or their family
category-idp = 🧳 A displaced person (IDP)
category-violence-affected = 🆘 A crisis, violence
category-everyone = Something else
find-need = What is needed? Choose, or write it in your own words.
find-write = ✍️ Write in my own words
find-write-prompt = Briefly write what you need. For example: "social taxi to the hospital".
search-found = { $count ->
    [one] I found one service:
   *[other] I found { $count } services. Here is the best match:
}
search-nothing =
    Sorry, I could not find a matching service.
    Send a request: a member of the department of social policy will read it and tell you where to turn.
search-nothing-send = ✉️ Send a request
search-option = { $position } of { $total }

card-free = Free of charge
card-providers = Who provides it
card-documents = What to bring
card-how = How to get it
card-phone = Tel.
card-hours = Opening hours
card-unverified = These details are still being checked — better call ahead.
card-no-phone = The phone number is still being checked: send a request and you will get a call.
card-no-providers = The provider's contacts are being checked. Send a request and you will get a call.
card-send-request = ✉️ Send a request
card-other-options = ➡️ Another option
card-back = ⬅️ Back
card-no-more = There are no other options. You can send a request or put it differently.

## Danger: emergency numbers first

danger-violence =
    📞 <b>102</b> · <b>112</b> · <b>15-47</b> · <b>116 123</b>
    If you are not safe right now, call <b>102</b> (police) or <b>112</b>.
    🆘 <b>15-47</b> — government hotline on domestic violence
    💜 <b>116 123</b> — La Strada: domestic violence
    🧒 <b>116 111</b> — if a child is being hurt
danger-suicide =
    💬 <b>7333</b> · 📞 <b>112</b> · 🚑 <b>103</b>
    <b>You are not alone. Please call right now — they will listen and help.</b>
    💬 <b>7333</b> — Lifeline Ukraine, suicide prevention
    📞 <b>112</b> or 🚑 <b>103</b> — if a life is in danger
danger-no-shelter =
    📞 <b>112</b>
    <b>If you have nowhere to sleep tonight, call 112: they will tell you the nearest shelter.</b>
hotlines =
    📞 <b>112</b> — emergency
    🚓 <b>102</b> — police
    🚑 <b>103</b> — ambulance
    🆘 <b>15-47</b> — government hotline on domestic violence
    💜 <b>116 123</b> — La Strada: domestic violence
    🧒 <b>116 111</b> — children's hotline
    💬 <b>7333</b> — Lifeline Ukraine: suicide prevention
    Calls are free, day and night.
danger-after =
    Calls are free, day and night. All hotlines are under "☎️ Contacts" in the menu.
## Requests

req-consent =
    <b>Before we start</b>
    To pass on your request I will ask for a name, a phone number and, if you wish, an address and details (including about health).
    • <b>Why:</b> so that a member of staff can help you and call you.
    • <b>Who sees it:</b> only the staff of the department of social policy of { $community } who handle the request.
    • <b>How long:</b> until the request is closed and { $days } days more; then it is erased.
    • You can delete it at any time: /delete_me.
    • I will remember your consent for your next requests (for a year); you can withdraw it in /privacy.
    Do you agree to this processing of your data?
req-consent-yes = ✅ I agree
req-consent-no = No, thank you
req-consent-declined = All right, nothing was saved. Without your consent I cannot pass on a request, but you can call yourself — see "☎️ Contacts" in the menu.
req-mode = What suits you better?
req-mode-write = ✍️ Describe what is needed
req-mode-callback = 📞 Just call me back
req-for-whom = Who is the help for?
req-for-me = For me
req-for-other = For someone else
req-subject-name = What is the name of the person who needs help? Write their first and last name.
req-subject-relation = Who is this person to you? Choose or write.
relation-spouse = My husband or wife
relation-parent = My mother or father
relation-relative = Another relative
relation-neighbour = A neighbour
relation-friend = A friend or acquaintance
req-contact-name = What should we call you? Write your name.
req-use-name = { $name }
req-phone = Your phone number, so that staff can call you. Tap "📱 Send my number" below or type it, for example 067 123 45 67.
req-phone-share = 📱 Send my number
req-phone-invalid = There seems to be a mistake in the number. Please write 10 digits, for example: 067 123 45 67 (a number abroad: with "+" and the country code).
req-phone-not-own = That is someone else's contact. Tap "📱 Send my number" or type the number.
req-address = The address or district where help is needed. You can skip this.
req-details = Describe what is needed. You can send a voice message 🎤 or a photo 📷.
req-details-for = Service: <b>{ $service }</b>.
req-callback-time = When is a good time to call you?
time-morning = Morning (9–12)
time-afternoon = Afternoon (12–17)
time-evening = Evening (17–20)
time-any = Any time
req-invalid-answer = Please write your answer in words (or "back" or "cancel").
req-choose-button = Please tap one of the buttons under the question (or write "back" or "cancel").
req-unfinished = Your request has not been sent yet. Answer the question below, or write "cancel".
req-invalid-details = Please write it as text, or send a voice message or a photo.
req-details-needed = Please write at least a few words about what is needed. If writing is hard, tap "⬅️ Back" and choose "📞 Just call me back".
req-too-long = That text is too long: please keep it under { $max } characters.
req-summary-title = <b>Please check:</b>
req-summary-service = Service
req-summary-general = General request
req-summary-for = For whom
req-summary-for-me = for me
req-summary-contact = Your name
req-summary-phone = Phone
req-summary-address = Address
req-summary-details = What is needed
req-summary-callback = Call back
req-summary-attachment = { $count ->
    [one] attachments: 1
   *[other] attachments: { $count }
}
req-summary-voice = 🎤 voice message
req-summary-photo = 📷 photo
req-send = ✅ Send
req-edit = ✏️ Change
req-edit-which = What would you like to change?
req-edit-for-whom = For whom
req-edit-name = Name
req-edit-phone = Phone
req-edit-address = Address
req-edit-details = Description
req-edit-time = Call time
req-sent =
    ✅ Request <b>No. { $number }</b> received.
    It went to: <b>{ $department }</b>.
    A member of staff will contact you, usually within a working day, on { $phone }.
    Follow it in "📋 My requests". The answer will arrive here.
req-too-many = You already have { $count } open requests. Please wait for an answer, or cancel one you no longer need in "📋 My requests".
req-expired = Your unfinished request was cancelled because there was no answer for a long time. Nothing was saved. Start again whenever it suits you.
req-cancelled = Request cancelled. Nothing was sent.

## My requests

my-empty = You have no requests yet. Tap "✉️ Send a request" to make your first one.
my-list = { $count ->
    [one] Your request:
   *[other] Your requests ({ $count }):
}
my-line = No. { $number } · { $status }
my-detail =
    <b>Request No. { $number }</b>
    Service: { $service }
    Created: { $date }
    Status: <b>{ $status }</b>
my-write = ✉️ Add a message
my-cancel = ✖️ Cancel the request
my-back = ⬅️ Back to the list
my-write-prompt = Write your message about request No. { $number }. A voice message or a photo is fine too.
my-message-sent = Passed to the staff. The answer will arrive here.
my-cancel-confirm = Cancel request No. { $number }? The staff will see that it is no longer needed.
my-cancel-yes = Yes, cancel it
my-cancel-no = No, keep it
my-cancelled = Request No. { $number } is cancelled.
my-closed = This request is already closed. If you need help, please send a new one.
my-not-found = I could not find that request.
my-department = Department: <b>{ $department }</b>
my-transferred = ➡️ Your request was passed to this department on { $date }.
my-rejected-reason = Reason for declining: { $reason }
my-answer-hint = ❓ To answer the staff, tap "✉️ Add a message" below.
my-history-title = <b>Messages</b>
my-history-omitted = { $count ->
    [one] <i>{ $count } earlier message is not shown here.</i>
   *[other] <i>{ $count } earlier messages are not shown here.</i>
}
my-history-staff = 💬 <b>Staff</b> · { $date }
my-history-question = ❓ <b>Staff ask</b> · { $date }
my-history-resident = 🙋 <b>You</b> · { $date }
my-history-attachment = <i>(a photo, voice message or file)</i>
my-history-empty = No messages yet. When staff answer, you will get the answer in this chat, and it will show up here.
my-history-none = <i>There were no messages about this request.</i>
my-history-erased = <i>These messages have been deleted: the time for keeping the data has passed.</i>
status-new = new, waiting for a member of staff
status-in_progress = in progress
status-waiting_for_resident = staff are waiting for your answer
status-resolved = done
status-rejected = declined
status-cancelled = cancelled
notify-status = Request <b>No. { $number }</b>: { $status }.
notify-transferred = Request <b>No. { $number }</b> was passed to "{ $department }": they will take care of it.
notify-reply =
    💬 <b>An answer about request No. { $number }</b>
    { $text }
notify-question =
    ❓ <b>A question from staff about request No. { $number }</b>
    { $text }
    To answer, tap "Reply".
notify-reply-button = ✉️ Reply

## Contacts

contacts =
    <b>Hotlines</b>
    { $hotlines }
contacts-community = <b>{ $community }</b>

## Privacy

privacy =
    <b>Your data</b>
    • We keep only what you sent in a request: a name, a phone number, an address, the description, voice messages and photos, and the name of the person you ask for.
    • Why: so that staff of the department of social policy can help and contact you.
    • Who sees it: only the staff of the department that handles the request.
    • How long: until the request is closed and { $days } days more; then it is erased. An anonymous record (service, date, status) stays for statistics.
    • Another organisation (a partner that provides the service, say) gets it only with your consent: the bot asks you first. No one else ever does, and it never goes into the bot's logs.
    • So that «🧹 Hide this conversation» can remove a conversation, the bot remembers its messages' numbers (not their text) for up to 7 days.
    To delete everything: /delete_me
delete-confirm = Delete all your data? Open requests will be cancelled, and staff will not be able to call you.
delete-yes = Yes, delete
delete-no = No
delete-done = Done: your data is deleted. Only an anonymous record remains for statistics. If you need help again, write /start.
delete-kept = All right, nothing has changed.

## For staff (in the department's group)

staff-card-title = { $icon } <b>Request No. { $number }</b>
staff-card-danger = 🆘 <b>Possible danger</b> ({ $kinds }): contact the resident as soon as possible.
danger-kind-violence = violence
danger-kind-suicide = thoughts of suicide
danger-kind-no-shelter = nowhere to sleep
staff-card-status = Status: <b>{ $status }</b>
staff-card-taken = Taken by: { $name }
staff-card-service = Service: { $service }
staff-card-general = General request (no service identified)
staff-card-for-self = For themselves
staff-card-on-behalf = On behalf of someone else: <b>{ $subject }</b>
staff-card-contact = Contact: { $name }
staff-card-phone = Phone: { $phone }
staff-card-address = Address: { $address }
staff-card-callback = 📞 Asks to be called back: { $time }
staff-card-details = Text: { $details }
staff-card-attachments = Attachments: { $count }
staff-card-created = Received: { $date }
staff-card-blocked = ⚠️ The resident has blocked the bot — messages do not arrive. Please call: { $phone }
staff-card-transferred = ➡️ Transferred to the department "{ $department }".
staff-card-erased = The resident's data was deleted at their request.
staff-status-new = new
staff-status-in_progress = in progress
staff-status-waiting_for_resident = waiting for the resident
staff-status-resolved = done
staff-status-rejected = declined
staff-status-cancelled = cancelled by the resident
staff-take = ✋ Take
staff-reply = 💬 Reply
staff-ask = ❓ Ask
staff-transfer = ➡️ Transfer
staff-reject = ⛔ Decline
staff-close = ✅ Close
staff-not-allowed = Only the department's staff can act on this request.
staff-not-sent-closed = Not sent: request No. { $number } is already closed.
staff-stale = This card is out of date: the request has changed. Refreshing it.
staff-foreign = This request belongs to another department.
staff-reply-prompt = 💬 Your answer to the resident about No. { $number }: write it as a reply to this message.
staff-ask-prompt = ❓ Your question to the resident about No. { $number }: write it as a reply to this message.
staff-reject-prompt = ⛔ The reason for declining No. { $number }: write it as a reply to this message (the resident will see it).
staff-transfer-choose = Where should request No. { $number } go?
staff-sent-to-resident = ✓ Delivered to the resident (No. { $number }).
staff-too-long = ✋ Too long: at most { $max } characters. Nothing was sent to the resident — please shorten it and send it again.
staff-text-only = ✋ Only text is passed on to the resident: photos, files and stickers are not sent. Please write it in words.
staff-resident-message = ✉️ <b>No. { $number}</b> — a message from the resident:
    { $text }
staff-resident-attachment = 📎 No. { $number } — an attachment from the resident
staff-reminder = ⏰ Request No. { $number } has been waiting for { $hours } h. Who will take it?
staff-alert-unreachable = ⚠️ Cannot send to the group of the department "{ $department }" ({ $error }). The messages are kept; please check that the bot is in the group.
staff-overdue-none = No overdue requests. 👍
staff-overdue-title = <b>Not taken in time:</b>
staff-overdue-line = No. { $number } — { $hours } h
staff-stats =
    <b>Department statistics</b>
    This week: { $week }
    This month: { $month }
    Median time to first answer: week — { $weekMedian }, month — { $monthMedian }
staff-stats-counts = { $total } (new { $new }, in progress { $progress }, done { $resolved }, declined { $rejected }, cancelled { $cancelled })
staff-stats-no-answers = no answers
staff-stats-minutes = { $minutes } min
staff-stats-services = Most requested services: { $services }
staff-not-a-department = This group is not connected to any department yet. Its chatId: <code>{ $chatId }</code> — add it to a department in the catalogue file (data/catalog/…yaml) and restart the bot.
staff-resident-rejected-reason = Reason: { $reason }
