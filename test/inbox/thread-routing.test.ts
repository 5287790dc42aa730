import { describe, expect, it } from "vitest";
import { loadThreadWords, looksLikeFollowUp, routeFreeText, yesOrNo, type ThreadCandidate } from "../../src/inbox/thread-routing.ts";

/** A matcher sure of «соціальне таксі», «таксі», «home care», «субсидія», «супровід»; nothing else. */
const SERVICES = [/таксі/i, /home care/i, /субсид/i, /супровід|не дійду/i];
const matcher = { search: (text: string) => (SERVICES.some((re) => re.test(text)) ? [{ score: 0.95 }] : []) } as never;

const now = new Date("2026-11-30T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const open = (id: number, lastStaffHoursAgo?: number): ThreadCandidate => ({
  id,
  number: `ЖТ-2026-0000${id}`,
  serviceId: null,
  open: true,
  closedAt: null,
  lastStaffAt: lastStaffHoursAgo === undefined ? null : hoursAgo(lastStaffHoursAgo),
  createdAt: hoursAgo(100 - id),
});
const closed = (id: number, closedHoursAgo: number): ThreadCandidate => ({ ...open(id), open: false, closedAt: hoursAgo(closedHoursAgo), lastStaffAt: hoursAgo(closedHoursAgo) });
const route = (text: string, candidates: ThreadCandidate[], smallTalk = false) => routeFreeText({ text, candidates, now, smallTalk }, matcher);

describe("where a resident's typed text goes while a request is open", () => {
  it("after a staff message in the last 48 hours, the tester's follow-ups go to that request", () => {
    for (const text of [
      "дякую! а можна трохи пізніше, о 9:30? мама довго збирається",
      "а де взяти довідку про доходи? я погано бачу, сама не дійду",
      "ой забула написати адресу: вулиця Небесної Сотні 12 квартира 40",
      "і ще мій номер домашній 0412 42 42 42",
      "дякую",
    ]) {
      expect(route(text, [open(1, 0.1)]), text).toEqual({ to: "request", requestId: 1, closed: false });
    }
  });

  it("the latest staff message decides between two requests; a bare service name is still a search", () => {
    expect(route("а коли саме?", [open(1, 5), open(2, 1)])).toEqual({ to: "request", requestId: 2, closed: false });
    expect(route("соціальне таксі", [open(1, 0.1)])).toEqual({ to: "search" });
    expect(route("home care", [open(1, 0.1)])).toEqual({ to: "search" });
  });

  it("without a recent staff message: a follow-up or a text naming no service is asked about, a service is searched", () => {
    expect(route("ой забула написати адресу: вулиця Небесної Сотні 12 квартира 40", [open(1)])).toEqual({ to: "ask", requestIds: [1] });
    expect(route("і ще мій номер домашній 0412 42 42 42", [open(1, 72)])).toEqual({ to: "ask", requestIds: [1] });
    expect(route("мені потрібна субсидія на комуналку, бо пенсія мала", [open(1)])).toEqual({ to: "search" });
    // Newest request first.
    expect(route("і ще мій номер 0412 42 42 42", [open(1), open(2)])).toEqual({ to: "ask", requestIds: [2, 1] });
    // Small talk alone goes on to small talk.
    expect(route("привіт", [open(1)], true)).toEqual({ to: "search" });
  });

  it("a request staff closed in the last 48 hours hears «ні, машина так і не приїхала»; an older one does not", () => {
    expect(route("ні, машина так і не приїхала", [closed(3, 1)])).toEqual({ to: "request", requestId: 3, closed: true });
    expect(route("ні, машина так і не приїхала", [closed(3, 60)])).toEqual({ to: "search" });
    // Naming a service after a close, not as an answer: asked, not sent.
    expect(route("потрібне соціальне таксі в четвер до поліклініки", [closed(3, 1)])).toEqual({ to: "ask", requestIds: [3] });
    // An open request with a fresher staff message wins over a closed one.
    expect(route("ні, не приїхала", [closed(3, 5), open(4, 1)])).toEqual({ to: "request", requestId: 4, closed: false });
  });

  it("a photo or a voice message goes where a follow-up would, never to the search", () => {
    const voice = (candidates: ThreadCandidate[]) => routeFreeText({ text: "", attachment: true, candidates, now }, matcher);
    expect(voice([open(1, 2)])).toEqual({ to: "request", requestId: 1, closed: false });
    expect(voice([open(1)])).toEqual({ to: "ask", requestIds: [1] });
    expect(voice([closed(3, 1)])).toEqual({ to: "request", requestId: 3, closed: true });
    expect(routeFreeText({ text: "соціальне таксі", attachment: true, candidates: [open(1, 2)], now }, matcher)).toEqual({ to: "request", requestId: 1, closed: false });
  });

  it("a follow-up that names another service than the open request's is a need of its own: searched (session 13's trial)", () => {
    const withIds = { search: (text: string) => (/візок/.test(text) ? [{ score: 0.9, serviceId: "assistive-devices" }] : /доглядальниц/.test(text) ? [{ score: 0.9, serviceId: "home-care" }] : []) } as never;
    const homeCare = { ...open(1), serviceId: "home-care" };
    const routeWith = (text: string) => routeFreeText({ text, candidates: [homeCare], now }, withIds);
    expect(routeWith("а ще де взяти інвалідний візок?")).toEqual({ to: "search" });
    // The open request's own service, or none named: still asked about.
    expect(routeWith("і ще про доглядальницю: краще зранку")).toEqual({ to: "ask", requestIds: [1] });
    expect(routeWith("ой забула написати адресу: вулиця Небесної Сотні 12")).toEqual({ to: "ask", requestIds: [1] });
  });

  it("with nothing open, everything is a search", () => {
    expect(route("ой забула адресу", [])).toEqual({ to: "search" });
  });
});

describe("thread words (data/inbox/thread-words.yaml)", () => {
  const words = loadThreadWords();
  it("reads follow-up openers and typed yes / no", () => {
    expect(looksLikeFollowUp("Ой, забула написати адресу", words)).toBe(true);
    expect(looksLikeFollowUp("і ще мій номер", words)).toBe(true);
    expect(looksLikeFollowUp("соціальне таксі", words)).toBe(false);
    expect(yesOrNo("Так", words)).toBe("yes");
    expect(yesOrNo("так, додайте", words)).toBe("yes");
    expect(yesOrNo("ні", words)).toBe("no");
    expect(yesOrNo("Ні, це пошук", words)).toBe("no");
    expect(yesOrNo("ні, машина так і не приїхала", words)).toBeUndefined();
    expect(yesOrNo("щось інше", words)).toBeUndefined();
  });
});
