## Residents in a request: going back, a call-back that became a written request

req-back-to-menu = ⬅️ Back to the menu. The request was not sent — you can start it again any time with «✉️ Send a request».
