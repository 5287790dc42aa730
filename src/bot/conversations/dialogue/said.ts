import type { Translate } from "../../context.ts";
import type { DialogueState } from "./state.ts";
import type { CallOther, ForWhom, Said, StepId } from "./steps.ts";

/**
 * «Call her, not me»: the resident is written to only in the bot; the person in need is the one staff
 * phone (the second contact: her number when given, asked otherwise — state.ts's plan).
 */
export function callOther(state: DialogueState, other: CallOther): void {
  const { draft, answered } = state;
  draft.callOther = true;
  draft.contactByBotOnly = true;
  delete draft.phone;
  if (!answered.includes("phone")) answered.push("phone");
  if (other.otherPhone) {
    draft.secondContact = { phone: other.otherPhone, ...(draft.subjectName ? { name: draft.subjectName } : {}) };
    if (!answered.includes("secondContact")) answered.push("secondContact");
  }
}

/**
 * What a resident typed that answers another question than the one asked — «для мами» or «меня зовут
 * Наташа» at «як Вам зручніше?», a number or an address before they were asked — kept in the draft, and
 * that question marked answered so it is not asked again (it can still be changed from the summary).
 * Says whether anything was kept.
 */
export function keepSaid(state: DialogueState, said: Said | undefined, t: Translate): boolean {
  if (!said) return false;
  const { draft } = state;
  const answer = (step: StepId) => {
    if (!state.answered.includes(step)) state.answered.push(step);
  };
  let kept = false;
  if (said.phone) {
    draft.phone = said.phone;
    delete draft.contactByBotOnly;
    answer("phone");
    kept = true;
  }
  if (said.contactName) {
    draft.contactName = said.contactName;
    answer("contactName");
    kept = true;
  }
  if (said.address) {
    draft.address = said.address;
    answer("address");
    kept = true;
  }
  if (said.forWhom && state.args.onBehalf === undefined) {
    draft.onBehalf = said.forWhom.forOther;
    answer("forWhom");
    if (said.forWhom.forOther) keepRelation(state, said.forWhom);
    kept = true;
  }
  return kept;
}

/**
 * «для тата», «мій чоловік Бондар Іван»: the relation (as named) and the name said with it, kept, and
 * their questions marked answered.
 */
export function keepRelation(state: DialogueState, forWhom: ForWhom): void {
  if (!forWhom.relation) return;
  const { draft, answered } = state;
  draft.subjectRelation = forWhom.word ?? forWhom.relation; // a code, shown in each reader's language
  if (!answered.includes("relation")) answered.push("relation");
  if (forWhom.name) {
    draft.subjectName = forWhom.name;
    if (!answered.includes("subjectName")) answered.push("subjectName");
  }
}
