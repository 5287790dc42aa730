# A card whose providers have no phone yet: said once under them (src/bot/render/service-card.ts).
card-no-phone-all = Телефони ще уточнюються: надішліть звернення — Вам зателефонують.
card-no-phone-some = Де телефону немає, він ще уточнюється: надішліть звернення — Вам зателефонують.
