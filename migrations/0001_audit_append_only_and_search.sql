-- The audit log is append-only: the database itself refuses to change or remove a row.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
-- Full-text search over feedback content. The trigram tokenizer needs no word
-- segmentation, so it finds Chinese substrings of three or more characters.
CREATE VIRTUAL TABLE feedback_fts USING fts5(content, content='feedback', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback
BEGIN
  INSERT INTO feedback_fts(rowid, content) VALUES (new.id, new.content);
END;
--> statement-breakpoint
CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback
BEGIN
  INSERT INTO feedback_fts(feedback_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
--> statement-breakpoint
CREATE TRIGGER feedback_fts_update AFTER UPDATE OF content ON feedback
BEGIN
  INSERT INTO feedback_fts(feedback_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO feedback_fts(rowid, content) VALUES (new.id, new.content);
END;
