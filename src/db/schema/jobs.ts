import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns';

export const jobStatuses = ['pending', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * The durable queue of the Node host, and the dead-letter record of both hosts
 * (the Worker writes dead messages here too, so one place shows what failed).
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    queue: text('queue').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: jobStatuses }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    runAt: instant('run_at').notNull(),
    lockedUntil: instant('locked_until'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('jobs_status_run_at').on(t.status, t.runAt),
    index('jobs_status_locked_until').on(t.status, t.lockedUntil),
    index('jobs_status_updated').on(t.status, t.updatedAt),
  ],
);

export type Job = typeof jobs.$inferSelect;
