import { cronMatches, parseCron } from '../lib/cron';
import { settlesWithin } from '../lib/settles-within';
import { runScheduled, scheduledTasks, type TaskDeps } from '../tasks/schedule';

/**
 * The Node host's stand-in for Cron Triggers: wakes at each UTC minute and runs the tasks whose
 * cron matches, through the same runScheduled() the Worker's scheduled() calls.
 * Returns stop(): no further run starts, and it resolves once the runs under way have ended
 * (or graceMs has passed), so the host closes the database only after them.
 */
export function startNodeScheduler(deps: TaskDeps, tasks = scheduledTasks): (graceMs?: number) => Promise<void> {
  const crons = [...new Set(tasks.map((t) => t.cron))].map((cron) => ({ cron, spec: parseCron(cron) }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const schedule = () => {
    const now = deps.clock.now().getTime();
    timer = setTimeout(tick, 60_000 - (now % 60_000) + 50);
    timer.unref?.();
  };
  const tick = () => {
    if (stopped) return;
    const at = deps.clock.now();
    for (const { cron, spec } of crons) {
      if (!cronMatches(spec, at)) continue;
      const run = runScheduled(cron, deps, tasks)
        .catch((err) => deps.logger.error('scheduled run failed', { cron, err }))
        .finally(() => running.delete(run));
      running.add(run);
    }
    schedule();
  };
  schedule();
  return async (graceMs = Infinity) => {
    stopped = true;
    clearTimeout(timer);
    if (running.size === 0) return;
    if (!(await settlesWithin(Promise.all(running), graceMs))) deps.logger.warn('stopped while a scheduled run was still going', { runs: running.size });
  };
}
