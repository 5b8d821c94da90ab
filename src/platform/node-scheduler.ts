import { cronMatches, parseCron } from '../lib/cron';
import { runScheduled, scheduledTasks, type TaskDeps } from '../tasks/schedule';

/**
 * The Node host's stand-in for Cron Triggers: wakes at each UTC minute and runs the tasks whose
 * cron matches, through the same runScheduled() the Worker's scheduled() calls.
 */
export function startNodeScheduler(deps: TaskDeps, tasks = scheduledTasks): () => void {
  const crons = [...new Set(tasks.map((t) => t.cron))].map((cron) => ({ cron, spec: parseCron(cron) }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    const now = deps.clock.now().getTime();
    timer = setTimeout(tick, 60_000 - (now % 60_000) + 50);
    timer.unref?.();
  };
  const tick = () => {
    const at = deps.clock.now();
    for (const { cron, spec } of crons) {
      if (cronMatches(spec, at)) runScheduled(cron, deps, tasks).catch((err) => deps.logger.error('scheduled run failed', { cron, err }));
    }
    schedule();
  };
  schedule();
  return () => clearTimeout(timer);
}
