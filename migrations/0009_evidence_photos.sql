CREATE TABLE `item_comment_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`comment_id` integer NOT NULL,
	`storage_key` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`added_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `item_comments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `item_comment_photos_storageKey_unique` ON `item_comment_photos` (`storage_key`);--> statement-breakpoint
CREATE INDEX `item_comment_photos_comment` ON `item_comment_photos` (`comment_id`);--> statement-breakpoint
ALTER TABLE `feedback_attachments` ADD `width` integer;--> statement-breakpoint
ALTER TABLE `feedback_attachments` ADD `height` integer;--> statement-breakpoint
ALTER TABLE `feedback_attachments` ADD `added_by` integer REFERENCES staff_users(id);--> statement-breakpoint
ALTER TABLE `feedback_attachments` ADD `erased_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_attachments_storage_key` ON `feedback_attachments` (`storage_key`);