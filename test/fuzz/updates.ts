import type { Update } from "grammy/types";
import { createI18n } from "../../src/bot/i18n.ts";
import { STAFF_GROUPS, STAFF_USER } from "../helpers/staffed-catalog.ts";
import { cut, hostileText, longEmojiText, phoneLike, plausibleAddress, plausibleDetails, plausibleName, randomCodePoints } from "./content.ts";
import type { StoredMessage } from "./fake-telegram.ts";
import type { Random } from "./random.ts";

/**
 * Makes the fuzz suites' updates: real flows (start → community → request dialogue → my requests →
 * staff buttons and replies) driven by what the bot last showed in each chat, interleaved with
 * hostile messages, forged callback data, wrong chats and update kinds the bot never asked for.
 */

export interface FuzzUpdate {
  update: Update;
  /** What it is, for failure messages. */
  label: string;
  /** The chat a handler may answer in (undefined: it must not send anything). */
  chatId?: number;
  /** Part of a deliberate flood: the rate limit may drop it without an answer. */
  flood?: boolean;
}

export const BOT_USERNAME = "hromada_help_bot";
const BOT_ID = 123456;
export const STRANGER = 888;
export const UNKNOWN_GROUPS = [-4242, -1009876];
export const CHANNEL = -1005555;
const ANONYMOUS_ADMIN = 1087968824;
const LANGUAGES = ["uk", "en", "ru", "de", undefined] as const;
const i18n = createI18n("uk");
const bothLanguages = (key: string) => [...new Set(["uk", "en"].map((locale) => i18n.t(locale, key)))];
/** The main menu's buttons, as the locale files word them. */
const MENU_TEXTS = {
  find: bothLanguages("menu-find"),
  request: bothLanguages("menu-request"),
  mine: bothLanguages("menu-my-requests"),
  contacts: bothLanguages("menu-contacts"),
  language: bothLanguages("menu-language"),
};
const COMMANDS = ["start", "help", "privacy", "cancel", "delete_me", "language", "community", "my", "id", "overdue", "stats", "export", "settings", "admin", "unknown"];
const SERVICES = ["social-taxi", "assistive-devices", "home-care", "no-such-service", "-"];
const STEPS = ["consent", "mode", "forWhom", "subjectName", "relation", "sameContact", "contactName", "phone", "address", "details", "callbackTime", "summary", "edit"];
/**
 * Answers that look like nothing (the dialogue must refuse them) or that would reorder what staff read
 * (cards and relayed messages must show them without their bidi controls), for every free-text step.
 */
const INVISIBLE_OR_REORDERING = [
  "\u200B",
  "\u3164",
  "\u3164\u3164 \u115F\u1160",
  "\u2800\u2800",
  "\u0301\u0301\u0308",
  "\u3000\u200B\u00AD\u2060\uFEFF",
  "\u200D\u200C",
  "Оля\u202E76 543 21 0",
  "\u202D\u2067Петро\u2069\u202C",
  "\u200F\u061Cمحمد\u200E",
  "Ганна\nТелефон: +380 99 000 00 00",
  "👨‍👩‍👧\u202E ти",
  "текст\u{E0068}\u{E0069}",
];

/** What the factory needs to know of a Bot API: what the bot shows in each chat. FakeTelegram is one. */
export interface ChatView {
  chatMessages(chatId: number): StoredMessage[];
  /** The next message id in a chat, for a message a user sends. */
  userMessageId(chatId: number): number;
  /** A callback query is about to be delivered (it may be answered once). */
  openQuery(id: string): void;
}

interface Resident {
  id: number;
  firstName: string;
  languageCode?: string;
}

export class UpdateFactory {
  private updateId = 1;
  private queryId = 1;
  private flooderId = 990_000;
  private focus?: Resident;
  readonly residents: Resident[];
  /** Request ids in the database (refreshed by the suite): forged buttons name them, others' included. */
  requestIds: number[] = [];

  constructor(
    private readonly random: Random,
    private readonly fake: ChatView,
    residentCount = 40,
  ) {
    this.residents = Array.from({ length: residentCount }, (_, index) => ({
      id: 910_000 + index,
      firstName: random.chance(0.7) ? random.pick(["Оля", "Петро", "Ганна", "Ivan"]) : cut(hostileText(random), 64) || "X",
      ...(() => {
        const languageCode = random.pick(LANGUAGES);
        return languageCode ? { languageCode } : {};
      })(),
    }));
  }

  /** The next step: usually one update, a burst for a flood. */
  next(): FuzzUpdate[] {
    const scenario = this.random.weighted<() => FuzzUpdate[]>([
      [45, () => [this.residentFlow(this.focusedResident())]],
      [12, () => [this.hostileMessage(this.random.pick(this.residents))]],
      [10, () => [this.forgedCallback(this.random.pick(this.residents))]],
      [4, () => [this.commandAnywhere()]],
      [12, () => [this.staffFlow()]],
      [5, () => [this.staffHostile()]],
      [3, () => [this.unknownGroup()]],
      [3, () => [this.channelPost()]],
      [6, () => [this.otherKinds()]],
      [0.2, () => this.flood()],
    ]);
    return scenario();
  }

