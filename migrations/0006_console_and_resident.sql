CREATE TABLE `reply_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reply_templates_title_unique` ON `reply_templates` (`title`);--> statement-breakpoint
ALTER TABLE `feedback` ADD `received_time_unknown` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `feedback` ADD `needs_check` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `feedback` ADD `returned_at` integer;--> statement-breakpoint
ALTER TABLE `feedback` ADD `return_reason` text;--> statement-breakpoint
ALTER TABLE `feedback` ADD `department_seen_at` integer;