import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { clearLine, createInterface, cursorTo, type Interface } from "node:readline";
import pino from "pino";
import { createApp, type App } from "../app.ts";
import { DEFAULT_CATALOG_DIR } from "../catalog/load.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { SANDBOX_STAFF, writeSandboxCatalog, type SandboxGroup } from "./catalog.ts";
import { hasFreshCopy, openFreshDatabase } from "./fresh-database.ts";
import { SandboxTelegram, sandboxBotInfo, type BotMessage, type Chat, type ChatEvent, type Person, type ReplyMarkup } from "./chat.ts";
import { stripControl, styled, type TerminalStyle } from "./render.ts";
import { formatKeyboard, formatMessage, keyboardChoices, SAMPLE_PHONE, SAMPLE_PHONE_SHOWN, type Choice } from "./view.ts";

/**
 * The sandbox: the real bot (createApp) against a local Bot API emulator, with a chat in the
 * terminal. You are a resident; /staff shows a department's staff group, /resident comes back.
 * Works from a keyboard and from a script piped into stdin (one line per message or choice; it
 * waits for the bot's answer before the next line, and exits at the end of the input).
 *
 * The sandbox's own words (banner, hints, commands) are English, in code: like the CLI, they speak
 * to whoever tries the software, not to residents or staff. Everything the bot says comes from the
 * bot, in the resident's or the staff's language.
 */

/** A made-up token: the emulator accepts any; its number is the bot's user id. */
const SANDBOX_TOKEN = "1000001:sandbox";
const RESIDENTS: Record<string, Person> = {
  uk: { id: 100_001, firstName: "Оля", languageCode: "uk" },
  en: { id: 100_001, firstName: "Olia", languageCode: "en" },
};

export interface SandboxOptions {
  /** The environment (DEFAULT_LOCALE, LOG_LEVEL, CATALOG_DIR … are honoured; the database and Telegram are the sandbox's own). */
  env: Record<string, string | undefined>;
  /** The sandbox folder (database, catalogue copy, log); default SANDBOX_DIR or ./data/sandbox. */
  dir?: string;
  /** The resident's Telegram language (uk or en). */
  language?: string;
  /** Said first, e.g. why the sandbox started instead of the bot. */
  reason?: string;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream & { isTTY?: boolean };
}

interface View {
  kind: "resident" | "staff";
  chat: Chat;
  person: Person;
  group?: SandboxGroup;
  /** Bot messages of this chat with their short tags (#1, #2 …), by message id. */
  messages: Map<number, { message: BotMessage; tag: string }>;
  /** Events not shown yet (they happened while another view was open). */
  unseen: ChatEvent[];
  keyboard?: ReplyMarkup;
  /** What typing a number does now (the buttons of the last answer shown). */
  choices: Choice[];
  /** A prompt that asked for a reply (force_reply): the next text answers it, as in Telegram. */
  replyTarget?: BotMessage;
  lastEventAt: number;
  lastVisitedAt: number;
}

const displayPath = (target: string) => {
  const relative = path.relative(process.cwd(), target);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : target;
};

const pickName = (name: Record<string, string>, locale: string) => name[locale] ?? name.uk ?? Object.values(name)[0] ?? "";

function banner(dir: string, log: string, resident: Person, style: TerminalStyle, reason?: string): string[] {
  return [
    ...(reason ? [styled(reason, "bold", style)] : []),
    `${styled("Hromada Help · sandbox", "bold", style)} — the real bot, without Telegram`,
    "  Nothing goes to Telegram: the bot talks to a Bot API emulator on this computer.",
    `  Data: ${displayPath(dir)} (a fresh database and a copy of the catalogue at each start)`,
    `  Logs: ${displayPath(log)}`,
    "  To run it for real: create a bot with @BotFather in Telegram, put its token in .env",
    "  (BOT_TOKEN=123456789:AA…), then: npm start",
    "",
    `You are ${resident.firstName}, a resident. Type a message, or a button's number to press it.`,
    "/staff — the department's staff group · /resident — back here · /help — all commands · /quit — stop",
  ];
}

