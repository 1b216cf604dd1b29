CREATE TABLE `login_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
ALTER TABLE `staff_users` ADD `last_login_at` integer;--> statement-breakpoint
CREATE INDEX `audit_log_target` ON `audit_log` (`target_type`,`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_notice_reply_by` ON `feedback` (`notice_id`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_item_reply_by` ON `feedback` (`item_id`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_channel_reply_by` ON `feedback` (`channel`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_kind_reply_by` ON `feedback` (`kind`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `staff_sessions_user` ON `staff_sessions` (`user_id`);