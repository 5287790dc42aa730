# A resident's typed text after staff wrote to them reaches the request (src/bot/features/threads.ts).
threads-passed = 📨 Added to request No. { $number }. The answer will come here.
threads-passed-closed = 📨 Passed to the staff on request No. { $number }, though it is already closed. If the problem is not solved, press «🔁 Problem not solved» and the request will be taken up again.
threads-was-search = 🔎 That was a search
threads-ask-one = Add this to request No. { $number }? Type «yes» or «no».
threads-ask-many = Add this to one of your requests? Choose it — or press «No» if you are looking for a service.
threads-ask-yes = ✅ Yes, add it
threads-ask-no = 🔎 No, search for a service
threads-ask-gone = This question is no longer current. Please write again.
threads-ask-which = Please choose the request with a button above.
staff-resident-message-after-close = ✉️ <b>No. { $number }</b> (closed) — the resident wrote after it was closed:
    { $text }
staff-resident-was-search = 🔎 No. { $number }: the resident says their previous message was a search for a service, not meant for you.
