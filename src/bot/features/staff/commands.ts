import { FeatureComposer } from "../../composer.ts";
import { TransitionError } from "../../../requests/lifecycle.ts";
import { RequestNotFoundError, StaleRequestError } from "../../../requests/model.ts";
import type { BotContext } from "../../context.ts";
import { escapeHtml } from "../../render/html.ts";
import { joinParts, pick } from "../../render/text.ts";
import { checkStaff, isStaffOf, requestOfMessage, staffActor, staffT, threadOptions } from "./access.ts";

/**
 * Staff commands in a department's group (issue 18): /help lists them all; /find looks up the
 * department's requests by number, phone or name; /r KEY sends one of the department's saved replies
 * (the catalogue file's `replies:`) to the resident of the request it answers.
 */
export const staffCommandsFeature = new FeatureComposer<BotContext>();
const groups = staffCommandsFeature.chatType(["group", "supergroup"]);

/** Every staff command, in the order /help lists them (README's staff section says the same). */
export const STAFF_COMMANDS = ["help", "find", "r", "note", "overdue", "stats", "export", "id"] as const;

/** The departments of this group the sender is staff of; undefined (and nothing said) when none. */
async function myDepartments(ctx: BotContext): Promise<string[] | undefined> {
  const keys = ctx.deps.inbox.departmentsOfChat(ctx.chat!.id).map((department) => department.key);
  const allowed: string[] = [];
  for (const key of keys) if (await isStaffOf(ctx, ctx.deps.inbox.department(key)!)) allowed.push(key);
  if (keys.length > 0 && allowed.length === 0) await ctx.reply(staffT(ctx)("staff-not-allowed"), threadOptions(ctx));
  return allowed.length > 0 ? allowed : undefined;
}

groups.command("help", async (ctx) => {
  if (ctx.deps.inbox.departmentsOfChat(ctx.chat.id).length === 0) return; // /id and /start answer there
  const t = staffT(ctx);
  await ctx.reply(joinParts([t("staff-help-title"), ...STAFF_COMMANDS.map((command) => t(`staff-help-${command}`)), t("staff-help-buttons")]), {
    parse_mode: "HTML",
    ...threadOptions(ctx),
  });
});

groups.command("find", async (ctx) => {
  const departments = await myDepartments(ctx);
  if (!departments) return;
  const t = staffT(ctx);
  const query = ctx.match.trim();
  if (query.length < 2) return void (await ctx.reply(t("staff-find-usage"), threadOptions(ctx)));
  // Words may name a service («таксі», «доглядальниця») or be part of services' names («догляд»): their requests are found too.
  const word = query.toLocaleLowerCase("uk");
  const inNames = word.length >= 4 ? [...ctx.deps.catalog.services.values()].filter((service) => Object.values(service.name).some((name) => name?.toLocaleLowerCase("uk").includes(word))) : [];
  const named = [
    ...new Set([...ctx.deps.matcher.search(query, 1).filter((result) => result.score >= 0.6).map((result) => result.serviceId), ...inNames.map((service) => service.id)]),
  ];
  const found = await ctx.deps.requests.helpdesk.find(departments, query, 10, named);
  ctx.deps.logger.info({ event: "staff_find", count: found.length }, "staff searched their requests");
  if (found.length === 0) return void (await ctx.reply(t("staff-find-none"), threadOptions(ctx)));
  const locale = ctx.deps.settings.staffLocale;
  const lines = found.map((request) =>
    t("staff-find-line", {
      number: escapeHtml(request.number),
      status: t(`staff-status-${request.status}`),
      service: escapeHtml((request.serviceId ? pick(ctx.deps.catalog.services.get(request.serviceId)?.name, locale) : undefined) ?? "—"),
      name: escapeHtml(request.contactName ?? "—"),
      date: request.createdAt.toLocaleDateString(locale === "en" ? "en-GB" : "uk-UA", { timeZone: "Europe/Kyiv" }),
    }),
  );
  await ctx.reply(joinParts([t("staff-find-title", { count: found.length }), ...lines]), { parse_mode: "HTML", ...threadOptions(ctx) });
});

groups.command("r", async (ctx) => {
  const t = staffT(ctx);
  const answer = (key: string, variables?: Record<string, string | number>, html = false) =>
    ctx.reply(t(key, variables), { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true }, ...threadOptions(ctx), ...(html ? { parse_mode: "HTML" as const } : {}) });
  const departments = await myDepartments(ctx);
  if (!departments) return;
  const key = ctx.match.trim().toLowerCase();
  const found = await requestOfMessage(ctx);
  const departmentKey = found?.request.departmentKey ?? departments[0]!;
  const replies = ctx.deps.inbox.department(departmentKey)?.replies ?? {};
  const text = key ? replies[key] : undefined;
  if (!found || !text) {
    const keys = Object.keys(replies);
    if (keys.length === 0) return void (await answer("staff-replies-none"));
    const list = keys.map((k) => t("staff-replies-line", { key: escapeHtml(k), text: escapeHtml(replies[k]!.slice(0, 60)) })).join("\n");
    return void (await answer(found ? "staff-replies-list" : "staff-replies-usage", { list }, true));
  }
  if ((await checkStaff(ctx, found.request)) !== "ok") return void (await answer("staff-not-allowed"));
  const actor = staffActor(ctx);
  try {
    await ctx.deps.requests.staffMessage(found.request.id, actor.id, text, "answer", actor.name, { chatId: BigInt(ctx.chat.id), messageId: ctx.message.message_id });
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError || error instanceof RequestNotFoundError)) throw error;
    return void (await answer("staff-not-sent-closed", { number: found.request.number }));
  }
  ctx.deps.logger.info({ event: "staff_saved_reply", request: found.request.id }, "staff sent a saved reply");
});

/** /stats' line about «Чи допомогли Вам?»: the share of 👍 for the department and by service. */
export async function feedbackSummary(ctx: BotContext, departments: string[], from: Date, to: Date): Promise<string | undefined> {
  const figures = await ctx.deps.requests.helpdesk.feedbackFigures(departments, from, to);
  if (figures.answered === 0) return undefined;
  const t = staffT(ctx);
  const share = (up: number, answered: number) => Math.round((100 * up) / answered);
  const locale = ctx.deps.settings.staffLocale;
  const services = figures.byService
    .slice(0, 5)
    .map(({ serviceId, answered, up }) =>
      t("staff-stats-feedback-service", {
        service: escapeHtml((serviceId ? pick(ctx.deps.catalog.services.get(serviceId)?.name, locale) : undefined) ?? "—"),
        share: share(up, answered),
        answered,
      }),
    )
    .join(", ");
  return t("staff-stats-feedback", { share: share(figures.up, figures.answered), answered: figures.answered, services });
}
