/**
 * The drizzle schema: the one source of truth for the database. Migrations in
 * `migrations/` are generated from it (`npm run db:generate`) and never edited
 * once applied. Column names are camelCase here and snake_case in SQL
 * (`casing: "snake_case"` in drizzle.config.ts and in the client).
 *
 * Times are epoch milliseconds; statutory deadlines are calendar dates
 * (YYYY-MM-DD, Asia/Shanghai) because the regulation counts whole days.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const ITEM_STATUSES = ['completed', 'in_progress', 'long_term', 'unknown'] as const;
export const FEEDBACK_KINDS = ['opinion', 'suggestion', 'report', 'praise'] as const;
export const FEEDBACK_CHANNELS = ['web', 'phone', 'post', 'email', 'in_person'] as const;
export const FEEDBACK_STATUSES = [
  'new', 'accepted', 'declined', 'duplicate', 'spam', 'in_progress', 'replied', 'closed',
] as const;
export const STAFF_ROLES = ['admin', 'handler', 'viewer'] as const;
export const SECTION_LEVELS = ['part', 'category'] as const;
/**
 * A notice's life: drafted in the console, published (read and commented on),
 * closed for feedback (still readable), archived (off the home list; its address
 * still answers).
 */
export const NOTICE_STATES = ['draft', 'published', 'closed', 'archived'] as const;
/** What a submitter asked for after a reply, awaiting staff (issue 13). */
export const ATTENTION_KINDS = ['follow_up', 'review'] as const;
/** A day of the official calendar that is not what its weekday says: a holiday off, or a make-up workday (调休). */
export const CALENDAR_DAY_KINDS = ['off', 'work'] as const;
export const NOTIFY_TARGET_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export const NOTIFY_EVENTS = ['assigned', 'due_soon', 'overdue', 'follow_up', 'review', 'test'] as const;
export const OUTBOX_STATES = ['pending', 'sent', 'dead'] as const;
export const MAIL_DOORS = ['email_routing', 'http'] as const;
export const MAIL_OUTCOMES = ['accepted', 'refused'] as const;
export const SETUP_PURPOSES = ['invite', 'reset'] as const;

const createdAt = () => integer().notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const notices = sqliteTable('notices', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull().unique(),
  title: text().notNull(),
  issuer: text().notNull(),
  /** YYYY-MM-DD; null where the source does not say. */
  publishedOn: text(),
  /** Two or three letters that start every reference of this notice, e.g. DX. */
  refPrefix: text().notNull(),
  /** The notice as published, verbatim: the faithful record the structure was parsed from. */
  sourceText: text().notNull(),
  /** Where the text comes from (URL or description). */
  sourceNote: text(),
  /** Prose before the first part, paragraphs joined by "\n". */
  intro: text().notNull().default(''),
  /** Prose after the last part (the invitation to supervise, signature, date). */
  closing: text().notNull().default(''),
  contactPhone: text(),
  contactAddress: text(),
  contactEmail: text(),
  state: text({ enum: NOTICE_STATES }).notNull().default('draft'),
  /** YYYY-MM-DD (Asia/Shanghai) from which feedback was no longer taken; set when closed. */
  closedOn: text(),
  createdAt: createdAt(),
  /** Bumped by every staff change, for compare-and-set edits. */
  updatedAt: integer().notNull().default(0),
});

/** The notice's parts (一、) and categories ((一)), in order, with their prose. */
export const noticeSections = sqliteTable('notice_sections', {
  id: integer().primaryKey({ autoIncrement: true }),
  noticeId: integer().notNull().references(() => notices.id),
  parentId: integer(),
  level: text({ enum: SECTION_LEVELS }).notNull(),
  position: integer().notNull(),
  label: text().notNull(),
  heading: text().notNull(),
  body: text().notNull().default(''),
}, (t) => [uniqueIndex('notice_sections_notice_position').on(t.noticeId, t.position)]);

export const departments = sqliteTable('departments', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull().unique(),
  createdAt: createdAt(),
});

/** Rectification items (整改事项): one problem, its measures and its status. */
export const items = sqliteTable('items', {
  id: integer().primaryKey({ autoIncrement: true }),
  noticeId: integer().notNull().references(() => notices.id),
  sectionId: integer().references(() => noticeSections.id),
  position: integer().notNull(),
  label: text().notNull(),
  title: text().notNull(),
  body: text().notNull().default(''),
  /** "整改措施：" as written, so that the stored item keeps every character of the source. */
  measuresLabel: text(),
  measures: text().notNull().default(''),
  statusLabel: text(),
  statusText: text(),
  status: text({ enum: ITEM_STATUSES }).notNull().default('unknown'),
  departmentId: integer().references(() => departments.id),
}, (t) => [uniqueIndex('items_notice_position').on(t.noticeId, t.position)]);

