# Staff helpdesk actions (issues 15 and 18): anonymous admins, edits, outcomes, notes, assignment,
# saved replies, /find, /help, reopening, the resident's «Did we help you?».

staff-anonymous-admin = anonymous administrator
staff-edit-not-relayed = ✋ The edit was not passed on: the resident already has the earlier text (No. { $number }). To correct it, send the correction as a new reply.
