## «🧹 Hide this conversation» (src/bot/features/hide.ts). A pop-up: nothing of it stays on the screen.
## At most 200 characters (Telegram's limit for a pop-up).

hide-done = Done: the conversation is hidden. To remove the chat itself, press and hold it in the chat list → "Delete".
hide-done-unsent = Done: the conversation is hidden. Your request is not sent yet: to go on, write "continue". To remove the chat, press and hold it in the chat list → "Delete".
hide-partial = { $count ->
        [one] One message could not be removed
       *[other] { $count } messages could not be removed
    } (Telegram does not allow it after 2 days). Delete the whole chat: press and hold it in the chat list → "Delete".
