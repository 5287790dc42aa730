## Small talk: thanks, greetings, "hello?", "?" — a short warm answer and the menu hint.

smalltalk-thanks = You're welcome! 😊 If you need anything else, write in your own words or tap a button in the menu below.
smalltalk-bye = Have a good day! I'm here when you need me — the menu is below.
smalltalk-greeting = Hello! 😊 Please write in your own words what help you need — for example, "care for my mother" or "social taxi" — or tap a button in the menu below.
smalltalk-check = Yes, I'm here 🙂 I'm the community's bot: write what help you need, or tap a button in the menu below.
smalltalk-ok = All right. If you need anything else, write or tap a button in the menu below.
