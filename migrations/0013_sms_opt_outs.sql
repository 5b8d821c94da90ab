CREATE TABLE `sms_opt_outs` (
	`phone` text PRIMARY KEY NOT NULL,
	`opted_out_at` integer NOT NULL,
	`keyword` text NOT NULL,
	`to_number` text
);
--> statement-breakpoint
DROP INDEX `sms_inbound_provider_message_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `sms_inbound_provider_message` ON `sms_messages` (`provider`,`provider_message_id`) WHERE "sms_messages"."direction" = 'inbound';