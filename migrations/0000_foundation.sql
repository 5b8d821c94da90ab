CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`time_zone` text DEFAULT 'America/New_York' NOT NULL,
	`branding` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_slug_unique` ON `tenants` (`slug`);--> statement-breakpoint
CREATE TABLE `agents` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text,
	`external_id` text,
	`external_source` text,
	`last_synced_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_tenant_email_unique` ON `agents` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `agents_tenant_external` ON `agents` (`tenant_id`,`external_source`,`external_id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_type` text DEFAULT 'individual' NOT NULL,
	`status` text DEFAULT 'Active' NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text,
	`web_username` text,
	`password_hash` text,
	`owner_agent_id` text,
	`import_id` text,
	`external_id` text,
	`external_source` text,
	`last_synced_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`owner_agent_id`) REFERENCES `agents`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_tenant_username_unique` ON `customers` (`tenant_id`,`web_username`);--> statement-breakpoint
CREATE INDEX `customers_tenant_email` ON `customers` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `customers_tenant_name` ON `customers` (`tenant_id`,`last_name`,`first_name`);--> statement-breakpoint
CREATE INDEX `customers_tenant_external` ON `customers` (`tenant_id`,`external_source`,`external_id`);--> statement-breakpoint
CREATE TABLE `one_time_tokens` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`purpose` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `one_time_tokens_expires` ON `one_time_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`mfa_passed` integer DEFAULT false NOT NULL,
	`user_agent` text,
	`ip` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_tenant_subject` ON `sessions` (`tenant_id`,`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`request_id` text,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_tenant_entity` ON `audit_log` (`tenant_id`,`entity_type`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_tenant_at` ON `audit_log` (`tenant_id`,`at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`locked_until` integer,
	`locked_by` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_ready` ON `jobs` (`status`,`queue`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_updated` ON `jobs` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `emails` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`message_id` text NOT NULL,
	`template` text NOT NULL,
	`customer_id` text,
	`to_address` text NOT NULL,
	`from_address` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`provider` text NOT NULL,
	`provider_message_id` text,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `emails_tenant_message_unique` ON `emails` (`tenant_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `emails_tenant_sent` ON `emails` (`tenant_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `emails_tenant_customer` ON `emails` (`tenant_id`,`customer_id`,`sent_at`);