DROP INDEX `jobs_ready`;--> statement-breakpoint
CREATE INDEX `jobs_status_run_at` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_locked_until` ON `jobs` (`status`,`locked_until`);