const SANDBOX_HELP = [
  "Sandbox commands (the bot never sees these):",
  "  1, 2, 3 …      press the button with that number (from the bot's last answer)",
  "  /staff         open the staff group of the department with news (you are its staff member)",
  "  /staff list    list every staff group;  /staff N  opens group N",
  "  /resident      back to the resident's chat",
  "  /reply N text  answer message #N in a staff group (staff answer cards and prompts by replying)",
  "  /show [N]      show message #N (or the last one with buttons) again, with its buttons",
  "  \\text          send text as it is (\\5 sends the text 5 instead of pressing button 5)",
  "  /quit          stop the sandbox (Ctrl+D works too)",
];

class Sandbox {
  private readonly resident: View;
  private readonly staff: View[];
  private current: View;
  private rl?: Interface;
  private busy = false;

  constructor(
    private readonly telegram: SandboxTelegram,
    private readonly app: App,
    private readonly style: TerminalStyle,
    private readonly out: NodeJS.WritableStream,
    private readonly interactive: boolean,
    residentPerson: Person,
    groups: SandboxGroup[],
    private readonly staffLocale: string,
  ) {
    const view = (kind: View["kind"], chat: Chat, person: Person, group?: SandboxGroup): View => ({
      kind,
      chat,
      person,
      ...(group ? { group } : {}),
      messages: new Map(),
      unseen: [],
      choices: [],
      lastEventAt: 0,
      lastVisitedAt: 0,
    });
    this.resident = view("resident", { id: residentPerson.id, type: "private" }, residentPerson);
    const staffPerson: Person = { id: SANDBOX_STAFF.id, firstName: SANDBOX_STAFF.firstName, languageCode: staffLocale };
    this.staff = groups.map((group) => view("staff", { id: group.chatId, type: "group", title: this.groupName(group) }, staffPerson, group));
    this.current = this.resident;
  }

  // ── Output ──────────────────────────────────────────────────────────────────────────────────

  private print(lines: string[]): void {
    if (lines.length === 0) return;
    const redraw = this.interactive && this.rl && !this.busy;
    if (redraw) {
      clearLine(this.out, 0);
      cursorTo(this.out, 0);
    }
    this.out.write(`${lines.join("\n")}\n`);
    if (redraw) this.rl!.prompt(true);
  }

  private groupName(group: SandboxGroup): string {
    return pickName(group.name, this.staffLocale);
  }

  private communityName(group: SandboxGroup): string {
    const name = this.app.catalog.communities.get(group.communityId)?.name;
    return name ? pickName(name as Record<string, string>, this.staffLocale) : group.communityId;
  }

  private header(view: View): string {
    const text =
      view.kind === "resident"
        ? `Your chat with the bot · you are ${view.person.firstName}, a resident`
        : `Staff group «${this.groupName(view.group!)}» (${this.communityName(view.group!)}, chat ${view.chat.id}) · you are ${view.person.firstName}, its staff member`;
    return styled(`━━ ${text} ━━`, "bold", this.style);
  }

  prompt(): string {
    const view = this.current;
    if (view.kind === "resident") return "you › ";
    const target = view.replyTarget && view.messages.get(view.replyTarget.messageId)?.tag;
    return `${view.person.firstName}${target ? ` ↩ ${target}` : ""} › `;
  }

  private viewOf(chatId: number): View | undefined {
    return chatId === this.resident.chat.id ? this.resident : this.staff.find((view) => view.chat.id === chatId);
  }

  private tagOf(view: View, messageId: number): string | undefined {
    return view.messages.get(messageId)?.tag;
  }

