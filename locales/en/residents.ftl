## Residents in a request: going back, a call-back that became a written request

req-back-to-menu = ⬅️ Back to the menu. The request was not sent — you can start it again any time with «✉️ Send a request».
req-callback-written = 🔕 All right, nobody will call. So the request will be a written one: I will ask for your address and what you need, and the answer will come here, to this chat.
req-phone-telegram = I cannot see your Telegram number until you share it. Please press «📱 Send my number» below, or type the number in digits.

## A community the bot does not serve yet (named where the bot asks for the community)

community-elsewhere = Sorry, { $place } is not connected to this bot yet: I can only help residents of the communities below.

## «✏️ Something wrong?» under a card shown for a resident's story

correction-ask-story = What is wrong with this card? Please write briefly, in one message (up to { $max } characters). Staff will also see your message that this card was shown for, so they know what you were looking for. We do not pass on your Telegram account.
correction-thanks-story = Thank you! We passed this on to the department's staff. If you need help, send your message as a request and a staff member will read it.
staff-correction-need = The resident had written: «{ $need }»
