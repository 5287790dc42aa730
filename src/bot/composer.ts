import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from "grammy";

/**
 * grammY's Composer, with its handlers run from a flat list and its filters checked in place.
 *
 * Why: every update walks the whole middleware chain up to the handler that takes it — a resident's
 * search passes ~85 filters (`on`, `hears`, `callbackQuery`, `chatType` …) of the features before it.
 * grammY builds each filter as a branch that, per update, awaits the predicate, constructs a new
 * Composer around the filtered middleware and runs it, and links each `use` by two async functions:
 * ~5 promises and a dozen objects per handler passed, kept alive while the update waits for the Bot
 * API (bench/PROFILE-updates.md, session 7: a third of a search's CPU, most of its garbage). Here a
 * filter that says no costs one call of its predicate (in a loop, not a call of `next`), and passing a
 * handler allocates one closure.
 *
 * Same behaviour otherwise: handlers run in the order they were added, a composer extended after it
 * was used runs its new handlers too, `next` returns a promise (a handler that throws synchronously
 * rejects it), and every other method (`on`, `hears`, `command`, `callbackQuery`, `chatType`, `drop`,
 * `lazy`, `fork`, `errorBoundary` …) is grammY's own, built on the two methods below.
 * Not kept: grammY's check that a handler calls `next` at most once.
 */
export class FeatureComposer<C extends Context> extends Composer<C> {
  private readonly chain: Array<Entry<C>> = [];

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    for (const one of middleware) this.chain.push({ run: functionOf(one) });
  }

  /** Runs the handlers in order; each one's `next` is the rest of the list, then the caller's `next`. */
  private readonly run: MiddlewareFn<C> = (ctx, next) => step(this.chain, 0, ctx, next);

  override middleware(): MiddlewareFn<C> {
    return this.run;
  }

  override use(...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new FeatureComposer<C>(...middleware);
    this.chain.push({ run: composer.run });
    return composer;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Array<Middleware<D>>): Composer<D>;
  override filter(predicate: (ctx: C) => boolean | Promise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C>;
  override filter(predicate: (ctx: C) => boolean | Promise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new FeatureComposer<C>(...middleware);
    this.chain.push({ predicate, run: composer.run });
    return composer;
  }
}

/** A handler of the list, run only when its filter (if any) says yes. */
interface Entry<C extends Context> {
  predicate?: (ctx: C) => boolean | Promise<boolean>;
  run: MiddlewareFn<C>;
}

function functionOf<C extends Context>(middleware: Middleware<C>): MiddlewareFn<C> {
  if (typeof middleware === "function") return middleware;
  if (middleware instanceof FeatureComposer) return middleware.middleware();
  // Another composer may still be extended: asked for its middleware at each update, as grammY does.
  return (ctx, next) => middleware.middleware()(ctx, next);
}

/**
 * Runs the list from `index`: filters that say no are passed over in this loop (no `next` closure, no
 * promise, no deeper stack: a search passes ~80 of them), the first handler that takes the update gets
 * the rest of the list as its `next`.
 */
function step<C extends Context>(chain: ReadonlyArray<Entry<C>>, index: number, ctx: C, next: NextFunction): Promise<unknown> | unknown {
  for (; index < chain.length; index++) {
    const { predicate, run } = chain[index]!;
    const from = index + 1;
    if (predicate) {
      const passes = predicate(ctx);
      if (passes === false) continue;
      if (passes !== true) return Promise.resolve(passes).then((yes) => (yes ? run(ctx, () => settled(chain, from, ctx, next)) : settled(chain, from, ctx, next)));
    }
    return run(ctx, () => settled(chain, from, ctx, next));
  }
  return next();
}

/** The rest of the chain as a promise, whatever its first handler returns or throws. */
function settled<C extends Context>(chain: ReadonlyArray<Entry<C>>, index: number, ctx: C, next: NextFunction): Promise<void> {
  try {
    return Promise.resolve(step(chain, index, ctx, next)) as Promise<void>;
  } catch (error) {
    return Promise.reject(error);
  }
}