  /** Lines for a batch of events in one view; the view's choices become the batch's buttons. */
  private render(view: View, events: ChatEvent[], reshow = false): string[] {
    const lines: string[] = [];
    const choices: Choice[] = [];
    let shownMessages = 0;
    for (const event of events) {
      if (event.kind === "popup") {
        lines.push(`    ${event.alert ? "⚠" : "💬"} ${styled(event.alert ? "pop-up (alert):" : "pop-up:", "dim", this.style)} ${stripControl(event.text)}`);
        continue;
      }
      if (event.kind === "deleted") {
        const tag = this.tagOf(view, event.messageId);
        lines.push(styled(`    (the bot deleted ${tag ? `message ${tag}` : "a message"})`, "dim", this.style));
        continue;
      }
      const { message } = event;
      const known = view.messages.get(message.messageId);
      const replyTo = view.kind === "staff" && message.replyToMessageId !== undefined ? (this.tagOf(view, message.replyToMessageId) ?? "your message") : undefined;
      const block = formatMessage(message, {
        style: this.style,
        firstNumber: choices.length + 1,
        label: view.kind === "staff" ? (known?.tag ?? "bot") : "bot",
        edited: event.kind === "edited" && !reshow,
        ...(replyTo ? { replyTo } : {}),
      });
      lines.push(...block.lines);
      choices.push(...block.choices);
      shownMessages += 1;
      if (view.kind === "staff" && message.replyMarkup?.force_reply && event.kind === "new" && !reshow) {
        view.replyTarget = message;
        lines.push(styled(`    ↩ Your next message answers ${known?.tag ?? "it"} (in Telegram, a reply to this prompt opens by itself).`, "dim", this.style));
      }
    }
    if (shownMessages > 0) {
      const keys = keyboardChoices(view.keyboard);
      lines.push(...formatKeyboard(keys, choices.length + 1, this.style));
      view.choices = [...choices, ...keys];
    }
    return lines;
  }

  /** Takes what the bot did from the emulator, files it by chat, shows the open chat's part and notes the rest. */
  flush(): void {
    const events = this.telegram.changes();
    if (events.length === 0) return;
    const touched = new Set<View>();
    for (const event of events) {
      const view = this.viewOf("message" in event ? event.message.chatId : event.chatId);
      if (!view) continue;
      if (event.kind === "new" || event.kind === "edited") {
        const { message } = event;
        const known = view.messages.get(message.messageId);
        view.messages.set(message.messageId, { message, tag: known?.tag ?? `#${view.messages.size + 1}` });
        const markup = message.replyMarkup;
        if (event.kind === "new" && markup?.keyboard) view.keyboard = markup;
        if (event.kind === "new" && markup?.remove_keyboard) delete view.keyboard;
      }
      if (event.kind === "deleted" && view.replyTarget?.messageId === event.messageId) delete view.replyTarget;
      view.unseen.push(event);
      view.lastEventAt = Date.now();
      touched.add(view);
    }
    const lines: string[] = [];
    if (touched.has(this.current)) {
      lines.push(...this.render(this.current, this.current.unseen));
      this.current.unseen = [];
    }
    for (const view of touched) {
      if (view === this.current) continue;
      const added = view.unseen.filter((event) => event.kind === "new").length;
      const edited = view.unseen.filter((event) => event.kind === "edited").length;
      if (added + edited === 0) continue;
      const what = [added && `${added} new message${added === 1 ? "" : "s"}`, edited && `${edited} edited`].filter(Boolean).join(", ");
      const where = view.kind === "resident" ? "the resident's chat (/resident)" : `the staff group «${this.groupName(view.group!)}» (${this.staffCommand(view)})`;
      lines.push(styled(`    🔔 ${what} in ${where}`, "dim", this.style));
    }
    this.print(lines);
  }

  private staffCommand(view: View): string {
    return this.pickStaffView() === view ? "/staff" : `/staff ${this.staff.indexOf(view) + 1}`;
  }

  /** The staff group /staff opens: the one with news, else the one visited last, else the one the bot wrote to last. */
  private pickStaffView(): View | undefined {
    const latest = (views: View[], key: "lastEventAt" | "lastVisitedAt") =>
      views.filter((view) => view[key] > 0).sort((a, b) => b[key] - a[key])[0];
    return (
      latest(this.staff.filter((view) => view.unseen.length > 0), "lastEventAt") ??
      latest(this.staff, "lastVisitedAt") ??
      latest(this.staff, "lastEventAt")
    );
  }

