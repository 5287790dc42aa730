## Small talk: thanks, greetings, "hello?", "?" — a short warm answer and the menu hint.

smalltalk-thanks = You're welcome! 😊 If you need anything else, write in your own words or tap a button in the menu below.
smalltalk-bye = Have a good day! I'm here when you need me — the menu is below.
smalltalk-greeting = Hello! 😊 Please write in your own words what help you need — for example, "care for my mother" or "social taxi" — or tap a button in the menu below.
smalltalk-check = Yes, I'm here 🙂 I'm the community's bot: write what help you need, or tap a button in the menu below.
smalltalk-ok = All right. If you need anything else, write or tap a button in the menu below.
smalltalk-human = Your request is read and answered by the department's staff — real people. Tap "✉️ Send a request" below, and a staff member will call or write to you. The departments' phones are in "☎️ Contacts and hotlines".
smalltalk-help = I'm here to help. Write in your own words what happened or what you need — for example, "medicine for my mother". If you are in danger right now, call 112.
smalltalk-yes = All right 🙂 Please write what help you need, or tap a button in the menu below.
