CREATE TABLE `passkeys` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`public_key` text NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL,
	`transports` text,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `passkeys_tenant_subject` ON `passkeys` (`tenant_id`,`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`tenant_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`tenant_id`, `subject_type`, `subject_id`, `code_hash`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `totp_credentials` (
	`tenant_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`secret_encrypted` text NOT NULL,
	`last_used_step` integer,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	PRIMARY KEY(`tenant_id`, `subject_type`, `subject_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `one_time_tokens` ADD `secret_hash` text;--> statement-breakpoint
ALTER TABLE `one_time_tokens` ADD `data` text;--> statement-breakpoint
CREATE INDEX `one_time_tokens_subject` ON `one_time_tokens` (`tenant_id`,`subject_type`,`subject_id`,`purpose`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `authenticated_at` integer DEFAULT 0 NOT NULL;