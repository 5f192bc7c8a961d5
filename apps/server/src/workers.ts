/** One kind of background work, run on every tick of the loop. */
export interface BackgroundPass {
  readonly name: string;
  /** Do one bounded batch; `{ more: true }` asks for another batch right away. */
  run(): Promise<unknown>;
}

/** A running background loop. */
export interface BackgroundLoop {
  /** Run a tick now instead of waiting for the interval (after an import, say). */
  kick(): void;
  /** Let the running tick finish, then stop. */
  stop(): Promise<void>;
}

/** Options of {@link startBackgroundLoop}. */
export interface BackgroundLoopOptions {
  /** Pause between ticks (default 2 s). */
  readonly intervalMs?: number;
  /** Where failures and non-empty outcomes go. */
  readonly log: {
    info(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  /** Batches a pass may run back to back in one tick before the others get their turn (default 20). */
  readonly maxBatches?: number;
}

const hasMore = (r: unknown): boolean => typeof r === "object" && r !== null && (r as { more?: unknown }).more === true;

/** Whether an outcome is worth a log line: some count in it is above zero. */
function didSomething(r: unknown): boolean {
  if (typeof r === "number") return r > 0;
  if (typeof r !== "object" || r === null) return false;
  return Object.values(r).some((v) => (typeof v === "number" && v > 0) || (Array.isArray(v) && v.length > 0));
}

/**
 * The server's feed followers and outbox workers (monitoring, notifications, bulletin delivery,
 * webhook and e-mail delivery), run one after another every few seconds. They are polling passes
 * over database tables rather than queue jobs so that changes made by another process — a
 * `bulwark db import` beside a running server, another node — are picked up the same way as
 * this process's own; each pass is safe to run on several nodes at once.
 */
export function startBackgroundLoop(passes: readonly BackgroundPass[], opts: BackgroundLoopOptions): BackgroundLoop {
  const interval = opts.intervalMs ?? 2000;
  const maxBatches = opts.maxBatches ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const tick = async () => {
    for (const pass of passes) {
      for (let batch = 0; batch < maxBatches && !stopped; batch++) {
        let outcome: unknown;
        try {
          outcome = await pass.run();
        } catch (e) {
          // One failing pass (an SMTP server down) must not stop the others.
          opts.log.error({ err: e, pass: pass.name }, "background pass failed");
          break;
        }
        if (didSomething(outcome)) opts.log.info({ pass: pass.name, outcome }, "background pass");
        if (!hasMore(outcome)) break;
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(run, interval);
    timer.unref();
  };
  const run = () => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = tick().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      } else schedule();
    });
  };
  schedule();
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
