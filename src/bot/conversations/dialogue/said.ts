import type { Translate } from "../../context.ts";
import type { DialogueState } from "./state.ts";
import type { CallOther, Said, StepId } from "./steps.ts";

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
    if (said.forWhom.forOther && said.forWhom.relation) {
      draft.subjectRelation = said.forWhom.word ?? said.forWhom.relation;
      answer("relation");
      if (said.forWhom.name) {
        draft.subjectName = said.forWhom.name;
        answer("subjectName");
      }
    }
    kept = true;
  }
  return kept;
}
