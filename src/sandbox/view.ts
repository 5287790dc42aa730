import type { BotMessage, ReplyMarkup } from "./chat.ts";
import { messageToTerminal, stripControl, styled, type TerminalStyle } from "./render.ts";

/**
 * How the sandbox lays out a chat in the terminal: each bot message behind a gutter, its inline
 * buttons numbered under it, the reply keyboard (the menu, "share my number") numbered after them.
 * Pure functions: a message in, lines and the choices they offer out.
 */

/** The sample phone number the "share my contact" button sends in the sandbox. */
export const SAMPLE_PHONE = "+380670000000";
export const SAMPLE_PHONE_SHOWN = "+380 67 000 00 00";

/** What typing a number does. */
export type Choice =
  | { kind: "press"; label: string; message: BotMessage; data: string }
  | { kind: "open"; label: string; url: string }
  /** A reply-keyboard button: Telegram sends its label as a message. */
  | { kind: "text"; label: string }
  /** The "share my phone number" button: sends the sample contact. */
  | { kind: "contact"; label: string };

export interface Block {
  lines: string[];
  choices: Choice[];
}

const number = (n: number, style: TerminalStyle) => styled(`[${n}]`, "bold", style);

/** The gutter in front of a bot message: "bot" (or the message's tag) and a bar. */
function gutter(label: string, style: TerminalStyle): { first: string; rest: string } {
  return { first: `${styled(label, "dim", style)} ┃ `, rest: `${" ".repeat(label.length)} ┃ ` };
}

export interface MessageOptions {
  style: TerminalStyle;
  /** The first number to give this message's buttons. */
  firstNumber: number;
  /** Shown in the gutter instead of "bot", e.g. "#3" where messages can be replied to. */
  label?: string;
  edited?: boolean;
  /** The tag of the message this one replies to. */
  replyTo?: string;
}

export function formatMessage(message: BotMessage, { style, firstNumber, label = "bot", edited, replyTo }: MessageOptions): Block {
  const { first, rest } = gutter(label, style);
  const marks = [edited ? styled("✎ edited:", "dim", style) : "", replyTo ? styled(`↪ ${replyTo}`, "dim", style) : ""].filter(Boolean).join(" ");
  const body = messageToTerminal(message.text, message.parseMode, style).split("\n");
  if (marks) body[0] = `${marks} ${body[0]}`;
  const choices: Choice[] = [];
  for (const row of message.replyMarkup?.inline_keyboard ?? []) {
    const cells: string[] = [];
    for (const button of row) {
      const label = stripControl(button.text);
      if (button.url) {
        choices.push({ kind: "open", label, url: button.url });
        cells.push(`${number(firstNumber + choices.length - 1, style)} ${label} ↗`);
      } else if (button.callback_data !== undefined) {
        choices.push({ kind: "press", label, message, data: button.callback_data });
        cells.push(`${number(firstNumber + choices.length - 1, style)} ${label}`);
      }
    }
    if (cells.length > 0) body.push(`  ${cells.join("   ")}`);
  }
  return { lines: body.map((line, index) => `${index === 0 ? first : rest}${line}`), choices };
}

/** The reply keyboard's buttons, as choices. */
export function keyboardChoices(markup: ReplyMarkup | undefined): Choice[] {
  return (markup?.keyboard ?? []).flat().map((button) => {
    const { text, request_contact } = typeof button === "string" ? { text: button, request_contact: false } : button;
    return request_contact ? { kind: "contact" as const, label: stripControl(text) } : { kind: "text" as const, label: stripControl(text) };
  });
}

/** The reply keyboard as one line of numbered buttons. */
export function formatKeyboard(choices: Choice[], firstNumber: number, style: TerminalStyle): string[] {
  if (choices.length === 0) return [];
  const cells = choices.map((choice, index) => {
    const note = choice.kind === "contact" ? ` ${styled(`(sends a sample contact: ${SAMPLE_PHONE_SHOWN})`, "dim", style)}` : "";
    return `${number(firstNumber + index, style)} ${choice.label}${note}`;
  });
  return [`    ⌨ ${cells.join("  ")}`];
}
