CREATE TABLE `accounts` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`display_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`product_name` text NOT NULL,
	`opened_on` text NOT NULL,
	`closed_on` text,
	`external_id` text,
	`external_source` text,
	`last_synced_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_tenant_display_unique` ON `accounts` (`tenant_id`,`display_id`);--> statement-breakpoint
CREATE INDEX `accounts_tenant_external` ON `accounts` (`tenant_id`,`external_source`,`external_id`);--> statement-breakpoint
CREATE TABLE `customer_accounts` (
	`tenant_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text NOT NULL,
	`role` text NOT NULL,
	`email_access` integer DEFAULT true NOT NULL,
	`web_access` integer DEFAULT true NOT NULL,
	`sms_access` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `customer_id`, `account_id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_accounts_tenant_account` ON `customer_accounts` (`tenant_id`,`account_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customer_accounts_one_primary` ON `customer_accounts` (`tenant_id`,`account_id`) WHERE role = 'Primary';--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`effective_date` text NOT NULL,
	`amount` integer NOT NULL,
	`principal` integer DEFAULT 0 NOT NULL,
	`interest` integer DEFAULT 0 NOT NULL,
	`fees` integer DEFAULT 0 NOT NULL,
	`reverses_id` text,
	`description` text DEFAULT '' NOT NULL,
	`reference` text,
	`posted_at` integer NOT NULL,
	`posted_by` text,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_tenant_account_date` ON `ledger_entries` (`tenant_id`,`account_id`,`effective_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_tenant_reverses_unique` ON `ledger_entries` (`tenant_id`,`reverses_id`) WHERE reverses_id is not null;--> statement-breakpoint
CREATE TABLE `line_terms` (
	`tenant_id` text NOT NULL,
	`account_id` text NOT NULL,
	`credit_limit` integer NOT NULL,
	`annual_rate` text NOT NULL,
	`open_date` text NOT NULL,
	`statement_day` integer NOT NULL,
	`payment_due_days` integer NOT NULL,
	`minimum_percent` text NOT NULL,
	`minimum_floor` integer NOT NULL,
	`late_fee` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `account_id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `loan_terms` (
	`tenant_id` text NOT NULL,
	`account_id` text NOT NULL,
	`principal` integer NOT NULL,
	`annual_rate` text NOT NULL,
	`frequency` text NOT NULL,
	`term_payments` integer NOT NULL,
	`start_date` text NOT NULL,
	`first_due_date` text NOT NULL,
	`day_count` text NOT NULL,
	`payment` integer NOT NULL,
	`residual_value` integer,
	`money_factor_e7` integer,
	PRIMARY KEY(`tenant_id`, `account_id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `schedule_rows` (
	`tenant_id` text NOT NULL,
	`account_id` text NOT NULL,
	`number` integer NOT NULL,
	`due_date` text NOT NULL,
	`payment` integer NOT NULL,
	`principal` integer NOT NULL,
	`interest` integer NOT NULL,
	`balance` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `account_id`, `number`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `statements` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`account_id` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`opening_balance` integer NOT NULL,
	`purchases` integer NOT NULL,
	`payments` integer NOT NULL,
	`credits` integer NOT NULL,
	`fees` integer NOT NULL,
	`interest` integer NOT NULL,
	`closing_balance` integer NOT NULL,
	`minimum_payment` integer NOT NULL,
	`past_due` integer NOT NULL,
	`due_date` text NOT NULL,
	`credit_limit` integer NOT NULL,
	`available_credit` integer NOT NULL,
	`issued_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statements_tenant_account_period_unique` ON `statements` (`tenant_id`,`account_id`,`period_end`);--> statement-breakpoint
CREATE TABLE `collateral` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`vin` text,
	`year` integer,
	`make` text,
	`model` text,
	`trim` text,
	`color` text,
	`mileage` integer,
	`description` text,
	`value` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `collateral_tenant_account` ON `collateral` (`tenant_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `insurance_policies` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`collateral_id` text NOT NULL,
	`carrier` text NOT NULL,
	`policy_number` text NOT NULL,
	`coverage_start` text NOT NULL,
	`coverage_end` text NOT NULL,
	`agent_name` text,
	`agent_phone` text,
	`agent_email` text,
	`proof_document_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`collateral_id`) REFERENCES `collateral`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `insurance_tenant_collateral` ON `insurance_policies` (`tenant_id`,`collateral_id`);--> statement-breakpoint
CREATE TABLE `cards` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`account_id` text NOT NULL,
	`vault_token` text NOT NULL,
	`last4` text NOT NULL,
	`expiry_month` integer NOT NULL,
	`expiry_year` integer NOT NULL,
	`name_on_card` text NOT NULL,
	`status` text NOT NULL,
	`previous_status` text,
	`replaces_card_id` text,
	`activation_failures` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cards_tenant_account` ON `cards` (`tenant_id`,`account_id`);