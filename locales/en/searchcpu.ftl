# A card whose providers have no phone yet: said once under them (src/bot/render/service-card.ts).
card-no-phone-all = The phone numbers are still being checked: send a request and you will get a call.
card-no-phone-some = Where there is no phone number, it is still being checked: send a request and you will get a call.
