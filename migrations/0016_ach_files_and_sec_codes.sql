CREATE TABLE `ach_file_entries` (
	`tenant_id` text NOT NULL,
	`file_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`trace_number` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `payment_id`)
);
--> statement-breakpoint
CREATE INDEX `ach_file_entries_tenant_file` ON `ach_file_entries` (`tenant_id`,`file_id`);--> statement-breakpoint
CREATE TABLE `ach_files` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`day` text NOT NULL,
	`seq` integer NOT NULL,
	`creation_date` text NOT NULL,
	`creation_time` text NOT NULL,
	`file_id_modifier` text NOT NULL,
	`effective_date` text NOT NULL,
	`entries` integer NOT NULL,
	`batches` integer NOT NULL,
	`total_debits` integer NOT NULL,
	`sha256` text NOT NULL,
	`content_encrypted` text NOT NULL,
	`test_values` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ach_files_tenant_day_seq` ON `ach_files` (`tenant_id`,`day`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `ach_files_tenant_created_modifier` ON `ach_files` (`tenant_id`,`creation_date`,`file_id_modifier`);--> statement-breakpoint
ALTER TABLE `payments` ADD `sec_code` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `authorization` text;