CREATE TABLE `customer_phones` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`type` text NOT NULL,
	`number` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`do_not_call` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_phones_tenant_customer` ON `customer_phones` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `customer_phones_tenant_number` ON `customer_phones` (`tenant_id`,`number`);