CREATE TABLE `calendar_days` (
	`day` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`year`) REFERENCES `calendar_years`(`year`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendar_days_year` ON `calendar_days` (`year`);--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`added_by` integer,
	`added_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`added_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `feedback_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feedback_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`storage_key` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_attachments_feedback` ON `feedback_attachments` (`feedback_id`);--> statement-breakpoint
CREATE TABLE `inbound_mail` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`door` text NOT NULL,
	`message_id_hash` text,
	`outcome` text NOT NULL,
	`reason` text,
	`notice_id` integer,
	`feedback_id` integer,
	`answer` text,
	`size` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_mail_messageIdHash_unique` ON `inbound_mail` (`message_id_hash`);--> statement-breakpoint
CREATE INDEX `inbound_mail_received` ON `inbound_mail` (`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_mail_outcome` ON `inbound_mail` (`outcome`,`reason`,`received_at`);--> statement-breakpoint
CREATE TABLE `notify_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`status` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `notify_outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notify_attempts_outbox` ON `notify_attempts` (`outbox_id`,`at`);--> statement-breakpoint
CREATE TABLE `notify_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`event` text NOT NULL,
	`event_key` text NOT NULL,
	`feedback_id` integer,
	`message` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`target_id`) REFERENCES `notify_targets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notify_outbox_target_event` ON `notify_outbox` (`target_id`,`event_key`);--> statement-breakpoint
CREATE INDEX `notify_outbox_due` ON `notify_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `notify_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`department_id` integer,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`secret` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notify_targets_department` ON `notify_targets` (`department_id`);--> statement-breakpoint
ALTER TABLE `feedback` ADD `acknowledge_by_legal` text;--> statement-breakpoint
ALTER TABLE `feedback` ADD `reply_by_legal` text;--> statement-breakpoint
ALTER TABLE `feedback` ADD `attention` text;--> statement-breakpoint
ALTER TABLE `feedback` ADD `attention_at` integer;--> statement-breakpoint
ALTER TABLE `feedback` ADD `attention_by` text;--> statement-breakpoint
ALTER TABLE `feedback` ADD `review_requested_at` integer;