# Ukrainian: the default language. Residents are addressed as «Ви»; short lines, plain words.

start-greeting =
    Вітаємо, { $name }! 👋
    Я — помічник соціальних служб Вашої громади.
    Підкажу, хто може допомогти, і передам Ваше звернення потрібному відділу.
