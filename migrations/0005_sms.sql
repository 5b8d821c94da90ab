CREATE TABLE `sms_messages` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`customer_id` text,
	`to_number` text NOT NULL,
	`body` text NOT NULL,
	`provider` text NOT NULL,
	`provider_message_id` text,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sms_tenant_sent` ON `sms_messages` (`tenant_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `sms_tenant_customer` ON `sms_messages` (`tenant_id`,`customer_id`,`sent_at`);--> statement-breakpoint
ALTER TABLE `customers` ADD `mfa_phone` text;