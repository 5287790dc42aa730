# Crashes and outages (issue 16): copies of cards, alerts when nobody can be reached.
staff-card-maybe-twice = ⚠️ This card may have arrived twice (a failure while sending). Work with this one; a reply to the earlier copy still gets through.
staff-card-copy = ↪️ A copy of the card of request № { $number }. Please see the card below.
staff-card-copy-pressed = This is a copy of the card. Please press the button on the card below.
staff-card-unknown = 🤔 I don't know this card: nothing was sent to the resident. Please reply to the request's new card.
notify-undelivered = ⚠️ Your request <b>№ { $number }</b> is saved, but it has not reached the staff yet: we have a technical problem. We will pass it on as soon as we can. If it is urgent, please call: { $phones }.
notify-undelivered-no-phone = ⚠️ Your request <b>№ { $number }</b> is saved, but it has not reached the staff yet: we have a technical problem. We will pass it on as soon as we can. If it is urgent, please contact the department of social policy in person.