  /** Residents go through their flows in streaks (as people do), interleaved with everyone else. */
  private focusedResident(): Resident {
    if (!this.focus || this.random.chance(0.2)) this.focus = this.random.pick(this.residents);
    return this.focus;
  }

  // ── Building blocks ─────────────────────────────────────────────────────────────────────────────

  private id(): number {
    return this.updateId++;
  }

  private user(resident: Resident) {
    return { id: resident.id, is_bot: false, first_name: resident.firstName, ...(resident.languageCode ? { language_code: resident.languageCode } : {}) };
  }

  private privateChat(resident: Resident) {
    return { id: resident.id, type: "private" as const, first_name: resident.firstName };
  }

  private group(chatId: number) {
    return { id: chatId, type: "supergroup" as const, title: this.random.chance(0.2) ? cut(hostileText(this.random), 128) : "Відділ" };
  }

  private message(chat: { id: number; type: string }, from: Record<string, unknown> | undefined, content: Record<string, unknown>) {
    return {
      message_id: this.fake.userMessageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      ...(from ? { from } : {}),
      ...content,
    };
  }

  private textContent(text: string): Record<string, unknown> {
    const command = /^\/[\w@]+/.exec(text);
    return { text, ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}) };
  }

  private messageUpdate(chat: { id: number; type: string }, from: Record<string, unknown> | undefined, content: Record<string, unknown>, label: string, answerChat = chat.id): FuzzUpdate {
    return { update: { update_id: this.id(), message: this.message(chat, from, content) } as unknown as Update, label, chatId: answerChat };
  }

  private callback(chatId: number, chatType: string, from: Record<string, unknown>, data: string, messageId?: number, label = `callback ${JSON.stringify(data)}`): FuzzUpdate {
    const id = String(this.queryId++);
    this.fake.openQuery(id);
    const stored = messageId === undefined ? undefined : this.fake.chatMessages(chatId).find((message) => message.messageId === messageId);
    const shape = this.random.int(0, 19);
    const message =
      shape === 0
        ? undefined // an inline message: no message, an inline_message_id
        : shape === 1
          ? { message_id: messageId ?? 1, date: 0, chat: { id: chatId, type: chatType } } // inaccessible
          : { message_id: messageId ?? this.random.int(1, 500), date: Math.floor(Date.now() / 1000) - 60, chat: { id: chatId, type: chatType, ...(chatType === "private" ? { first_name: "R" } : { title: "G" }) }, from: { id: BOT_ID, is_bot: true, first_name: "Hromada Help", username: BOT_USERNAME }, text: stored?.text ?? "…" };
    return {
      update: {
        update_id: this.id(),
        callback_query: {
          id,
          from,
          chat_instance: String(chatId),
          data,
          ...(message ? { message } : { inline_message_id: `inline-${id}` }),
        },
      } as unknown as Update,
      label,
      chatId,
    };
  }

  private lastMessage(chatId: number): StoredMessage | undefined {
    return this.fake.chatMessages(chatId).at(-1);
  }

  private buttonsOf(message: StoredMessage | undefined): string[] {
    return (message?.replyMarkup?.inline_keyboard ?? []).flat().flatMap((button) => (button.callback_data === undefined ? [] : [button.callback_data]));
  }

  private requestId(): number {
    return this.random.weighted<() => number>([
      [6, () => (this.requestIds.length > 0 ? this.random.pick(this.requestIds) : 1)],
      [1, () => this.random.int(0, 50)],
      [1, () => this.random.pick([0, 999_999_999, 2_147_483_647, 123456789])],
    ])();
  }

  // ── Residents ───────────────────────────────────────────────────────────────────────────────────

  /** What a resident does next, given what the bot last showed them: mostly the sensible thing. */
  private residentFlow(resident: Resident): FuzzUpdate {
    const chat = this.privateChat(resident);
    const from = this.user(resident);
    const messages = this.fake.chatMessages(resident.id);
    if (messages.length === 0 || this.random.chance(0.02)) return this.messageUpdate(chat, from, this.textContent(this.random.chance(0.8) ? "/start" : `/start@${BOT_USERNAME}`), "/start");
    // Mostly the newest message's buttons; sometimes an older one (a stale button).
    const message = this.random.chance(0.9) ? messages.at(-1)! : this.random.pick(messages);
    const buttons = this.buttonsOf(message);
    const press = (data: string, label = `press ${data}`) => this.callback(resident.id, "private", from, data, message.messageId, label);
    const say = (content: Record<string, unknown>, label: string) => this.messageUpdate(chat, from, content, label);
    const text = (value: string, label: string) => say(this.textContent(value), label);

    // A question with reply-keyboard keys (the phone's «📱», «🔕», «⬅️», «✖️») has no inline buttons.
    const keys = ((message.replyMarkup?.keyboard ?? []) as Array<Array<{ text: string; request_contact?: boolean }>>).flat();
    const step = buttons.map((data) => /^d1:(\w+):/.exec(data)?.[1]).find(Boolean) ?? (keys.some((key) => key.request_contact) ? "phone" : undefined);
    if (step) {
      const of = (prefix: string) => buttons.filter((data) => data.startsWith(prefix));
      if (this.random.chance(0.08)) return buttons.length > 0 ? press(this.random.pick(buttons)) : text(this.random.pick(keys.filter((key) => !key.request_contact)).text, "a reply-keyboard key");
      switch (step) {
        case "consent":
          return press(this.random.chance(0.92) ? "d1:consent:v:yes" : "d1:consent:v:no");
        case "summary":
          return press(this.random.chance(0.8) ? "d1:summary:v:send" : this.random.pick(buttons));
        case "mode":
        case "forWhom":
        case "callbackTime":
        case "sameContact":
        case "edit":
          return press(this.random.pick(of(`d1:${step}:v:`).length > 0 ? of(`d1:${step}:v:`) : buttons));
        case "relation":
          return this.random.chance(0.7) ? press(this.random.pick(of("d1:relation:v:").concat(of("d1:relation:skip")))) : text(this.random.chance(0.7) ? "сусідка" : this.random.chance(0.3) ? this.random.pick(INVISIBLE_OR_REORDERING) : hostileText(this.random), "relation text");
        case "contactName":
          if (this.random.chance(0.4) && buttons.includes("d1:contactName:v:telegram")) return press("d1:contactName:v:telegram");
          if (this.random.chance(0.1)) return text(this.random.pick(INVISIBLE_OR_REORDERING), "contact name, invisible or reordering");
          return text(plausibleName(this.random), "contact name");
        case "subjectName":
          if (this.random.chance(0.1)) return text(this.random.pick(INVISIBLE_OR_REORDERING), "subject name, invisible or reordering");
          return text(plausibleName(this.random), "subject name");
        case "phone": {
          const roll = this.random.next();
          if (roll < 0.35) return say({ contact: { phone_number: this.random.pick(["+380931112233", "380671234567", "+12025550100"]), first_name: resident.firstName, user_id: resident.id } }, "own contact");
          if (roll < 0.4) return say({ contact: { phone_number: "+380501112233", first_name: "Інша", user_id: resident.id + 1 } }, "someone else's contact");
          if (roll < 0.42) return say({ contact: { phone_number: "+380501112233", first_name: "Без id" } }, "contact without user id");
          return text(phoneLike(this.random), "phone");
        }
        case "address":
          if (this.random.chance(0.08)) return text(this.random.pick(INVISIBLE_OR_REORDERING), "address, invisible or reordering");
          return this.random.chance(0.3) ? press("d1:address:skip") : text(plausibleAddress(this.random), "address");
        case "details": {
          const roll = this.random.next();
          if (roll < 0.12) return say({ photo: [{ file_id: "p-small", file_unique_id: "ps", width: 90, height: 90 }, { file_id: "p-big", file_unique_id: "pb", width: 1280, height: 960 }], ...(this.random.chance(0.6) ? { caption: cut(plausibleDetails(this.random), 1024) } : {}) }, "details photo");
          if (roll < 0.2) return say({ voice: { file_id: "v1", file_unique_id: "v1u", duration: 12 } }, "details voice");
          if (roll < 0.22) return say({ document: { file_id: "d1", file_unique_id: "d1u", file_name: cut(hostileText(this.random), 60) } }, "details document");
          if (roll < 0.28) return text(this.random.pick(INVISIBLE_OR_REORDERING), "details, invisible or reordering");
          if (roll < 0.3) return say({ photo: [{ file_id: "p-blank", file_unique_id: "pbl", width: 90, height: 90 }], caption: this.random.pick(INVISIBLE_OR_REORDERING) }, "details photo, caption invisible or reordering");
          return text(plausibleDetails(this.random), "details");
        }
        default:
          return press(this.random.pick(buttons));
      }
    }
    if (buttons.includes("my1:wx") && this.random.chance(0.75)) {
      // The follow-up message after "add a message": text (sometimes long), a photo, a voice message.
      const roll = this.random.next();
      if (roll < 0.15) return say({ photo: [{ file_id: "fp", file_unique_id: "fpu", width: 800, height: 600 }], caption: this.random.chance(0.5) ? longEmojiText(this.random, this.random.int(200, 1024)) : cut(hostileText(this.random), 1024) }, "follow-up photo");
      if (roll < 0.2) return say({ document: { file_id: "fd", file_unique_id: "fdu", file_name: "довідка.pdf" }, caption: "Довідка & виписка" }, "follow-up document");
      if (roll < 0.25) return say({ voice: { file_id: "fv", file_unique_id: "fvu", duration: 3 } }, "follow-up voice");
      if (roll < 0.3) return say({ sticker: { file_id: "s", file_unique_id: "su", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } }, "follow-up sticker");
      if (roll < 0.4) return text(this.random.pick(INVISIBLE_OR_REORDERING), "follow-up text, invisible or reordering");
      return text(this.random.chance(0.2) ? "я".repeat(this.random.pick([2001, 3000, 4096])) : plausibleDetails(this.random), "follow-up text");
    }
    if (buttons.some((data) => data.startsWith("my1:w:")) && this.random.chance(0.5)) return press(buttons.find((data) => data.startsWith("my1:w:"))!);
    if (buttons.length > 0 && this.random.chance(0.75)) {
      const preferred = buttons.filter((data) => /^(cm1:zhytomyr|rq1:n|my1:o|my1:w|my1:c|pv1:del)/.test(data));
      return press(this.random.pick(preferred.length > 0 && this.random.chance(0.6) ? preferred : buttons));
    }
    return this.random.weighted<() => FuzzUpdate>([
      [30, () => text(this.random.pick(MENU_TEXTS.request), "menu: request")],
      [30, () => text(this.random.pick(MENU_TEXTS.mine), "menu: my requests")],
      [12, () => text(this.random.pick(MENU_TEXTS.find), "menu: find")],
      [4, () => text(this.random.pick(MENU_TEXTS.contacts), "menu: contacts")],
      [4, () => text(this.random.pick(MENU_TEXTS.language), "menu: language")],
      [18, () => text(this.random.pick(["соціальне таксі", "слуховий апарат", "social taxi", "мене б'є чоловік", "психолог", "їжа"]), "search")],
      [3, () => text("/delete_me", "/delete_me")],
      [3, () => text("/cancel", "/cancel")],
      [3, () => text("/community", "/community")],
      [3, () => text("/my", "/my")],
    ])();
  }

  /** Anything a person can send in a private chat, most of it hostile. */
  private hostileMessage(resident: Resident): FuzzUpdate {
    const chat = this.privateChat(resident);
    const from = this.random.chance(0.97) ? this.user(resident) : { id: resident.id, is_bot: false, first_name: "" };
    const content = this.hostileContent(resident.id);
    return this.messageUpdate(chat, from, content.content, `hostile ${content.label}`);
  }

  private hostileContent(chatId: number): { content: Record<string, unknown>; label: string } {
    const r = this.random;
    const file = (prefix: string) => ({ file_id: `${prefix}-${r.int(1, 99)}`, file_unique_id: `${prefix}u` });
    return r.weighted<() => { content: Record<string, unknown>; label: string }>([
      [30, () => ({ content: this.textContent(hostileText(r)), label: "text" })],
      [6, () => ({ content: this.textContent(`/${r.pick(COMMANDS)}${r.chance(0.3) ? `@${r.pick([BOT_USERNAME, "other_bot"])}` : ""}${r.chance(0.5) ? ` ${hostileText(r)}` : ""}`), label: "command" })],
      [3, () => ({ content: { text: `/${r.pick(COMMANDS)}` }, label: "command without an entity" })],
      [4, () => ({ content: { sticker: { ...file("st"), type: "regular", width: 512, height: 512, is_animated: r.chance(0.3), is_video: false, emoji: "😀" } }, label: "sticker" })],
      [5, () => ({ content: { photo: [{ ...file("ph"), width: 90, height: 90 }], ...(r.chance(0.6) ? { caption: cut(hostileText(r), r.pick([1024, 5000])) } : {}) }, label: "photo" })],
      [2, () => ({ content: { photo: [] }, label: "photo without sizes" })],
      [3, () => ({ content: { voice: { ...file("vo"), duration: r.int(0, 3600) } }, label: "voice" })],
      [2, () => ({ content: { audio: { ...file("au"), duration: 100, title: cut(hostileText(r), 50) } }, label: "audio" })],
      [2, () => ({ content: { video: { ...file("vi"), width: 1, height: 1, duration: 1 } }, label: "video" })],
      [2, () => ({ content: { video_note: { ...file("vn"), length: 240, duration: 5 } }, label: "video note" })],
      [3, () => ({ content: { document: { ...file("do"), file_name: cut(hostileText(r), 255), mime_type: "application/x-msdownload" }, ...(r.chance(0.5) ? { caption: cut(hostileText(r), 1024) } : {}) }, label: "document" })],
      [2, () => ({ content: { animation: { ...file("an"), width: 1, height: 1, duration: 1 }, document: { ...file("an") } }, label: "animation" })],
      [3, () => ({ content: { location: { latitude: r.pick([50.25, -90, 90, 0]), longitude: r.pick([28.66, 180, -180]) } }, label: "location" })],
      [2, () => ({ content: { venue: { location: { latitude: 50, longitude: 28 }, title: hostileText(r), address: hostileText(r) } }, label: "venue" })],
      [4, () => ({ content: { contact: { phone_number: phoneLike(r), first_name: cut(hostileText(r), 64) || "X", ...(r.chance(0.5) ? { user_id: chatId + r.int(1, 5) } : {}) } }, label: "someone else's contact" })],
      [2, () => ({ content: { contact: { phone_number: phoneLike(r), first_name: "Я", user_id: chatId } }, label: "own contact out of turn" })],
      [2, () => ({ content: { poll: { id: "p", question: hostileText(r), options: [{ text: "a", voter_count: 0 }], total_voter_count: 0, is_closed: false, is_anonymous: true, type: "regular", allows_multiple_answers: false } }, label: "poll" })],
      [2, () => ({ content: { dice: { emoji: "🎲", value: r.int(1, 6) } }, label: "dice" })],
      [2, () => ({ content: { ...this.textContent(hostileText(r)), forward_origin: { type: "user", date: 0, sender_user: { id: 42, is_bot: false, first_name: "Хтось" } } }, label: "forwarded text" })],
      [2, () => ({ content: { ...this.textContent(hostileText(r)), reply_to_message: { message_id: r.int(1, 100), date: 0, chat: { id: chatId, type: "private" }, text: "?" } }, label: "reply" })],
      [2, () => ({ content: { ...this.textContent(hostileText(r)), via_bot: { id: 1, is_bot: true, first_name: "gif" } }, label: "via another bot" })],
      [2, () => ({ content: {}, label: "message with no content" })],
      [1, () => ({ content: { text: "" }, label: "empty text" })],
      [1, () => ({ content: { text: "   \n\t " }, label: "blank text" })],
      [1, () => ({ content: { web_app_data: { data: hostileText(r), button_text: "x" } }, label: "web app data" })],
      [1, () => ({ content: { story: { chat: { id: 1, type: "private" }, id: 1 } }, label: "story" })],
      [1, () => ({ content: { ...this.textContent(randomCodePoints(r, 5000)) }, label: "5000 random code points" })],
    ])();
  }

  /** Callback data a resident crafts: other residents' request ids, staff buttons, truncated and oversized data. */
  private forgedCallback(resident: Resident): FuzzUpdate {
    const r = this.random;
    const id = this.requestId();
    const own = this.fake.chatMessages(resident.id);
    const data = r.weighted<() => string>([
      [5, () => `my1:${r.pick(["o", "c", "cy", "w"])}:${id}`],
      [1, () => r.pick(["my1:l", "my1:wx", "my1:o:", "my1:o:-1", "my1:o:1e3", "my1:o:0x10", "my1:o:٣"])],
      [3, () => `st1:${r.pick(["take", "rep", "ask", "tr", "rej", "cls"])}:${id}:${r.pick(["n", "p", "w", "x"])}`],
      [1, () => `st1:to:${id}:${r.pick(["n", "p", "w"])}:${r.int(0, 12)}`],
      [2, () => `rq1:n:${r.pick(SERVICES)}:${r.pick(["me", "ot", "-", "xx"])}`],
      [2, () => `d1:${r.pick(STEPS)}:${r.pick(["v", "back", "cancel", "skip", "zzz"])}:${r.pick(["yes", "no", "send", "edit", "me", "other", "telegram", "write", "callback", "morning", "forWhom", "phone", "__proto__", ""])}`],
      [2, () => r.pick(["f1:w:me", "f1:w:ot", "f1:home", "f1:write", "f1:c:me:o", "f1:c:ot:z", "f1:s:me:o:social-taxi", "f1:s:ot:x:nope", `f1:r:${r.int(0, 99999)}`, "f1:r:1", `f1:r:${r.int(0, 9)}:${r.pick(["0000", "ffff", "zzzz"])}${r.pick(["0", "1z", "zz", "00z"])}`])],
      [1, () => r.pick(["cm1:zhytomyr", "cm1:vinnytsia", "cm1:kyiv", "cm1:__proto__", "lg1:en", "lg1:uk", "lg1:ru", "lg1:__proto__", "pv1:del:no", "pv1:del:yes", "pv1:del:maybe"])],
      [2, () => {
        const real = [...own].reverse().flatMap((message) => this.buttonsOf(message))[0] ?? "my1:o:1";
        return real.slice(0, r.int(0, real.length - 1)); // truncated
      }],
      [1, () => "x".repeat(r.int(65, 300))],
      [1, () => cut(hostileText(r), 64)],
      [1, () => ""],
    ])();
    const messageId = own.length > 0 && r.chance(0.8) ? r.pick(own).messageId : r.int(1, 10_000);
    return this.callback(resident.id, "private", this.user(resident), data, messageId, `forged ${JSON.stringify(data)}`);
  }

  /** Commands in the wrong chat: staff commands in private, resident commands in groups and channels. */
  private commandAnywhere(): FuzzUpdate {
    const r = this.random;
    const command = `/${r.pick(COMMANDS)}${r.chance(0.2) ? ` ${r.pick(["2026-01-01 2026-12-31", "2020-13-45 x", "9999-01-01 0000-01-01", hostileText(r)])}` : ""}`;
    const where = r.int(0, 2);
    if (where === 0) {
      const resident = r.pick(this.residents);
      return this.messageUpdate(this.privateChat(resident), this.user(resident), this.textContent(command), `${command.slice(0, 30)} in private`);
    }
    if (where === 1) {
      const chatId = r.pick([...Object.values(STAFF_GROUPS), ...UNKNOWN_GROUPS]);
      const userId = r.pick([STAFF_USER, STRANGER, this.residents[0]!.id]);
      return this.messageUpdate(this.group(chatId), { id: userId, is_bot: false, first_name: "Г" }, this.textContent(command), `${command.slice(0, 30)} in group ${chatId} by ${userId}`);
    }
    return {
      update: { update_id: this.id(), channel_post: this.message({ id: CHANNEL, type: "channel" }, undefined, { sender_chat: { id: CHANNEL, type: "channel", title: "Канал" }, ...this.textContent(command) }) } as unknown as Update,
      label: `${command.slice(0, 30)} in a channel`,
      chatId: CHANNEL,
    };
  }

  // ── Staff groups ────────────────────────────────────────────────────────────────────────────────

  private staffMember(chatId: number, weightStaff = 0.85): Record<string, unknown> {
    const r = this.random;
    const roll = r.next();
    if (roll < weightStaff) return { id: STAFF_USER, is_bot: false, first_name: r.chance(0.9) ? "Оксана" : cut(hostileText(r), 64) || "О" };
    if (roll < weightStaff + 0.1) return { id: STRANGER, is_bot: false, first_name: "Сторонній" };
    return { id: this.random.pick(this.residents).id, is_bot: false, first_name: "Мешканець", _chat: chatId };
  }

  /** Staff work the cards the relay delivered: press their buttons, answer prompts by replying. */
  private staffFlow(): FuzzUpdate {
    const r = this.random;
    const chatId = r.pick(Object.values(STAFF_GROUPS));
    const messages = this.fake.chatMessages(chatId);
    const prompts = messages.filter((message) => message.replyMarkup?.force_reply).slice(-5);
    const withButtons = messages.filter((message) => this.buttonsOf(message).some((data) => data.startsWith("st1:"))).slice(-8);
    const from = this.staffMember(chatId);
    if (prompts.length > 0 && r.chance(0.45)) {
      const prompt = r.pick(prompts);
      const text = r.weighted<() => string>([
        [7, () => r.pick(["Добрий день! Машина буде в четвер.", "Уточніть, будь ласка, адресу?", "Відмовлено: не наш профіль <b>&</b>"])],
        [1, () => r.pick(INVISIBLE_OR_REORDERING)],
        [1, () => "д".repeat(r.pick([1001, 3501, 4096]))],
        [1, () => longEmojiText(r, r.int(900, 4096))],
        [2, () => cut(hostileText(r), 4096)],
      ])();
      if (r.chance(0.1)) {
        const media = r.pick([{ photo: [{ file_id: "sp", file_unique_id: "spu", width: 10, height: 10 }], caption: text.slice(0, 10) }, { sticker: { file_id: "ss", file_unique_id: "ssu", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } }]);
        return this.messageUpdate(this.group(chatId), from, { ...media, reply_to_message: { message_id: prompt.messageId, date: 0, chat: { id: chatId, type: "supergroup" }, text: prompt.text } }, "staff photo or sticker reply");
      }
      return this.messageUpdate(this.group(chatId), from, { ...this.textContent(text), reply_to_message: { message_id: prompt.messageId, date: 0, chat: { id: chatId, type: "supergroup" }, text: prompt.text, from: { id: BOT_ID, is_bot: true, first_name: "Hromada Help" } }, ...(prompt.threadId ? { message_thread_id: prompt.threadId, is_topic_message: true } : {}) }, "staff reply to a prompt");
    }
    if (withButtons.length > 0 && r.chance(0.85)) {
      const message = r.chance(0.8) ? withButtons.at(-1)! : r.pick(withButtons);
      const data = r.pick(this.buttonsOf(message));
      // Now and then the same button from somewhere it does not belong.
      const place = r.next();
      if (place < 0.06) {
        const other = r.pick(Object.values(STAFF_GROUPS).filter((id) => id !== chatId));
        return this.callback(other, "supergroup", { id: STAFF_USER, is_bot: false, first_name: "Оксана" }, data, r.int(1, 50), `staff button ${data} from another department's group`);
      }
      if (place < 0.1) {
        const resident = r.pick(this.residents);
        return this.callback(resident.id, "private", this.user(resident), data, undefined, `staff button ${data} from a resident's private chat`);
      }
      if (place < 0.12) return this.callback(STAFF_USER, "private", { id: STAFF_USER, is_bot: false, first_name: "Оксана" }, data, undefined, `staff button ${data} from the staff member's private chat`);
      return this.callback(chatId, "supergroup", from, data, message.messageId, `staff press ${data} by ${String(from.id)}`);
    }
    return this.messageUpdate(this.group(chatId), from, this.textContent(r.pick(["/stats", "/overdue", "/export 2020-01-01 2030-12-31", "/export", "/export +275760-09-13 +275760-09-13", "/export 2026-02-30 2026-13-01", "/export 0000-01-01 9999-12-31 x", "/id", `/stats@${BOT_USERNAME}`])), "staff command");
  }

  /** Staff groups get the hostile treatment too: forged buttons, random replies, service messages. */
  private staffHostile(): FuzzUpdate {
    const r = this.random;
    const chatId = r.pick(Object.values(STAFF_GROUPS));
    const group = this.group(chatId);
    return r.weighted<() => FuzzUpdate>([
      [4, () => this.callback(chatId, "supergroup", this.staffMember(chatId, 0.7), `st1:${r.pick(["take", "rep", "ask", "tr", "rej", "cls", "to", "zz"])}:${this.requestId()}:${r.pick(["n", "p", "w", "n:1", "p:99", ""])}`, r.int(1, 200), "forged staff button")],
      [3, () => {
        const hostile = this.hostileContent(chatId);
        return this.messageUpdate(group, this.staffMember(chatId), { ...hostile.content, ...(r.chance(0.5) ? { reply_to_message: { message_id: r.int(1, 300), date: 0, chat: { id: chatId, type: "supergroup" }, text: "?" } } : {}) }, `staff group hostile ${hostile.label}`);
      }],
      [2, () => this.messageUpdate(group, { id: ANONYMOUS_ADMIN, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" }, { sender_chat: { id: chatId, type: "supergroup", title: "G" }, ...this.textContent(r.pick(["/stats", "/export 2026-01-01 2026-12-31", hostileText(r)])) }, "anonymous admin")],
      [1, () => this.messageUpdate(group, undefined, { sender_chat: { id: chatId, type: "supergroup", title: "G" }, ...this.textContent(hostileText(r)) }, "message without from")],
      [1, () => this.messageUpdate(group, this.staffMember(chatId), { ...this.textContent(hostileText(r)), message_thread_id: r.int(1, 2000), is_topic_message: true }, "message in a random topic")],
      [1, () => this.messageUpdate(group, { id: STRANGER, is_bot: false, first_name: "Новий" }, { new_chat_members: [{ id: STRANGER, is_bot: false, first_name: "Новий" }] }, "new member")],
      [1, () => this.messageUpdate(group, { id: STAFF_USER, is_bot: false, first_name: "Оксана" }, { left_chat_member: { id: BOT_ID, is_bot: true, first_name: "Hromada Help" } }, "bot removed")],
      [1, () => this.messageUpdate(group, { id: STAFF_USER, is_bot: false, first_name: "Оксана" }, { migrate_to_chat_id: -100123456789 }, "group migrated")],
    ])();
  }

  private unknownGroup(): FuzzUpdate {
    const r = this.random;
    const chatId = r.pick(UNKNOWN_GROUPS);
    const from = { id: r.pick([STAFF_USER, STRANGER, this.residents[1]!.id]), is_bot: false, first_name: "Х" };
    if (r.chance(0.35)) return this.callback(chatId, "supergroup", from, r.pick([`st1:take:${this.requestId()}:n`, `my1:o:${this.requestId()}`, "d1:consent:v:yes", "cm1:zhytomyr"]), r.int(1, 50), "button in an unknown group");
    const hostile = r.chance(0.5) ? { content: this.textContent(r.pick(["/start", "/id", "/stats", "/overdue", "/export 2026-01-01 2026-12-31", "/delete_me", "✉️ Надіслати звернення"])), label: "command" } : this.hostileContent(chatId);
    return this.messageUpdate(r.chance(0.8) ? this.group(chatId) : { id: chatId, type: "group" as const, title: "Стара група" } as never, from, hostile.content, `unknown group: ${hostile.label}`);
  }

  private channelPost(): FuzzUpdate {
    const r = this.random;
    const hostile = this.hostileContent(CHANNEL);
    const post = this.message({ id: CHANNEL, type: "channel" }, undefined, { sender_chat: { id: CHANNEL, type: "channel", title: "Канал" }, ...hostile.content });
    const kind = r.pick(["channel_post", "edited_channel_post"]);
    return { update: { update_id: this.id(), [kind]: kind === "edited_channel_post" ? { ...post, edit_date: post.date } : post } as unknown as Update, label: `${kind}: ${hostile.label}`, chatId: CHANNEL };
  }

  /** Update kinds the bot never asked for, and updates with fields missing. */
  private otherKinds(): FuzzUpdate {
    const r = this.random;
    const resident = r.pick(this.residents);
    const from = this.user(resident);
    const chat = this.privateChat(resident);
    const now = Math.floor(Date.now() / 1000);
    const make = (payload: Record<string, unknown>, label: string, chatId?: number): FuzzUpdate => ({ update: { update_id: this.id(), ...payload } as unknown as Update, label, ...(chatId === undefined ? {} : { chatId }) });
    return r.weighted<() => FuzzUpdate>([
      [4, () => make({ edited_message: { ...this.message(chat, from, this.textContent(r.chance(0.5) ? r.pick([...MENU_TEXTS.request, "/start", "/delete_me", "0671234567"]) : hostileText(r))), edit_date: now } }, "edited message", resident.id)],
      [1, () => make({ edited_message: { ...this.message(chat, from, { photo: [{ file_id: "e", file_unique_id: "e", width: 1, height: 1 }], caption: cut(hostileText(r), 1024) }), edit_date: now } }, "edited caption", resident.id)],
      [1, () => make({ edited_message: { ...this.message(this.group(r.pick(Object.values(STAFF_GROUPS))), { id: STAFF_USER, is_bot: false, first_name: "Оксана" }, this.textContent(hostileText(r))), edit_date: now } }, "edited staff message")],
      [2, () => make({ my_chat_member: { chat, from, date: now, old_chat_member: { status: "member", user: { id: BOT_ID, is_bot: true, first_name: "H" } }, new_chat_member: { status: "kicked", until_date: 0, user: { id: BOT_ID, is_bot: true, first_name: "H" } } } }, "resident blocked the bot", resident.id)],
      [1, () => make({ my_chat_member: { chat: this.group(r.pick(UNKNOWN_GROUPS)), from, date: now, old_chat_member: { status: "left", user: { id: BOT_ID, is_bot: true, first_name: "H" } }, new_chat_member: { status: "member", user: { id: BOT_ID, is_bot: true, first_name: "H" } } } }, "bot added to an unknown group")],
      [1, () => make({ chat_member: { chat: this.group(r.pick(Object.values(STAFF_GROUPS))), from, date: now, old_chat_member: { status: "left", user: from }, new_chat_member: { status: "member", user: from } } }, "chat member")],
      [2, () => make({ inline_query: { id: String(r.int(1, 1e6)), from, query: cut(hostileText(r), 256), offset: "" } }, "inline query")],
      [1, () => make({ chosen_inline_result: { result_id: "1", from, query: "x" } }, "chosen inline result")],
      [1, () => make({ poll_answer: { poll_id: "p", user: from, option_ids: [0] } }, "poll answer")],
      [1, () => make({ message_reaction: { chat, message_id: r.int(1, 100), user: from, date: now, old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }] } }, "reaction", resident.id)],
      [1, () => make({ chat_join_request: { chat: this.group(r.pick(UNKNOWN_GROUPS)), from, user_chat_id: resident.id, date: now } }, "join request")],
      [1, () => make({ pre_checkout_query: { id: "q", from, currency: "UAH", total_amount: 100, invoice_payload: "x" } }, "pre-checkout query")],
      [1, () => make({}, "an update with nothing in it")],
      [1, () => make({ future_kind_of_update: { chat, from, text: hostileText(r) } }, "an update kind from the future")],
      [2, () => {
        const id = String(this.queryId++);
        this.fake.openQuery(id);
        return make({ callback_query: { id, from, chat_instance: "x", game_short_name: "g", message: { message_id: 1, date: now, chat } } }, "callback without data", resident.id);
      }],
    ])();
  }

  /** One person sending far too much: messages and button presses as fast as a script can. */
  private flood(): FuzzUpdate[] {
    const r = this.random;
    const flooder: Resident = { id: this.flooderId++, firstName: "Flood", languageCode: r.pick(["uk", "en"]) };
    const updates: FuzzUpdate[] = [];
    for (let i = r.int(35, 70); i > 0; i -= 1) {
      const update = r.chance(0.7)
        ? this.messageUpdate(this.privateChat(flooder), this.user(flooder), this.textContent(r.chance(0.5) ? "соціальне таксі" : r.pick(["/start", ...MENU_TEXTS.request, hostileText(r)])), "flood message")
        : this.callback(flooder.id, "private", this.user(flooder), r.pick(["f1:home", "my1:l", "cm1:zhytomyr", "d1:consent:v:yes"]), this.lastMessage(flooder.id)?.messageId, "flood press");
      updates.push({ ...update, flood: true });
    }
    return updates;
  }
}
