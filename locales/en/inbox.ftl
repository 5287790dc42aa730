# The staff inbox (issue 15): copies, transfers, delivery, groups that move.

staff-card-superseded = This card is out of date: the current one is further down in the group.
staff-copy-erased = 🗑 The resident's message about No. { $number } has been erased (personal data protection).

my-message-sent-number = Request No. { $number }.
my-which-request = Which request is your answer for? Please choose:
my-which-none = It is not an answer — send nothing
my-which-gone = This message was already sent or cancelled. Please write it again.
my-which-dropped = All right, nothing was sent.

staff-not-delivered-blocked = ✗ Not delivered (No. { $number }): the resident has blocked the bot. The message will arrive as soon as they unblock it; if it is urgent, please call.

staff-transfer-reason-prompt = ➡️ Why are you transferring No. { $number } to "{ $department }"? Reply to this message with a short reason — the department will see it with the conversation.
staff-request-moved = Request No. { $number } is now with "{ $department }": it is no longer handled here, and the message was not passed on.
staff-card-transfer-line = ➡️ Transferred from "{ $from }" · { $by } · { $date }
staff-card-transfer-reason = Reason: { $reason }
staff-card-thread-title = <b>Conversation</b>
staff-card-thread-omitted = …{ $count } more earlier
staff-card-thread-question = ❓ Staff · { $date }: { $text }
staff-card-thread-answer = 💬 Staff · { $date }: { $text }
staff-card-thread-resident = 🙋 Resident · { $date }: { $text }

staff-group-migrated = ℹ️ Telegram turned this group into a supergroup with a new chat id: <code>{ $to }</code> (was <code>{ $from }</code>). Requests already arrive here. For the administrator: update <code>chatId</code> in the catalogue — { $line }.