  private switchTo(view: View): void {
    this.current = view;
    view.lastVisitedAt = Date.now();
    const lines = [this.header(view)];
    if (view.unseen.length > 0) {
      lines.push(...this.render(view, view.unseen));
      view.unseen = [];
    } else {
      const last = [...view.messages.values()].at(-1);
      if (last) {
        lines.push(styled("    (nothing new; the last message:)", "dim", this.style), ...this.render(view, [{ kind: "new", message: last.message }], true));
      } else {
        lines.push(
          styled(
            view.kind === "staff" ? "    (no messages yet: a resident's request arrives here as a card)" : "    (no messages yet)",
            "dim",
            this.style,
          ),
        );
        view.choices = [];
      }
    }
    this.print(lines);
  }

  // ── Input ───────────────────────────────────────────────────────────────────────────────────

  private async settle(): Promise<void> {
    const prisma = this.app.db.prisma;
    const done = await this.telegram.settle({
      busy: async () => (await prisma.outboxMessage.count({ where: { status: "pending", availableAt: { lte: new Date() } } })) > 0,
    });
    if (!done) this.print([styled("    (the bot is still busy; its answer will show when it comes)", "dim", this.style)]);
    this.flush();
  }

  private async sendText(text: string, replyTo?: BotMessage): Promise<void> {
    const view = this.current;
    await this.telegram.sendText(view.chat, view.person, text, replyTo);
    if (replyTo && view.replyTarget?.messageId === replyTo.messageId) delete view.replyTarget;
    await this.settleAndHint(view, Boolean(replyTo));
  }

  /** In a staff group the bot ignores what is not for it: when it stays silent, say why. */
  private async settleAndHint(view: View, isReply: boolean): Promise<void> {
    const before = view.messages.size;
    await this.settle();
    if (view.kind !== "staff" || view.messages.size !== before) return;
    const hint = isReply
      ? "(no answer: the bot acts on replies to a request's card, to its prompts and to the resident's messages)"
      : "(the bot reads only replies to its messages in a group: answer with /reply N text)";
    this.print([styled(`    ${hint}`, "dim", this.style)]);
  }

  private async choose(choice: Choice): Promise<void> {
    const view = this.current;
    switch (choice.kind) {
      case "press":
        this.print([styled(`    ▸ pressed «${choice.label}»`, "dim", this.style)]);
        await this.telegram.press(view.chat, view.person, choice.message, choice.data);
        await this.settle();
        return;
      case "open":
        this.print([styled(`    ↗ in Telegram this opens ${choice.url}`, "dim", this.style)]);
        return;
      case "contact":
        this.print([styled(`    ▸ shared a sample contact: ${SAMPLE_PHONE_SHOWN} (a made-up number)`, "dim", this.style)]);
        if (view.keyboard?.one_time_keyboard) delete view.keyboard;
        await this.telegram.sendContact(view.chat, view.person, SAMPLE_PHONE);
        await this.settle();
        return;
      case "text":
        this.print([styled(`    ▸ «${choice.label}»`, "dim", this.style)]);
        if (view.keyboard?.one_time_keyboard) delete view.keyboard;
        await this.sendText(choice.label);
        return;
    }
  }

  private findTagged(view: View, tag: string): BotMessage | undefined {
    const wanted = tag.startsWith("#") ? tag : `#${tag}`;
    return [...view.messages.values()].find((entry) => entry.tag === wanted)?.message;
  }

