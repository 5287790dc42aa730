import type { Draft } from "./render.ts";
import type { StepId } from "./steps.ts";

/**
 * What a request dialogue keeps between two updates, in the chat's session row (`dialogue`): what it
 * was started with, what the resident answered so far, and which question it waits for. Each update
 * reads it, handles the one answer, and writes it back: the cost of an update does not grow with the
 * steps already taken (conversations v2 replayed every step on every update and stored every update
 * and every message it sent).
 */

export interface RequestDialogueArgs {
  locale: string;
  communityId: string;
  serviceId?: string;
  onBehalf?: boolean;
  /** The resident's Telegram first name, offered as a one-tap answer to "what should we call you". */
  firstName?: string;
  /** What the resident already wrote (a story kept by the search): «що потрібно», so only what is missing is asked. */
  story?: string;
  /** The resident's words signalled danger just before (features/danger.ts): the request gets 🆘. */
  danger?: boolean;
}

/** The contact of the resident's last request, offered once at the name step («так, той самий»). */
export interface PreviousContact {
  contactName: string;
  phone?: string;
  contactByBotOnly: boolean;
}

/** Every question the dialogue asks: the steps', and consent, «the same contact?», the summary, «what to change». */
export type QuestionId = StepId | "consent" | "sameContact" | "summary" | "edit";

/**
 * Where the dialogue is: consent; the steps in order (`steps`); the summary; «what to change» (`edit`);
 * a step changed from the summary (`editing`, with the steps still to go in `edits`); the second
 * contact added from the summary (`second`).
 */
export type Phase = "consent" | "steps" | "summary" | "edit" | "editing" | "second";

export interface DialogueState {
  /** The version that stored it (REQUEST_DIALOGUE_VERSION); another is dropped with a kind note (versions.ts). */
  v: number;
  args: RequestDialogueArgs;
  /** The request's idempotency key (requests/drafts.ts finds it in the stored state). */
  submitKey: string;
  draft: Draft;
  /** Steps an earlier answer already took care of («для тата» names the relation, a story the need). */
  answered: StepId[];
  /** When consent was given (ISO), once it was. */
  consentAt?: string;
  previous?: PreviousContact;
  phase: Phase;
  /** The step being answered (phases steps, editing, second). */
  step?: StepId;
  /** The steps still to change after this one (phase editing). */
  edits?: StepId[];
  /** The question the dialogue waits an answer to. */
  question: QuestionId;
  /**
   * A reply keyboard of the dialogue's is on the screen (the phone question's, or a question asked after
   * it with its own keys): the questions are asked with reply keys until a message puts the menu back.
   */
  keys?: true;
  /** Since when it waits (ms): an answer after DIALOGUE_TIMEOUT_MINUTES ends the dialogue kindly. */
  since: number;
}

/** A stored dialogue of this version (anything else is dropped first: versions.ts). */
export function isDialogueState(value: unknown, version: number): value is DialogueState {
  return typeof value === "object" && value !== null && (value as { v?: unknown }).v === version;
}

/** The steps, given what is known so far: changes of mode or of "for whom" change the path. */
export function plan(state: Pick<DialogueState, "args" | "draft" | "answered">): StepId[] {
  const { args, draft, answered } = state;
  const steps: StepId[] = ["mode"];
  if (args.onBehalf === undefined) steps.push("forWhom");
  if (draft.onBehalf) steps.push("subjectName", "relation");
  steps.push("contactName");
  if (!draft.contactByBotOnly || !answered.includes("phone")) steps.push("phone");
  // «Call her, not me»: her number, the one staff will call.
  if (draft.callOther && draft.onBehalf) steps.push("secondContact");
  if (draft.mode === "callback") steps.push("callbackTime");
  else steps.push("address", "details");
  return steps.filter((step) => !answered.includes(step));
}
