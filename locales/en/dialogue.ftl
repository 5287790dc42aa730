## Requests: short re-asks, typed answers, sending once

req-short-consent = Do you agree to the processing of your data? Write "yes" or "no", or tap a button.
req-consent-first = First, your consent. I will ask the name, the phone and whom the help is for right after it; please write them then.
req-short-mode = Would you rather describe what is needed, or have us call you back? Write "describe" or "call me", or tap a button.
req-short-forWhom = Is the help for you or for someone else? Write, for example, "for me" or "for my mother".
req-short-callbackTime = When should we call you? Write, for example, "morning" or "any time".
req-short-summary = Send the request? Write "yes" or "change", or tap a button.
req-short-edit = What would you like to change? Choose below.
req-reasked = Here is the question I am waiting for ⬇️
relation-child = My son or daughter
relation-grandchild = My grandchild
relation-grandparent = My grandmother or grandfather
req-dialogue-updated = Sorry, the bot has been updated and your unfinished request has to be started again. Nothing was sent. Tap "✉️ Send a request" whenever it suits you.
req-already-sent = ✅ This request has already been sent: <b>No. { $number }</b>. Its status is in "📋 My requests".
req-cancel-after-sent = Request <b>No. { $number }</b> had already been sent, so it was not cancelled. You can cancel it in "📋 My requests".
req-dialogue-gone = That question is no longer open: the request was finished or cancelled. To send a new one, tap "✉️ Send a request".
req-dialogue-gone-toast = That question is no longer open.
community-why = I help residents of several communities, so first: where do you live? You can also type the town's name.
community-why-message = I will answer your message as soon as I know your community (you can type the town's name).
req-phone-bot-only = 🔕 Don't call, write only here
req-bot-only-ok = 🔕 All right: nobody will call you, the answer will come only here.
req-summary-bot-only = do not call, answer only here
req-sent-bot-only =
    ✅ Request <b>No. { $number }</b> received.
    It went to: <b>{ $department }</b>.
    Nobody will call you: the staff will answer only here, in this chat.
    The request's status is in "📋 My requests".
my-list-item =
    • <b>No. { $number }</b> · { $service }
      from { $created } · { $status } (changed { $changed })

## Consent remembered (/privacy)

consent-reused = ✅ Using the consent to process your data you gave on { $date }. To see or withdraw it: /privacy
consent-given-title = <b>Your consent</b>
consent-given-item = • To process your data for requests in the { $community } community: given on { $date } (consent text, version { $version }). It holds for a year or until you withdraw it.
consent-none = There is no consent to process your data now: I will ask for it before your next request.
consent-withdraw = Withdraw consent
consent-withdrawn = Consent withdrawn. I will ask for it again before a new request.
consent-withdrawn-stopped = The unfinished request was stopped; nothing was sent.
consent-withdrawn-open = Requests you have already sent (open: { $count }) will be handled to the end by the staff. Once closed, their data is erased after { $days } days. To cancel them and erase everything now: /delete_me.

## A returning resident: the same contact

req-same-contact =
    Last time you left this contact:
    <b>{ $contact }</b>
    Shall we contact you the same way?
req-short-sameContact = Keep the same name and phone? Write "yes" or "other".
req-same-contact-yes = ✅ Yes, the same
req-same-contact-no = ✏️ Give other details

## A second contact (when asking for someone else)

req-second-contact = Who else may staff call about this request: { $subject }, or a neighbour with the keys, say? Write the number (a name with it is fine: "neighbour Halya 067 123 45 67") or tap "Skip".
req-second-contact-subject = the person themselves
req-summary-second-contact = Another contact
req-edit-second-contact = Second contact
staff-card-second-contact = Second contact (may be phoned): { $name }, { $phone }
req-add-second-contact = ➕ Add another contact
