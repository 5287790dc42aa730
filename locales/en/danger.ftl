## Danger (issue 14). The first line of every message is numbers only: a notification preview on the
## phone's screen may be seen by the abuser, so no details in the first line.

danger-self-harm =
    💬 <b>7333</b> · 🧒 <b>116 111</b> · 🚑 <b>103</b>
    <b>You are not alone, and it is all right to talk about it.</b>
    💬 <b>7333</b> — Lifeline Ukraine, day and night
    🧒 <b>116 111</b> — helpline for children and young people
    🚑 <b>103</b> — if the wound is serious
danger-child =
    🧒 <b>116 111</b> · 📞 <b>102</b> · <b>112</b>
    🧒 <b>116 111</b> — children's helpline, free and anonymous
    📞 <b>102</b> or <b>112</b> — if a child is in danger right now
danger-fear =
    📞 <b>102</b> · <b>112</b> · <b>15-47</b> · <b>116 123</b>
    If you are not safe right now, call <b>102</b> (police) or <b>112</b>.
    To talk and get advice: <b>15-47</b> (government hotline) or <b>116 123</b> (La Strada).
danger-medical =
    🚑 <b>103</b> · 📞 <b>112</b>
    If someone is unwell, does not answer or is not breathing, call <b>103</b> (ambulance) or <b>112</b>.
    If the door is locked, call <b>112</b>: rescuers and the police will come.
danger-kind-medical = a life or health at risk
danger-kind-self-harm = self-harm
danger-kind-child = a child in danger
danger-kind-fear = fear, possible threat
# After the numbers: a request to the crisis service, and "hide the conversation".
danger-offer = I can also pass your request to the crisis service staff — they can answer here, in this chat, if calling is not safe.
danger-offer-shelter = I can also pass your request to the staff who help with a place to sleep.
danger-request = ✉️ Write to the crisis service
danger-request-shelter = ✉️ Ask for a place to sleep
danger-hide = 🧹 Hide this conversation
# The request card for staff: 🆘 on top; safe mode in bold.
staff-card-danger-flag = 🆘 <b>Possible danger</b>: contact the resident as soon as possible.
staff-card-bot-only = 🔕 <b>Do not phone — answer only in the bot</b>
# The crisis path: consent and phone without promising a call; a request to the crisis service already open.
danger-req-consent =
    <b>Before we start</b>
    To pass on your request I will ask for a name, a phone number (only if it is safe for you to be called) and, if you wish, an address and details.
    • <b>Why:</b> so that staff can help you as soon as possible. The answer will come here, to this chat.
    • <b>Who sees it:</b> only the staff of the department of social policy of { $community } who handle the request.
    • <b>How long:</b> until the request is closed and { $days } days more; then it is erased.
    • You can delete it at any time: /delete_me.
    • I will remember your consent for your next requests (for a year); you can withdraw it in /privacy.
    Do you agree to this processing of your data?
danger-req-phone = If it is safe for you to be called, tap "📱 Send my number" below or type the number. If not, tap "🔕 Don't call, write only here": staff will answer here, in this chat.
danger-open-request = Your request <b>No. { $number }</b> to the crisis service is already open: staff will answer here, in this chat. You can add what has happened to it.
danger-add-to-open = ✍️ Add to request No. { $number }
req-after-danger = ⬆️ The numbers for help are above. I will mark your request as urgent 🆘, so staff see it first. Let us go on:
req-danger-added = ⬆️ The numbers for help are above. I added your words to the request and marked it as urgent 🆘.
req-summary-words-hidden = (your words about the danger are hidden from the screen; staff will get them)
req-number-left-out = [number left out]
danger-no-calls-offer = If a call is not safe for you now, tap below: staff will answer only here, and your number will be removed.
