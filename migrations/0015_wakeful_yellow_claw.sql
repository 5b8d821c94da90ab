CREATE TABLE `held_forms` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`agent_id` text NOT NULL,
	`action` text NOT NULL,
	`return_to` text,
	`fields_encrypted` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `held_forms_expires` ON `held_forms` (`expires_at`);