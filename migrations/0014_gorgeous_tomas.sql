CREATE TABLE `dev_outbox` (
	`tenant_id` text NOT NULL,
	`channel` text NOT NULL,
	`ref_id` text NOT NULL,
	`subject` text,
	`html` text,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `channel`, `ref_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dev_outbox_created` ON `dev_outbox` (`created_at`);--> statement-breakpoint
ALTER TABLE `emails` ADD `suppressed_reason` text;