  private async staffCommandLine(argument: string): Promise<void> {
    if (argument === "list") {
      this.print([
        "Staff groups in the sandbox (their chat ids are in the sandbox's copy of the catalogue):",
        ...this.staff.map((view, index) => {
          const news = view.unseen.filter((event) => event.kind === "new").length;
          return `  ${String(index + 1).padStart(2)}  ${this.communityName(view.group!)} · ${this.groupName(view.group!)} (chat ${view.chat.id})${news ? ` — ${news} new` : ""}`;
        }),
      ]);
      return;
    }
    if (argument) {
      const view = this.staff[Number(argument) - 1];
      if (!/^\d+$/.test(argument) || !view) {
        this.print([`No staff group ${argument}: /staff list shows them (1–${this.staff.length}).`]);
        return;
      }
      this.switchTo(view);
      return;
    }
    const view = this.pickStaffView();
    if (view) {
      this.switchTo(view);
      return;
    }
    this.print(["No request has reached a staff group yet: send one as the resident first, or open a group with /staff N."]);
    await this.staffCommandLine("list");
  }

  private show(argument: string): void {
    const view = this.current;
    const entries = [...view.messages.values()];
    const entry = argument
      ? entries.find((candidate) => candidate.tag === (argument.startsWith("#") ? argument : `#${argument}`))
      : entries.reverse().find((candidate) => candidate.message.replyMarkup?.inline_keyboard?.length);
    if (!entry) {
      this.print([argument ? `No message ${argument} in this chat.` : "No message with buttons in this chat."]);
      return;
    }
    this.print(this.render(view, [{ kind: "new", message: entry.message }], true));
  }

  /** One line of input; false to stop. */
  async handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text) return true;
    if (!this.interactive) this.print([`${styled(this.prompt(), "bold", this.style)}${text}`]);
    if (text.startsWith("\\")) {
      await this.typed(text.slice(1));
      return true;
    }
    const [command = "", ...rest] = text.split(/\s+/);
    const argument = rest.join(" ");
    switch (command.toLowerCase()) {
      case "/quit":
      case "/exit":
        return false;
      case "/staff":
        await this.staffCommandLine(argument);
        return true;
      case "/resident":
        this.switchTo(this.resident);
        return true;
      case "/show":
        this.show(argument);
        return true;
      case "/reply": {
        const [tag = "", ...words] = rest;
        const target = this.findTagged(this.current, tag);
        if (!target || words.length === 0) {
          this.print([target ? "Write the answer after the number: /reply 3 Добрий день!" : `No message ${tag || "N"} here: /reply N text answers message #N of this chat.`]);
          return true;
        }
        await this.sendText(words.join(" "), target);
        return true;
      }
      case "/help":
        if (this.current.kind === "resident") await this.sendText("/help");
        this.print(SANDBOX_HELP);
        return true;
    }
    const choices = this.current.choices;
    if (/^\d{1,3}$/.test(text) && choices.length > 0) {
      const choice = choices[Number(text) - 1];
      if (!choice) {
        this.print([`No button [${text}] now: the last answer's buttons are 1–${choices.length} (\\${text} sends the text).`]);
        return true;
      }
      await this.choose(choice);
      return true;
    }
    await this.typed(text);
    return true;
  }

  /** Text the person typed: in a staff group it answers the open prompt, as Telegram's reply does. */
  private async typed(text: string): Promise<void> {
    await this.sendText(text, this.current.kind === "staff" ? this.current.replyTarget : undefined);
  }

  /** Opens the resident's chat and presses START, as a new user in Telegram does. */
  async begin(): Promise<void> {
    this.print(["", this.header(this.resident), `${styled(this.prompt(), "bold", this.style)}/start`]);
    await this.sendText("/start");
  }

  /** Reads lines until the input ends or /quit. */
  async loop(input: NodeJS.ReadableStream): Promise<void> {
    const rl = createInterface({ input, ...(this.interactive ? { output: this.out, terminal: true } : { terminal: false }), crlfDelay: Infinity });
    this.rl = rl;
    const stop = () => rl.close();
    rl.on("SIGINT", stop);
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    // Messages the bot sends on its own (reminders, late answers) show up while you type.
    const watcher = this.interactive ? setInterval(() => !this.busy && this.flush(), 500) : undefined;
    try {
      if (this.interactive) {
        rl.setPrompt(this.prompt());
        rl.prompt();
      }
      for await (const line of rl) {
        this.busy = true;
        let go = true;
        try {
          go = await this.handle(line);
        } catch (error) {
          this.print([`(sandbox error: ${error instanceof Error ? error.message : String(error)})`]);
        } finally {
          this.busy = false;
        }
        if (!go) break;
        if (this.interactive) {
          rl.setPrompt(this.prompt());
          rl.prompt();
        }
      }
    } finally {
      if (watcher) clearInterval(watcher);
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      this.busy = true;
      rl.close();
    }
    await this.settle();
  }
}

