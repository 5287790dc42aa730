import { Context } from "grammy";

/** Not read yet (undefined is a value the getters can give). */
const UNREAD = Symbol("unread");

/**
 * grammY's Context with `msg`, `chat` and `from` worked out once per update instead of at every read.
 *
 * Why: each is a getter that walks a dozen of the update's possible fields (a button press's `from`
 * passes eight getters before it reaches `callbackQuery`), and the features' filters read them a few
 * dozen times per update: ~2 % of a dialogue update's CPU in a profile (bench/dialogue.ts --profile).
 * Safe because nothing replaces a part of the update while it is handled: storableUpdate
 * (middleware/hostile-input.ts) changes strings inside the same objects, so the message, chat and user
 * found first are the ones found later.
 */
export class FastContext extends Context {
  #msg: Context["msg"] | typeof UNREAD = UNREAD;
  #chat: Context["chat"] | typeof UNREAD = UNREAD;
  #from: Context["from"] | typeof UNREAD = UNREAD;

  override get msg(): Context["msg"] {
    return this.#msg === UNREAD ? (this.#msg = super.msg) : this.#msg;
  }

  override get chat(): Context["chat"] {
    return this.#chat === UNREAD ? (this.#chat = super.chat) : this.#chat;
  }

  override get from(): Context["from"] {
    return this.#from === UNREAD ? (this.#from = super.from) : this.#from;
  }
}
