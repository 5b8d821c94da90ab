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
CREATE INDEX `held_forms_expires` ON `held_forms` (`expires_at`);--> statement-breakpoint
CREATE TABLE `deletion_requests` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`reason` text NOT NULL,
	`requested_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deletion_requests_tenant_customer` ON `deletion_requests` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `deletion_requests_one_pending` ON `deletion_requests` (`tenant_id`,`customer_id`) WHERE status = 'pending';