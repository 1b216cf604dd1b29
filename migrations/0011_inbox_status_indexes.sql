DROP INDEX `feedback_department`;--> statement-breakpoint
DROP INDEX `feedback_notice_reply_by`;--> statement-breakpoint
DROP INDEX `feedback_item_reply_by`;--> statement-breakpoint
DROP INDEX `feedback_channel_reply_by`;--> statement-breakpoint
DROP INDEX `feedback_kind_reply_by`;--> statement-breakpoint
DROP INDEX `feedback_attention_reply_by`;--> statement-breakpoint
CREATE INDEX `feedback_department_status_reply_by` ON `feedback` (`department_id`,`status`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_notice_status_reply_by` ON `feedback` (`notice_id`,`status`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_item_status_reply_by` ON `feedback` (`item_id`,`status`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_channel_status_reply_by` ON `feedback` (`channel`,`status`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_kind_status_reply_by` ON `feedback` (`kind`,`status`,`reply_by`,`id`);--> statement-breakpoint
CREATE INDEX `feedback_attention_status_reply_by` ON `feedback` (`attention`,`status`,`reply_by`,`id`);