export const staffUsers = sqliteTable('staff_users', {
  id: integer().primaryKey({ autoIncrement: true }),
  email: text().notNull().unique(),
  displayName: text().notNull(),
  role: text({ enum: STAFF_ROLES }).notNull(),
  departmentId: integer().references(() => departments.id),
  passwordHash: text().notNull(),
  passwordSalt: text().notNull(),
  passwordIterations: integer().notNull(),
  mustChangePassword: integer({ mode: 'boolean' }).notNull().default(true),
  /** Not used: failed sign-ins are counted in login_failures, keyed by hash, so unknown e-mails are throttled alike. */
  failedLogins: integer().notNull().default(0),
  /** Not used; see failedLogins. */
  lockedUntil: integer(),
  disabled: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  lastLoginAt: integer(),
});

export const staffSessions = sqliteTable('staff_sessions', {
  id: integer().primaryKey({ autoIncrement: true }),
  /** SHA-256 of the cookie token; the token itself is never stored. */
  tokenHash: text().notNull().unique(),
  userId: integer().notNull().references(() => staffUsers.id),
  createdAt: createdAt(),
  lastSeenAt: integer().notNull(),
  expiresAt: integer().notNull(),
}, (t) => [index('staff_sessions_user').on(t.userId)]);

export const feedback = sqliteTable('feedback', {
  id: integer().primaryKey({ autoIncrement: true }),
  /** Public reference, e.g. DX-2611-7K3Q. */
  ref: text().notNull().unique(),
  /** SHA-256 of the query code; the code is shown once and never stored. */
  queryCodeHash: text().notNull(),
  noticeId: integer().notNull().references(() => notices.id),
  /** Null: about the notice as a whole. */
  itemId: integer().references(() => items.id),
  kind: text({ enum: FEEDBACK_KINDS }).notNull(),
  content: text().notNull(),
  anonymous: integer({ mode: 'boolean' }).notNull(),
  name: text(),
  phone: text(),
  email: text(),
  /** When the submitter consented to the processing of their contact details. */
  consentAt: integer(),
  channel: text({ enum: FEEDBACK_CHANNELS }).notNull().default('web'),
  receivedAt: integer().notNull(),
  /**
   * True when staff logged a call or letter without knowing the time of day: receivedAt is
   * then the start of that day (Asia/Shanghai) and only its date is shown or exported.
   */
  receivedTimeUnknown: integer({ mode: 'boolean' }).notNull().default(false),
  status: text({ enum: FEEDBACK_STATUSES }).notNull().default('new'),
  departmentId: integer().references(() => departments.id),
  duplicateOfId: integer(),
  acknowledgeBy: text().notNull(),
  replyBy: text().notNull(),
  extensionDays: integer().notNull().default(0),
  extensionReason: text(),
  acceptedAt: integer(),
  repliedAt: integer(),
  closedAt: integer(),
  reply: text(),
  /** 1 不满意, 2 基本满意, 3 满意. */
  rating: integer(),
  ratingComment: text(),
  ratedAt: integer(),
  enteredBy: integer().references(() => staffUsers.id),
  updatedAt: integer().notNull(),
  /**
   * Where a web submission came from: an HMAC of the client's address (its /64 for IPv6)
   * under the deployment's secret, so that one client's feedback can be grouped and
   * cleared without the address being stored. Null for feedback staff entered.
   */
  clientHash: text(),
  /**
   * Sent without a proof of work (the form without JavaScript): it went through a stricter
   * limit, and staff are asked to check it is not automated before counting on it.
   */
  needsCheck: integer({ mode: 'boolean' }).notNull().default(false),
  /** When a department's handler last handed it back to the clerks as not theirs (退回), and why; cleared on the next assignment. */
  returnedAt: integer(),
  returnReason: text(),
  /** When someone of the assigned department first opened it (签收); null while newly assigned work is unopened. */
  departmentSeenAt: integer(),
  /**
   * The legal last days (民法典 第二百零三条, by analogy): when a calendar deadline above falls on
   * a statutory holiday, the day after the holiday ends; null when it is the calendar day itself.
   * Kept beside the calendar days so that either can mark feedback overdue (OVERDUE_RULE), and
   * recomputed when the holiday calendar changes.
   */
  acknowledgeByLegal: text(),
  replyByLegal: text(),
  /**
   * What the submitter asked for after the reply that staff have not yet answered: a follow-up
   * message (补充说明) or a review request (请求复查, 信访工作条例 第三十五条), when, and by which
   * day staff should answer it. Cleared when staff answer; the timeline keeps the history.
   */
  attention: text({ enum: ATTENTION_KINDS }),
  attentionAt: integer(),
  attentionBy: text(),
  /** When the submitter asked for a review (once per feedback). */
  reviewRequestedAt: integer(),
}, (t) => [
  index('feedback_status_reply_by').on(t.status, t.replyBy, t.id),
  index('feedback_reply_by').on(t.replyBy, t.id),
  // Also covers the items screen's counts by item, kind and status and its distinct reporters
  // (staff-items.ts, submitters.ts), read from the index alone rather than from each row: at
  // 10,016 feedback the screen's queries took 72 ms of SQLite, now 3 (`npm run bench:cpu -- --only staff`).
  index('feedback_notice_item').on(t.noticeId, t.itemId, t.kind, t.status, t.clientHash),
  index('feedback_received').on(t.receivedAt, t.id),
  // The staff inbox pages in (reply_by, id) order under each filter without sorting the table, each
  // status's slice apart: a view lists its open feedback first and its finished after (staff-inbox.ts).
  index('feedback_department_status_reply_by').on(t.departmentId, t.status, t.replyBy, t.id),
  index('feedback_notice_status_reply_by').on(t.noticeId, t.status, t.replyBy, t.id),
  index('feedback_item_status_reply_by').on(t.itemId, t.status, t.replyBy, t.id),
  index('feedback_channel_status_reply_by').on(t.channel, t.status, t.replyBy, t.id),
  index('feedback_kind_status_reply_by').on(t.kind, t.status, t.replyBy, t.id),
  // Everything one client sent in an hour, for clearing a flood in one step.
  index('feedback_client_received').on(t.clientHash, t.receivedAt),
  // The inbox's 补充说明 / 请求复查 filter and the today bar's 待回应 count: only the few flagged rows are read.
  index('feedback_attention_status_reply_by').on(t.attention, t.status, t.replyBy, t.id),
]);

