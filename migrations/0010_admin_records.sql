CREATE TABLE `customer_addresses` (
	`tenant_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`line1` text NOT NULL,
	`line2` text DEFAULT '' NOT NULL,
	`city` text NOT NULL,
	`state` text NOT NULL,
	`zip` text NOT NULL,
	`country` text DEFAULT 'US' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `customer_id`, `kind`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `customer_notes` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`body` text NOT NULL,
	`author_agent_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_notes_tenant_customer` ON `customer_notes` (`tenant_id`,`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `customer_references` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`relationship` text NOT NULL,
	`phone` text,
	`alt_phone` text,
	`line1` text DEFAULT '' NOT NULL,
	`line2` text DEFAULT '' NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`state` text DEFAULT '' NOT NULL,
	`zip` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_references_tenant_customer` ON `customer_references` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `employers` (
	`tenant_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`job_title` text DEFAULT '' NOT NULL,
	`phone` text,
	`hire_date` text,
	`income` integer,
	`income_frequency` text,
	`next_pay_date` text,
	`pay_frequency` text,
	`line1` text DEFAULT '' NOT NULL,
	`line2` text DEFAULT '' NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`state` text DEFAULT '' NOT NULL,
	`zip` text DEFAULT '' NOT NULL,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `customer_id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mail_pieces` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text,
	`description` text NOT NULL,
	`address` text NOT NULL,
	`status` text NOT NULL,
	`tracking` text DEFAULT '[]' NOT NULL,
	`provider` text NOT NULL,
	`provider_piece_id` text,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mail_pieces_tenant_customer` ON `mail_pieces` (`tenant_id`,`customer_id`,`sent_at`);--> statement-breakpoint
ALTER TABLE `agents` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `invited_by` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `generation_code` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `company_name` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `contact_name` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `tax_id_kind` text DEFAULT 'ssn' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `drivers_license_encrypted` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `drivers_license_last4` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `drivers_license_state` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `date_of_birth` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `gender` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `do_not_sell` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `mailing_same_as_primary` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `photo_key` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `photo_content_type` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `custom_fields` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `anonymised_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `viewed_by_agent_id` text;--> statement-breakpoint
ALTER TABLE `sms_messages` ADD `direction` text DEFAULT 'outbound' NOT NULL;--> statement-breakpoint
ALTER TABLE `sms_messages` ADD `from_number` text;