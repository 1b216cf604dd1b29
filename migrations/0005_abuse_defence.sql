CREATE TABLE `used_proofs` (
	`salt_hash` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `used_proofs_expires` ON `used_proofs` (`expires_at`);--> statement-breakpoint
ALTER TABLE `feedback` ADD `client_hash` text;--> statement-breakpoint
CREATE INDEX `feedback_client_received` ON `feedback` (`client_hash`,`received_at`);--> statement-breakpoint
ALTER TABLE `login_failures` ADD `free_failures` integer DEFAULT 0 NOT NULL;