/** Reply templates that admins keep and staff start a reply from. */
export const replyTemplates = sqliteTable('reply_templates', {
  id: integer().primaryKey({ autoIncrement: true }),
  title: text().notNull().unique(),
  body: text().notNull(),
  createdAt: createdAt(),
  /** Bumped by every change, for compare-and-set edits. */
  updatedAt: integer().notNull().default(0),
});

/** The timeline of each feedback. Public events are shown to the submitter. */
export const feedbackEvents = sqliteTable('feedback_events', {
  id: integer().primaryKey({ autoIncrement: true }),
  feedbackId: integer().notNull().references(() => feedback.id),
  at: integer().notNull(),
  type: text().notNull(),
  public: integer({ mode: 'boolean' }).notNull(),
  fromStatus: text(),
  toStatus: text(),
  text: text(),
  actorId: integer().references(() => staffUsers.id),
}, (t) => [index('feedback_events_feedback').on(t.feedbackId, t.at)]);

/** Replays of POST /api/feedback: the key is stored hashed, the query code sealed with it. */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  keyHash: text().primaryKey(),
  requestHash: text().notNull(),
  feedbackId: integer().notNull().references(() => feedback.id),
  sealedQueryCode: text().notNull(),
  createdAt: createdAt(),
});

/** Fixed-window counters for throttling (tracking look-ups, logins). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text().primaryKey(),
  windowStart: integer().notNull(),
  count: integer().notNull(),
});

/**
 * Failed staff sign-ins, per account and per client, for backoff and lockout.
 * Keys are hashes (of the e-mail, of the client address), so the table holds
 * neither in the clear, and an unknown e-mail is throttled exactly like a known one.
 */
export const loginFailures = sqliteTable('login_failures', {
  key: text().primaryKey(),
  failures: integer().notNull(),
  lastFailureAt: integer().notNull(),
  lockedUntil: integer(),
  /** Failures this key may have before each further one locks it (the threshold it was charged with). */
  freeFailures: integer().notNull().default(0),
});

/**
 * Proof-of-work solutions already accepted: a solution works once. Keyed by a hash
 * of the challenge's salt; a row can go once its challenge has expired.
 */
export const usedProofs = sqliteTable('used_proofs', {
  saltHash: text().primaryKey(),
  expiresAt: integer().notNull(),
}, (t) => [index('used_proofs_expires').on(t.expiresAt)]);

