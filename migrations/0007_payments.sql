CREATE TABLE `autopays` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text NOT NULL,
	`payment_method_id` text NOT NULL,
	`frequency` text NOT NULL,
	`start_date` text NOT NULL,
	`amount_type` text NOT NULL,
	`fixed_amount` integer,
	`semimonthly_days` text,
	`status` text NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_run_date` text,
	`last_run_date` text,
	`authorization_text` text NOT NULL,
	`authorized_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `autopays_tenant_account` ON `autopays` (`tenant_id`,`account_id`);--> statement-breakpoint
CREATE INDEX `autopays_due` ON `autopays` (`tenant_id`,`status`,`next_run_date`);--> statement-breakpoint
CREATE TABLE `payment_methods` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`processor` text,
	`processor_token` text,
	`card_brand` text,
	`expiry_month` integer,
	`expiry_year` integer,
	`routing_number` text,
	`account_number_encrypted` text,
	`account_type` text,
	`last4` text NOT NULL,
	`holder_name` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`removed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_methods_tenant_customer` ON `payment_methods` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`reference` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text NOT NULL,
	`payment_method_id` text NOT NULL,
	`method_kind` text NOT NULL,
	`amount` integer NOT NULL,
	`fee` integer DEFAULT 0 NOT NULL,
	`scheduled_for` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`group_id` text,
	`autopay_id` text,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`processor_payment_id` text,
	`failure_reason` text,
	`return_code` text,
	`ledger_entry_id` text,
	`processed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_tenant_customer_key_unique` ON `payments` (`tenant_id`,`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_tenant_reference_unique` ON `payments` (`tenant_id`,`reference`);--> statement-breakpoint
CREATE INDEX `payments_tenant_customer_created` ON `payments` (`tenant_id`,`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payments_due` ON `payments` (`status`,`scheduled_for`);--> statement-breakpoint
CREATE INDEX `payments_tenant_group` ON `payments` (`tenant_id`,`group_id`);--> statement-breakpoint
CREATE INDEX `payments_processor_id` ON `payments` (`processor_payment_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `processor_customer_id` text;--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD `payment_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_tenant_payment_unique` ON `ledger_entries` (`tenant_id`,`payment_id`) WHERE payment_id is not null;