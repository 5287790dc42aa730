# "A story is a request": a long message the search answered can be sent as a request in one tap.
story-send = 📨 Send my message as a request
story-nothing =
    I did not find a service for exactly this.
    But you have already described everything: one tap sends your message as a request to the social policy department — they will look into it and contact you.
story-gone = This message is no longer saved. Please write again what happened.
