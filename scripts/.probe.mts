import { answerBook } from "../src/requests/typed-answers.ts";
const b = answerBook();
const t = "мій номер 067 111 22 33, дзвонити не треба, я глуха";
for (const q of ["safeMode", "noCalls", "noPhone", "telegramNumber", "callOther"]) console.log(q, b.understand(q, t));
