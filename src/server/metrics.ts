import type { MiddlewareFn } from "grammy";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { PrismaClient } from "../db/client.ts";

/**
 * Prometheus metrics (prom-client: the standard Node client, with the text format and process
 * metrics done right). Gauges that describe the database are read when /metrics is scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly updates = new Counter({ name: "hromada_updates_total", help: "Telegram updates handled", labelNames: ["type"], registers: [this.registry] });
  readonly errors = new Counter({ name: "hromada_update_errors_total", help: "Updates whose handling failed", registers: [this.registry] });
  readonly duration = new Histogram({
    name: "hromada_update_duration_seconds",
    help: "Time to handle one update",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Problems an operator must act on (e.g. the general department's group cannot be reached). */
  readonly alerts = new Counter({ name: "hromada_alerts_total", help: "Operator alerts raised", labelNames: ["kind"], registers: [this.registry] });

  constructor(prisma: PrismaClient) {
    collectDefaultMetrics({ register: this.registry, prefix: "hromada_" });
    new Gauge({
      name: "hromada_outbox_backlog",
      help: "Outbox messages waiting to be sent",
      registers: [this.registry],
      async collect() {
        this.set(await prisma.outboxMessage.count({ where: { status: "pending" } }));
      },
    });
    new Gauge({
      name: "hromada_requests",
      help: "Help requests by status",
      labelNames: ["status"],
      registers: [this.registry],
      async collect() {
        this.reset();
        const groups = await prisma.helpRequest.groupBy({ by: ["status"], _count: { _all: true } });
        for (const group of groups) this.set({ status: group.status }, group._count._all);
      },
    });
  }

  /** Counts and times every update; installed first in the bot. */
  middleware(): MiddlewareFn {
    return async (ctx, next) => {
      const type = Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
      this.updates.inc({ type });
      const stop = this.duration.startTimer();
      try {
        await next();
      } catch (error) {
        this.errors.inc();
        throw error;
      } finally {
        stop();
      }
    };
  }
}
