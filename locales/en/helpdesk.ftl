# Staff helpdesk actions (issues 15 and 18): anonymous admins, edits, outcomes, notes, assignment,
# saved replies, /find, /help, reopening, the resident's «Did we help you?».

staff-anonymous-admin = anonymous administrator
staff-edit-not-relayed = ✋ The edit was not passed on: the resident already has the earlier text (No. { $number }). To correct it, send the correction as a new reply.

# Card buttons and lines
staff-note = 📝 Note
staff-assign = 👤 Assign
staff-reopen = 🔁 Reopen
staff-card-closed-by = Closed by: { $name } · { $date }
staff-card-outcome = Outcome: <b>{ $outcome }</b>
staff-card-close-note = Comment: { $note }
staff-card-feedback = Resident's rating: { $mark }
staff-card-feedback-note = Resident's word: { $note }
staff-card-linked = 🔗 This resident's other open requests: { $requests }
staff-card-notes-title = <b>📝 Notes (staff only)</b>
staff-card-note = 📝 { $by } · { $date }: { $text }

# Outcomes
staff-outcome-helped = help given
staff-outcome-consulted = advised
staff-outcome-referred = referred to another service
staff-outcome-unreachable = could not reach the resident
staff-outcome-other = other (see the comment)
staff-outcome-advice = advice
staff-outcome-refusal = refusal
staff-outcome-type-note = ✍️ Write your own comment
staff-close-choose = ✅ How did request No. { $number } end?
staff-decline-choose = ⛔ Request No. { $number }: what are you telling the resident?
staff-decline-advice = 💡 Advice: where to turn
staff-decline-refusal = ⛔ A refusal: we cannot help
staff-close-note-prompt = ✍️ Closing comment for No. { $number }: write it as a reply to this message (the resident will see it).
staff-advice-prompt = 💡 Advice for the resident on No. { $number }: where to turn or what to do. Write it as a reply to this message.
staff-close-confirm = Close request No. { $number } — “{ $outcome }”?
staff-decline-confirm = Decline request No. { $number } — “{ $outcome }”?
staff-confirm-resident-sees = The resident will get a message about it.
staff-close-yes = ✅ Yes, close
staff-decline-yes = ⛔ Yes, decline
staff-closed-done = ✅ Request No. { $number } closed: { $outcome }.
staff-declined-done = ⛔ Request No. { $number } declined: { $outcome }.
staff-reopened = 🔁 Request No. { $number } is in progress again.
staff-reopen-too-late = This request can no longer be reopened (over 30 days ago, or its data was erased).
staff-reopened-by-resident = 🔁 The resident says problem No. { $number } is not solved: the request is in progress again.

# Notes and assignment
staff-note-prompt = 📝 Note on No. { $number } — staff only, the resident will not see it. Write it as a reply to this message.
staff-note-saved = 📝 Note saved on card No. { $number }. It was not sent to the resident.
staff-note-usage = Write /note and the text as a reply to a request's card (or in its topic).
staff-assign-choose = 👤 Whom should request No. { $number } go to?
staff-assign-nobody = 👤 The bot has not seen any of the department's staff at work yet. A colleague appears here once they take or answer any request.
staff-assigned = 👤 Request No. { $number } assigned to { $name } (by { $by }).

# Commands
staff-help-title = <b>Staff commands</b>
staff-help-help = /help — this list
staff-help-find = /find number, phone, name, a word or a service — find the department's requests
staff-help-r = /r key — send a saved reply (as a reply to a card); /r — list the saved replies
staff-help-note = /note text — a note on a request (as a reply to its card); the resident never sees it
staff-help-overdue = /overdue — requests not taken in time
staff-help-stats = /stats — figures for the week and the month
staff-help-export = /export — the department's requests as a file
staff-help-id = /id — this group's chat id (for the catalogue)
staff-help-buttons = Under a card: ✋ Take · 💬 Reply · ❓ Ask · 📝 Note · 👤 Assign · ➡️ Transfer · 🤝 Refer to a partner (with the resident's consent) · ⛔ Decline · ✅ Close · 🔁 Reopen.
staff-find-usage = Say what to look for: /find ЖТ-2026-00042, /find 0671234567 or /find Olena
staff-find-none = Nothing found among the department's requests. You can look for a request number, a phone (or six of its digits), a name, a word of the text or a service.
staff-find-title = <b>Found: { $count }</b>
staff-find-line = No. { $number } · { $status } · { $service } · { $name } · { $date }
staff-replies-none = The department has no saved replies yet: add them to the catalogue file (replies:).
staff-replies-usage = Write /r key as a reply to a request's card. Saved replies:
    { $list }
staff-replies-list = There is no such reply. Saved replies:
    { $list }
staff-replies-line = <code>{ $key }</code> — { $text }…
staff-stats-feedback = 👍 Residents say they were helped: { $share }% of { $answered } answers. { $services }
staff-stats-feedback-service = { $service } — { $share }% ({ $answered })

# The resident
notify-closed-helped = ✅ Request <b>No. { $number }</b> is closed: help was given. Thank you for reaching out!
notify-closed-consulted = ✅ Request <b>No. { $number }</b> is closed: you were given advice. If you still have questions, write to us.
notify-closed-referred = ✅ Request <b>No. { $number }</b> is closed: your question was passed to another service that handles it.
notify-closed-unreachable = We could not reach you about request <b>No. { $number }</b>, so we closed it. If you still need help, press “Problem not solved” or send a new request.
notify-closed-other = ✅ Request <b>No. { $number }</b> is closed.
notify-close-note = From the staff: { $note }
notify-declined-advice = 💡 About request <b>No. { $number }</b>, the staff advise:
    { $note }
    We hope this helps. If not, write to us again.
notify-declined-refusal = We are sorry: we cannot help with request <b>No. { $number }</b>.
    Reason: { $note }
notify-feedback-question = Did we help you?
feedback-yes = 👍 Yes
feedback-no = 👎 No
notify-not-solved = 🔁 Problem not solved
notify-reopened = 🔁 Request <b>No. { $number }</b> is in progress again.
notify-reopened-by-you = 🔁 Request <b>No. { $number }</b> is open again. The staff will see this and get in touch.
notify-reopen-not-possible = This request can no longer be reopened. Please send a new request.
feedback-thanks = Thank you for answering!
feedback-already = Thank you, your answer is already counted.
feedback-word-up = Thank you! If you like, write a few words as a reply to this message — what was useful.
feedback-word-down = We are sorry it did not work out. If you like, write a few words as a reply to this message — what went wrong.
feedback-word-placeholder = A few words (optional)
feedback-word-saved = Thank you, we passed your words on to the staff.

# Export columns (the export's own headers are in export.ftl)
export-col-outcome = Outcome
export-col-feedback = Helped?
export-feedback-up = 👍 yes
export-feedback-down = 👎 no
