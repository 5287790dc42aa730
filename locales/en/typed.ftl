## Request: a phone number typed among other words

req-phone-several = There are several different numbers here. Please write one: the number we should call you on.
req-phone-none = No phone? Write "no phone" or tap "🔕 Don't call, write only here".
req-phone-no-digits = A phone number is needed here, for example 067 123 45 67. I will ask about the rest next.

## Request: "don't call me, I can't hear", "SMS only"

req-sms-only-ok = 🔕 All right, nobody will call you. The answer will come here or by SMS to this number.
req-summary-sms-only = SMS only, do not call
req-sent-sms =
    ✅ Request <b>No. { $number }</b> received.
    It went to: <b>{ $department }</b>.
    Nobody will call you: the staff will answer here, in this chat, or by SMS to { $phone }.
    The request's status is in "📋 My requests".
staff-card-sms-only = 🔕 <b>Do not phone — the resident asks to be written to: in the bot or by SMS to the number below</b>

## Request: an answer to another question, typed earlier

req-noted = ✓ Thank you, noted.
req-mode-which = Please write "describe" or "call me back", or tap a button.
req-name-is-phone = That looks like a phone number: I will ask for it next. Please write a name.
req-name-is-sentence = That looks like a description — I will ask what is needed next. Please write just the name.
req-relation-is-phone = That looks like a phone number — I will ask for it next. Please write who this person is to you, for example "my mother" or "a neighbour".
req-relation-please = Please write briefly who this person is to you, for example "my mother" or "a neighbour", or tap a button.
req-name-please = Please write a name, for example "Olga" or "Ivan Petrovych".

## Who the person is to the one who asks (as the resident said it; a card in the staff's language)

relation-word-parent = mother or father
relation-word-child = son or daughter
relation-word-spouse = husband or wife
relation-word-grandchild = grandchild
relation-word-grandparent = grandparent
relation-word-relative = relative
relation-word-neighbour = neighbour
relation-word-friend = friend or acquaintance
relation-word-mother = mother
relation-word-father = father
relation-word-son = son
relation-word-daughter = daughter
relation-word-husband = husband
relation-word-wife = wife
relation-word-grandmother = grandmother
relation-word-grandfather = grandfather
relation-word-grandson = grandson
relation-word-granddaughter = granddaughter
relation-word-brother = brother
relation-word-sister = sister
req-address-added = ✓ Address added.

## Request: "call my mother, not me"

req-call-other-ok = 📞 All right: staff will call the person who needs help, and write to you here.
req-call-other-number = 📞 All right: staff will call the person who needs help, and write to you here.
req-callback-time-other = When is a good time to call the person who needs help?
req-short-callbackTime-other = When should we call them? Write, for example, "morning" or "any time".
req-summary-answered-here = you will be answered here, in this chat
req-summary-call-other = Whom to call
req-sent-call-other =
    ✅ Request <b>No. { $number }</b> received.
    It went to: <b>{ $department }</b>.
    A member of staff will call { $phone }, and answer you here, in this chat.
    The request's status is in "📋 My requests".
staff-card-call-other = 📞 <b>Call: { $name }, { $phone }</b> — not the person who asked: answer them only in the bot
req-details-added = ✓ Added to the request, under "What is needed".
req-summary-unclear = You asked for a call back — you can tell all this to the staff member on the phone. Send the request, or change something?
req-for-whom-first = First, please say whom the help is for: you or someone else. I will ask the name, phone, address and description next.
req-for-whom-noted = ✓ Noted. And whom is the help for: you or someone else?
