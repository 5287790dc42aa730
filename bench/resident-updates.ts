import type { Update } from "grammy/types";

/**
 * The updates the benchmarks send as residents: a typed message, a button press, and the complete
 * call-back request (eight updates, one saved request). Update ids count up across all of them.
 */
let updateId = 1;
const user = (id: number) => ({ id, is_bot: false, first_name: `Resident${id}`, language_code: "uk" });
const chatOf = (id: number) => ({ id, type: "private" as const, first_name: `Resident${id}` });

export const text = (id: number, body: string): Update => ({ update_id: updateId++, message: { message_id: updateId, date: 1, chat: chatOf(id), from: user(id), text: body } });

export const press = (id: number, data: string): Update => ({
  update_id: updateId++,
  callback_query: { id: String(updateId), from: user(id), chat_instance: "1", data, message: { message_id: 1, date: 1, chat: chatOf(id), text: "…" } },
});

/** A resident's whole call-back request for the social taxi, from choosing the community to «send». */
export const callbackRequest = (id: number): Update[] => [
  press(id, "cm1:zhytomyr"),
  press(id, "rq1:n:social-taxi:me"),
  press(id, "d1:consent:v:yes"),
  press(id, "d1:mode:v:callback"),
  press(id, "d1:contactName:v:telegram"),
  text(id, "067 123 45 67"),
  press(id, "d1:callbackTime:v:any"),
  press(id, "d1:summary:v:send"),
];

/** Everyday queries (typos, Russian, Latin, wrong layout, English), in turn. */
export const SEARCHES = [
  "соціальне таксі", "психолог для дитини", "доглядальниця для мами", "субсидія на комуналку", "socialne avto",
  "ghjlernjdbq yf,sh", "інвалідний візок", "юрист безкоштовно", "памперси для бабусі", "сиделка для отца",
  "продуктовий набір", "ночувати ніде", "переселенцям допомога", "реабілітація після поранення", "сурдоперекладач",
  "домашнє насильство", "гуманітарка одяг", "допомога на дитину", "pidguzky dlya dorosloho", "кризовий центр",
  "ремонт житла після обстрілу", "соцпрацівник додому", "ліки безкоштовно", "денний центр для людей з інвалідністю",
  "wheelchair", "social taxi", "free lawyer", "инвалидная коляска", "психологическая помощь", "прийомна сім'я",
];
