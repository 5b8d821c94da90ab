CREATE TABLE `documents` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`account_id` text,
	`category` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by_type` text NOT NULL,
	`uploaded_by_id` text NOT NULL,
	`shared_with_borrower` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`account_id`) REFERENCES `accounts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_tenant_customer` ON `documents` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `documents_tenant_account` ON `documents` (`tenant_id`,`account_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `tax_id_encrypted` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `tax_id_hash` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `tax_id_last4` text;--> statement-breakpoint
CREATE INDEX `customers_tenant_tax_id` ON `customers` (`tenant_id`,`tax_id_hash`);--> statement-breakpoint
ALTER TABLE `insurance_policies` ADD `recorded_by_type` text;--> statement-breakpoint
ALTER TABLE `insurance_policies` ADD `recorded_by_id` text;