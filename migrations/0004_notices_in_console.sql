CREATE TABLE `item_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`changed_on` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`actor_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `item_status_changes_item` ON `item_status_changes` (`item_id`,`changed_on`,`id`);--> statement-breakpoint
CREATE TABLE `staff_setup_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_setup_tokens_tokenHash_unique` ON `staff_setup_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `staff_setup_tokens_user` ON `staff_setup_tokens` (`user_id`);--> statement-breakpoint
ALTER TABLE `items` ADD `measures_label` text;--> statement-breakpoint
ALTER TABLE `items` ADD `status_label` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `state` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `notices` ADD `closed_on` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Notices published before states existed stay published; unpublished ones become drafts.
UPDATE `notices` SET `state` = CASE WHEN `published` THEN 'published' ELSE 'draft' END;--> statement-breakpoint
ALTER TABLE `notices` DROP COLUMN `published`;--> statement-breakpoint
-- INSERT OR REPLACE deletes the old row without firing the delete trigger (recursive_triggers is
-- off in D1), so an insert may never name the id of an entry that exists.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
