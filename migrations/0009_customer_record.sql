ALTER TABLE `customers` ADD `middle_name` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `do_not_case_format` integer DEFAULT false NOT NULL;