/** Staff comments on a rectification item: internal notes or public progress updates. */
export const itemComments = sqliteTable('item_comments', {
  id: integer().primaryKey({ autoIncrement: true }),
  itemId: integer().notNull().references(() => items.id),
  authorId: integer().notNull().references(() => staffUsers.id),
  public: integer({ mode: 'boolean' }).notNull(),
  body: text().notNull(),
  createdAt: createdAt(),
}, (t) => [index('item_comments_item').on(t.itemId, t.createdAt)]);

/**
 * Each change of an item's status as work goes on (持续整改 → 已完成整改), with
 * the date and a note the public reads under the item.
 */
export const itemStatusChanges = sqliteTable('item_status_changes', {
  id: integer().primaryKey({ autoIncrement: true }),
  itemId: integer().notNull().references(() => items.id),
  /** YYYY-MM-DD (Asia/Shanghai) the change took effect. */
  changedOn: text().notNull(),
  fromStatus: text({ enum: ITEM_STATUSES }).notNull(),
  toStatus: text({ enum: ITEM_STATUSES }).notNull(),
  /** Public. */
  note: text().notNull().default(''),
  actorId: integer().references(() => staffUsers.id),
  createdAt: createdAt(),
}, (t) => [index('item_status_changes_item').on(t.itemId, t.changedOn, t.id)]);

/**
 * One-time links that let a new member of staff, or one whose password was
 * reset, choose a password. Only the token's SHA-256 is stored; a link works
 * once and for 24 hours.
 */
export const staffSetupTokens = sqliteTable('staff_setup_tokens', {
  id: integer().primaryKey({ autoIncrement: true }),
  tokenHash: text().notNull().unique(),
  userId: integer().notNull().references(() => staffUsers.id),
  purpose: text({ enum: SETUP_PURPOSES }).notNull(),
  createdBy: integer().references(() => staffUsers.id),
  createdAt: createdAt(),
  expiresAt: integer().notNull(),
  usedAt: integer(),
}, (t) => [index('staff_setup_tokens_user').on(t.userId)]);

/** Append-only: triggers in the migrations reject UPDATE and DELETE. */
export const auditLog = sqliteTable('audit_log', {
  id: integer().primaryKey({ autoIncrement: true }),
  at: integer().notNull(),
  actorId: integer().references(() => staffUsers.id),
  action: text().notNull(),
  targetType: text().notNull(),
  targetId: text(),
  before: text(),
  after: text(),
}, (t) => [index('audit_log_at').on(t.at), index('audit_log_target').on(t.targetType, t.targetId, t.id)]);

/**
 * Years of the official holiday calendar that admins entered in the console (a year's State
 * Council notice, before the shipped data has it). A year counts as covered when it is in the
 * shipped data (worker/calendar/) or here; here wins.
 */
export const calendarYears = sqliteTable('calendar_years', {
  year: integer().primaryKey(),
  /** Where the days came from: the notice's address or title, as the admin gave it. */
  source: text().notNull(),
  addedBy: integer().references(() => staffUsers.id),
  addedAt: createdAt(),
});

/** The days of those years that differ from their weekday: holidays off and make-up workdays. */
export const calendarDays = sqliteTable('calendar_days', {
  day: text().primaryKey(),
  year: integer().notNull().references(() => calendarYears.year),
  kind: text({ enum: CALENDAR_DAY_KINDS }).notNull(),
  name: text().notNull(),
}, (t) => [index('calendar_days_year').on(t.year)]);

/** Files that came with a feedback (by e-mail today): recorded by name, type and size; stored with evidence photos (issue 14). */
export const feedbackAttachments = sqliteTable('feedback_attachments', {
  id: integer().primaryKey({ autoIncrement: true }),
  feedbackId: integer().notNull().references(() => feedback.id),
  name: text().notNull(),
  type: text().notNull(),
  size: integer().notNull(),
  /** Where the file itself is kept (the photo store's key, random and unguessable); null while only its description is, or once erased. */
  storageKey: text(),
  /** A stored photo's picture size in pixels, read from its header (worker/photos/sniff.ts). */
  width: integer(),
  height: integer(),
  /** The member of staff who attached it (a photo added to a manual entry); null when the submitter sent it. */
  addedBy: integer().references(() => staffUsers.id),
  /** When the retention erasure removed the stored file with the contact details (the row stays as the ledger's record). */
  erasedAt: integer(),
  createdAt: createdAt(),
}, (t) => [index('feedback_attachments_feedback').on(t.feedbackId), uniqueIndex('feedback_attachments_storage_key').on(t.storageKey)]);

