DROP INDEX `feedback_notice_item`;--> statement-breakpoint
CREATE INDEX `feedback_notice_item` ON `feedback` (`notice_id`,`item_id`,`kind`,`status`,`client_hash`);