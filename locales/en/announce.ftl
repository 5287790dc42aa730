## News and announcements (residents' subscription and /announce in a department's group)

menu-news = 🔔 News and events

news-intro = What should we write to you about? Tap a topic to turn it on ✅ or off. We write only about what you choose, and not often. You can unsubscribe at any time.
news-none = Your community has no news yet.
news-topic-on = ✅ { $topic }
news-topic-off = ⬜ { $topic }
news-done-button = 👌 Done
news-saved = Done. We will write to you about: { $topics }.
news-saved-none = You are not subscribed to news. Changed your mind? The «🔔 News and events» button in the menu.
news-unsubscribe-all-button = 🔕 Unsubscribe from everything

news-offer = Would you like the city's news — service fairs, new services, events? Only the topics you choose; one tap unsubscribes.
news-offer-yes = 🔔 Yes, choose topics
news-offer-no = No, thank you
news-offer-declined = All right, we won't send any. Changed your mind? The «🔔 News and events» button in the menu.

ann-header = 📢 { $department }
ann-unsubscribe-button = 🔕 Unsubscribe
ann-topics-button = ⚙️ Topics
ann-unsubscribed = You have unsubscribed from news; we won't send any more. To come back, tap «🔔 News and events».
ann-unsubscribed-already = You are not subscribed to news.
ann-preview-only = This is a preview: the buttons work for residents.

privacy-news =
    <b>News</b>
    • You are subscribed to news about: { $topics }.
    • For that we keep only your Telegram ID and the topics you chose, until you unsubscribe.
privacy-news-off-button = 🔕 Unsubscribe from news

## For staff: /announce in a department's group

ann-not-announcer = Sorry: only the staff the catalogue names as this department's announcers may send residents announcements. Please ask the bot's administrator.
ann-only-group = /announce works in a department's group.
ann-no-topics = The community's catalogue has no announcement topics (announcementTopics), so there is nobody to send to.
ann-ask-content = 📢 A new announcement for residents. Send its text (or a photo with a caption) as a reply to this message.
ann-too-long = The text is too long: up to { $max } characters (a photo's caption up to { $caption }). Please shorten it and send it again as a reply.
ann-content-unsupported = Please send a text or a photo with a caption as a reply.
ann-choose-topics = Who should get it? Choose topics: residents subscribed to at least one of them will receive it.
ann-topics-chosen = Topics: { $topics }.
ann-next-button = Next ➡️
ann-cancel-button = ✖️ Cancel
ann-need-topic = Choose at least one topic.
ann-preview-intro = 👇 This is how residents will see the announcement:
ann-confirm = Recipients: <b>{ $count }</b> (topics: { $topics }). Send now or schedule?
ann-send-now-button = ✅ Send now
ann-schedule-button = 🕒 Schedule
ann-nobody = Nobody has subscribed to these topics yet.
ann-sending = 📤 Sending announcement No. { $id } ({ $count } recipients). The report will come here.
ann-ask-time = When should it go? Reply with a date and time, Kyiv time, e.g. «30.11 10:00» or «tomorrow 9:30».
ann-time-format = I could not read that date. Write, for example, «30.11 10:00» (Kyiv time).
ann-time-past = That time has passed. Please give a date and time in the future.
ann-time-too-far = An announcement can be scheduled at most { $days } days ahead.
ann-scheduled = 🕒 Announcement No. { $id } is scheduled for { $when } (Kyiv time). Recipients now: { $count }.
ann-cancelled = The announcement is cancelled.
ann-gone = This announcement has already been sent or cancelled.
ann-report = 📬 Report on announcement No. { $id }: delivered { $sent } of { $recipients }; blocked the bot: { $blocked }; failed: { $failed }.
