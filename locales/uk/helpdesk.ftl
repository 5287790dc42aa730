# Staff helpdesk actions (issues 15 and 18): anonymous admins, edits, outcomes, notes, assignment,
# saved replies, /find, /help, reopening, the resident's «Чи допомогли Вам?».

staff-anonymous-admin = анонімний адміністратор
staff-edit-not-relayed = ✋ Зміну не передано: мешканець уже отримав попередній текст (№ { $number }). Щоб виправити, надішліть виправлення новою відповіддю.