/**
 * Photos staff attach to a comment on an item: public with a public progress update (shown under
 * the item on the notice page), internal with an internal comment.
 */
export const itemCommentPhotos = sqliteTable('item_comment_photos', {
  id: integer().primaryKey({ autoIncrement: true }),
  commentId: integer().notNull().references(() => itemComments.id),
  /** The photo store's key: random and unguessable, since a public update's photo is served by it. */
  storageKey: text().notNull().unique(),
  name: text().notNull(),
  type: text().notNull(),
  size: integer().notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  addedBy: integer().notNull().references(() => staffUsers.id),
  createdAt: createdAt(),
}, (t) => [index('item_comment_photos_comment').on(t.commentId)]);

/**
 * Every mail that reached a door (Email Routing's email() handler, or POST /api/inbound/email):
 * what became of it, never its text (that is the feedback's) nor, when refused, its sender.
 */
export const inboundMail = sqliteTable('inbound_mail', {
  id: integer().primaryKey({ autoIncrement: true }),
  receivedAt: integer().notNull(),
  door: text({ enum: MAIL_DOORS }).notNull(),
  /** SHA-256 of the Message-ID, so that a gateway's retry of the same mail makes no second feedback. */
  messageIdHash: text().unique(),
  outcome: text({ enum: MAIL_OUTCOMES }).notNull(),
  /** Why a mail was refused (no_text, too_large, auto_reply, forged_sender, unknown_address, …). */
  reason: text(),
  noticeId: integer().references(() => notices.id),
  feedbackId: integer().references(() => feedback.id),
  /** Whether the sender was answered with the reference: sent, failed, or not_configured (no mail binding). */
  answer: text(),
  size: integer().notNull().default(0),
}, (t) => [index('inbound_mail_received').on(t.receivedAt), index('inbound_mail_outcome').on(t.outcome, t.reason, t.receivedAt)]);

/** Where notifications go: a department's chat bot or webhook, or the office's (no department). */
export const notifyTargets = sqliteTable('notify_targets', {
  id: integer().primaryKey({ autoIncrement: true }),
  departmentId: integer().references(() => departments.id),
  kind: text({ enum: NOTIFY_TARGET_KINDS }).notNull(),
  name: text().notNull(),
  /** The bot's or webhook's address; it holds a key for some bots, so it is shown masked. */
  url: text().notNull(),
  /** The signing secret (DingTalk 加签, Feishu, the generic webhook); never shown again in full. */
  secret: text(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  createdBy: integer().references(() => staffUsers.id),
  createdAt: createdAt(),
  /** Bumped by every change, for compare-and-set edits. */
  updatedAt: integer().notNull().default(0),
}, (t) => [index('notify_targets_department').on(t.departmentId)]);

/**
 * The durable outbox: a notification is written here in the same batch as what caused it, then
 * delivered with retries and backoff; a target that is down loses nothing. `eventKey` makes the
 * same reminder for the same feedback and day go out once per target.
 */
export const notifyOutbox = sqliteTable('notify_outbox', {
  id: integer().primaryKey({ autoIncrement: true }),
  targetId: integer().notNull().references(() => notifyTargets.id),
  event: text({ enum: NOTIFY_EVENTS }).notNull(),
  eventKey: text().notNull(),
  feedbackId: integer().references(() => feedback.id),
  /** The message as sent: reference, item, deadline and console link; never personal details. */
  message: text().notNull(),
  state: text({ enum: OUTBOX_STATES }).notNull().default('pending'),
  attempts: integer().notNull().default(0),
  nextAttemptAt: integer().notNull(),
  lastError: text(),
  createdAt: createdAt(),
  sentAt: integer(),
}, (t) => [uniqueIndex('notify_outbox_target_event').on(t.targetId, t.eventKey), index('notify_outbox_due').on(t.state, t.nextAttemptAt)]);

/** Every delivery attempt, for admins to see. */
export const notifyAttempts = sqliteTable('notify_attempts', {
  id: integer().primaryKey({ autoIncrement: true }),
  outboxId: integer().notNull().references(() => notifyOutbox.id),
  at: integer().notNull(),
  ok: integer({ mode: 'boolean' }).notNull(),
  /** The HTTP status, if an answer came. */
  status: integer(),
  error: text(),
  durationMs: integer().notNull(),
}, (t) => [index('notify_attempts_outbox').on(t.outboxId, t.at)]);