/** Runs the sandbox until the input ends or /quit; returns the exit code. */
export async function runSandbox(options: SandboxOptions): Promise<number> {
  const { env } = options;
  const input = options.input ?? process.stdin;
  const out = options.output ?? process.stdout;
  const interactive = Boolean(input.isTTY && out.isTTY);
  const style: TerminalStyle = { color: Boolean(out.isTTY) && !env.NO_COLOR };
  const write = (lines: string[]) => out.write(`${lines.join("\n")}\n`);

  const dir = path.resolve(options.dir ?? loadConfig(env).sandboxDir);
  const logFile = path.join(dir, "sandbox.log");
  const language = options.language === "en" ? "en" : "uk";
  const resident = RESIDENTS[language]!;
  write(banner(dir, logFile, resident, style, options.reason));

  // A fresh start each time: the emulator forgets everything when it stops, so the database must too.
  mkdirSync(dir, { recursive: true });
  for (const entry of ["db", "catalog", "files"]) rmSync(path.join(dir, entry), { recursive: true, force: true });
  writeFileSync(logFile, "");
  const destination = pino.destination({ dest: logFile, sync: true });
  const groups = writeSandboxCatalog(env.CATALOG_DIR || DEFAULT_CATALOG_DIR, path.join(dir, "catalog"));
  const starting = hasFreshCopy(dir, path.join(dir, "catalog"))
    ? "Starting the bot (a fresh database, a few seconds)…"
    : "Starting the bot. The first start builds its fresh database (up to half a minute); later starts take a few seconds…";
  write([styled(starting, "dim", style)]);
  const telegram = await SandboxTelegram.start(SANDBOX_TOKEN);
  let app: App | undefined;
  let polling: Promise<void> | undefined;
  try {
    const config = loadConfig({
      ...env,
      BOT_TOKEN: SANDBOX_TOKEN,
      BOT_MODE: "polling",
      DATABASE_URL: path.join(dir, "db"),
      CATALOG_DIR: path.join(dir, "catalog"),
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    const logger = createLogger(config.logLevel, destination);
    const fresh = await openFreshDatabase(dir, config.databaseUrl, config.catalogDir, logger);
    logger.info({ event: "sandbox_database", origin: fresh.origin }, "a fresh database");
    app = await createApp(config, logger, {
      opening: Promise.resolve(fresh.db),
      botInfo: sandboxBotInfo(Number(SANDBOX_TOKEN.split(":")[0])),
      // No Telegram limits to respect here: deliver at once, so each answer shows right after its question.
      relay: { groupIntervalMs: 0, pollIntervalMs: 200 },
    });
    telegram.attach(app.bot, {
      saveFile: (name, bytes) => {
        const file = path.join(dir, "files", path.basename(name));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, bytes);
        return displayPath(file);
      },
    });
    await fresh.keep();
    app.startBackground();
    polling = app.bot.start({ drop_pending_updates: false }).catch((error: unknown) => {
      logger.error({ event: "sandbox_polling_failed", err: error }, "polling stopped");
    });
    const sandbox = new Sandbox(telegram, app, style, out, interactive, resident, groups, config.defaultLocale);
    await sandbox.begin();
    await sandbox.loop(input);
    write(["", styled(`Sandbox stopped. The database and the log stay in ${displayPath(dir)} until the next start.`, "dim", style)]);
    return 0;
  } finally {
    await app?.stop();
    await polling;
    await telegram.stop();
    destination.flushSync();
  }
}
