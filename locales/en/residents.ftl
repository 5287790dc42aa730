## Residents in a request: going back, a call-back that became a written request

req-back-to-menu = ⬅️ Back to the menu. The request was not sent — you can start it again any time with «✉️ Send a request».
req-callback-written = 🔕 All right, nobody will call. So the request will be a written one: I will ask for your address and what you need, and the answer will come here, to this chat.
req-phone-telegram = I cannot see your Telegram number until you share it. Please press «📱 Send my number» below, or type the number in digits.

## A community the bot does not serve yet (named where the bot asks for the community)

community-elsewhere = Sorry, { $place } is not connected to this bot yet: I can only help residents of the communities below.
