/**
 * Breaks the code on purpose, one line at a time, and runs the tests that should
 * notice. Each break stands for a promise the README makes (see "What the tests
 * prove"); a break that no test catches means that promise is unguarded.
 *
 *   npm run mutate                 every break
 *   npm run mutate -- scope cron   only the breaks whose name contains one of these words
 *
 * Each break is one exact text replacement in one file, undone in `finally` (and on
 * Ctrl-C), so the tree is left as it was. Breaks of the public pages run the
 * browser journeys, which build a copy of the tree, so they take a minute or two.
 * Exits 1 if any break survived. Not part of `npm test`: it runs the suite many times.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

interface Break {
  name: string;
  /** The promise this break tests, as the README states it. */
  claim: string;
  file: string;
  from: string;
  to: string;
  project: 'worker' | 'browser';
  tests: string[];
}

const BREAKS: Break[] = [
  {
    name: 'inbox-finished-last',
    claim: 'a view without a status lists its open feedback first and its finished feedback after, latest first',
    file: 'worker/db/staff-inbox.ts',
    from: "  return !filter.status && !filter.overdue && !filter.dueSoon && !filter.returned && !filter.attention;",
    to: '  return false;',
    project: 'worker',
    tests: ['tests/staff/inbox.test.ts'],
  },
  {
    name: 'inbox-finished-cursor',
    claim: 'paging goes on from the open feedback into the finished, each row once',
    file: 'worker/db/staff-inbox.ts',
    from: 'finished: !isOpenStatus(last.status) }',
    to: 'finished: false }',
    project: 'worker',
    tests: ['tests/staff/inbox.test.ts'],
  },
  {
    name: 'inbox-search-leads',
    claim: "a search within a status, kind or department reads its matches, not the other filter's index",
    file: 'worker/db/staff-inbox.ts',
    from: "  const on = fullText(filter.q) ? (column: SQLiteColumn) => sql`+${column}` : (column: SQLiteColumn) => sql`${column}`;",
    to: '  const on = (column: SQLiteColumn) => sql`${column}`;',
    project: 'worker',
    tests: ['tests/staff/inbox-scale.test.ts'],
  },
  {
    name: 'notify-feishu-sign',
    claim: 'Feishu is signed with timestamp + "\\n" + secret as the key over an empty message',
    file: 'worker/notify/sign.ts',
    from: "return toBase64(await hmacSha256(`${timestampSeconds}\\n${secret}`, ''));",
    to: 'return toBase64(await hmacSha256(secret, `${timestampSeconds}\\n${secret}`));',
    project: 'worker',
    tests: ['tests/domain/notify-signing.test.ts'],
  },
  {
    name: 'notify-outbox-backoff',
    claim: 'a failed notification is retried after its backoff, never sooner',
    file: 'worker/notify/deliver.ts',
    from: "nextAttemptAt: state === 'pending' ? attempt.at + backoffAfter(attempts) : attempt.at",
    to: 'nextAttemptAt: attempt.at',
    project: 'worker',
    tests: ['tests/domain/notify-outbox.test.ts'],
  },
  {
    name: 'notify-outbox-rate-limit',
    claim: "each target's rate limit holds (WeCom 20 a minute, Feishu 5 a second)",
    file: 'worker/notify/deliver.ts',
    from: 'if (slot > now) {',
    to: 'if (slot < now) {',
    project: 'worker',
    tests: ['tests/domain/notify-outbox.test.ts'],
  },
  {
    name: 'notify-daily-once',
    claim: 'the daily job run twice sends each reminder once',
    file: 'worker/notify/enqueue.ts',
    from: 'eventKey: `due_soon:${f.id}:${deadline.label}:${deadline.date}`',
    to: 'eventKey: `due_soon:${f.id}:${crypto.randomUUID()}`',
    project: 'worker',
    tests: ['tests/domain/notify-daily.test.ts'],
  },
  {
    name: 'notify-target-masked',
    claim: "a notification target's key is never shown again in full",
    file: 'worker/db/notify-targets.ts',
    from: '    url: maskUrl(t.url),\n    secret: maskSecret(t.secret),',
    to: '    url: t.url,\n    secret: maskSecret(t.secret),',
    project: 'worker',
    tests: ['tests/staff/notify-targets.test.ts'],
  },
  {
    name: 'idempotent-submit',
    claim: 'one Idempotency-Key stores one feedback',
    file: 'worker/feedback/submit.ts',
    from: 'Promise.all([sha256Hex(`idempotency:${idempotencyKey}`), requestHashOf(',
    to: 'Promise.all([sha256Hex(`idempotency:${crypto.randomUUID()}`), requestHashOf(',
    project: 'worker',
    tests: ['tests/api/feedback-submit.test.ts'],
  },
  {
    name: 'offline-outbox',
    claim: 'a submission is kept in the outbox until the server has stored it',
    file: 'web/public/lib/outbox.ts',
    from: 'if (!pending().some((q) => q.key === p.key)) save(OUTBOX, [...pending(), p]);',
    to: '',
    project: 'browser',
    tests: ['tests/browser/offline.test.ts'],
  },
  {
    name: 'department-scope',
    claim: 'a handler acts only on the feedback of their department',
    file: 'worker/routes/staff/feedback-view.ts',
    from: 'if (!f || !inScope(user, f.departmentId))',
    to: 'if (!f)',
    project: 'worker',
    tests: ['tests/staff/authorisation.test.ts'],
  },
  {
    name: 'retention-closing-states',
    claim: 'contact details are erased after the retention period, whatever way the feedback ended',
    file: 'worker/feedback/retention.ts',
    from: "inArray(feedback.status, ['declined', 'duplicate', 'spam'])",
    to: "inArray(feedback.status, ['declined'])",
    project: 'worker',
    tests: ['tests/domain/retention.test.ts'],
  },
  {
    name: 'retention-photos-store-first',
    claim: 'a photo is marked erased only once the store has deleted it; a store that fails leaves it for the next run',
    file: 'worker/feedback/retention.ts',
    from: "console.error('retention: the photo store refused a delete; the photos wait for the next run', err instanceof Error ? err.name : 'error');\n      break;",
    to: "console.error('retention: the photo store refused a delete; the photos wait for the next run', err instanceof Error ? err.name : 'error');",
    project: 'worker',
    tests: ['tests/domain/retention-photos.test.ts'],
  },
  {
    name: 'photo-view-scope',
    claim: "a staff photo is served only through its own feedback's address, in the detail's scope",
    file: 'worker/db/staff-photos.ts',
    from: 'and(eq(feedbackAttachments.id, photoId), eq(feedbackAttachments.feedbackId, feedbackId), isPhoto)',
    to: 'and(eq(feedbackAttachments.id, photoId), isPhoto)',
    project: 'worker',
    tests: ['tests/staff/photos.test.ts'],
  },
  {
    name: 'photo-view-audit',
    claim: 'every view of a photo by staff is audited, like a reveal',
    file: 'worker/routes/staff/feedback-photos.ts',
    from: 'await recordPhotoView(db, f.id, photo.id, me.id, c.var.clock());',
    to: '',
    project: 'worker',
    tests: ['tests/staff/photos.test.ts'],
  },
  {
    name: 'photos-limit',
    claim: 'at most 10 photos on a feedback, all of an upload or none, even when uploads race',
    file: 'worker/db/staff-photos.ts',
    from: 'k === 0 ? sql`${photoCount(feedbackId)} + ${photos.length} <= ${max}` : keyStored(db, photos[k - 1]!.storageKey)',
    to: 'sql`${photoCount(feedbackId)} < ${max}`',
    project: 'worker',
    tests: ['tests/staff/photos.test.ts'],
  },
  {
    name: 'cron-erases-contacts',
    claim: 'the daily cron erases expired contact details',
    file: 'worker/daily.ts',
    from: 'ports.photos ? purgeExpiredPersonalData(db, ports.photos, now, days) : purgeExpiredContacts(db, now, days),',
    to: '',
    project: 'worker',
    tests: ['tests/domain/cron.test.ts'],
  },
  {
    name: 'append-only-audit',
    claim: 'the audit log cannot be changed',
    file: 'migrations/0001_audit_append_only_and_search.sql',
    from: "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\nBEGIN\n  SELECT RAISE(ABORT, 'audit_log is append-only');",
    to: 'CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\nBEGIN\n  SELECT 1;',
    project: 'worker',
    tests: ['tests/staff/audit.test.ts', 'tests/staff/audit-writes.test.ts'],
  },
  {
    name: 'export-injection',
    claim: 'no ledger cell runs as a formula in Excel or WPS',
    file: 'worker/export/csv.ts',
    from: 'const FORMULA_START = /^[=+\\-@\\t\\r]/;',
    to: 'const FORMULA_START = /^[+\\-@\\t\\r]/;',
    project: 'worker',
    tests: ['tests/domain/csv.test.ts', 'tests/export/formats.test.ts'],
  },
  {
    name: 'stale-write-guard',
    claim: 'a change is applied only to the feedback as it was read',
    file: 'worker/db/staff-feedback.ts',
    from: 'const unchanged = eq(feedback.updatedAt, f.updatedAt);',
    to: 'const unchanged = eq(feedback.updatedAt, feedback.updatedAt);',
    project: 'worker',
    tests: ['tests/staff/workflow-api.test.ts'],
  },
  {
    name: 'stale-read-version',
    claim: "a change made on what a clerk read is refused once someone else has changed the feedback",
    file: 'worker/routes/staff/feedback-actions.ts',
    from: 'if (updatedAt !== undefined && updatedAt !== f.updatedAt) throw staleError();',
    to: '',
    project: 'worker',
    tests: ['tests/staff/workflow-api.test.ts'],
  },
  {
    name: 'notice-lossless',
    claim: 'a corrected notice keeps every character of its source',
    file: 'worker/notice/build.ts',
    from: "    if (text === '') return;",
    to: "    if (text === '' || text.length > 60) return;",
    project: 'worker',
    tests: ['tests/notice/reading.test.ts'],
  },
  {
    name: 'assignment',
    claim: 'assigning a feedback sets its department',
    file: 'worker/staff/workflow.ts',
    from: '  const changes: FeedbackChanges = { departmentId };',
    to: '  const changes: FeedbackChanges = {};',
    project: 'worker',
    tests: ['tests/staff/assignment.test.ts'],
  },
  {
    name: 'audit-every-write',
    claim: 'every staff write is in the audit log',
    file: 'worker/db/staff-items.ts',
    from: "auditInsert(db, { at: now, actorId: authorId, action: 'item.comment',",
    to: "auditInsert(db, { at: now, actorId: authorId, action: 'item.note',",
    project: 'worker',
    tests: ['tests/staff/audit-writes.test.ts'],
  },
  {
    name: 'closed-notice-no-feedback',
    claim: 'a notice closed for feedback stays readable and offers no 我要监督',
    file: 'web/public/pages/notice.tsx',
    from: "const open = notice.state === 'published';",
    to: 'const open = true;',
    project: 'worker',
    tests: ['tests/api/notice-states.test.ts'],
  },
  {
    name: 'archived-not-reopened',
    claim: 'an archived notice is unarchived to closed, never straight back to published',
    file: 'worker/notice/lifecycle.ts',
    from: "  archived: ['closed'],",
    to: "  archived: ['closed', 'published'],",
    project: 'worker',
    tests: ['tests/staff/notice-lifecycle.test.ts'],
  },
  {
    name: 'notice-stale-read',
    claim: "a change to a notice made on an older read is refused once someone else has changed it",
    file: 'worker/routes/staff/notice-detail.ts',
    from: 'if (updatedAt !== undefined && updatedAt !== notice.updatedAt) throw staleNotice();',
    to: '',
    project: 'worker',
    tests: ['tests/staff/notice-lifecycle.test.ts', 'tests/staff/item-history.test.ts'],
  },
  {
    name: 'submission-limit',
    claim: 'one client gets 5 submissions an hour, even in parallel',
    file: 'worker/db/rate-limits.ts',
    from: '0) <= ${r.limit}`',
    to: '0) <= ${r.limit * 1000}`',
    project: 'worker',
    tests: ['tests/api/limits.test.ts'],
  },
  {
    name: 'submission-one-round-trip',
    claim: 'a new submission is one round trip to the database once its notice has been seen',
    file: 'worker/feedback/submit.ts',
    from: '  if (notice && calendarGuess) return { notice, calendar: calendarGuess };\n',
    to: '',
    project: 'worker',
    tests: ['tests/api/submission-round-trips.test.ts'],
  },
  {
    name: 'submission-calendar-checked',
    claim: 'a calendar year entered meanwhile sets the legal days of the next submission',
    file: 'worker/db/submission.ts',
    from: 'sql`${calendarStamp} = ${guess.calendarStamp}`,',
    to: 'sql`1`,',
    project: 'worker',
    tests: ['tests/api/submission-round-trips.test.ts'],
  },
  {
    name: 'proof-once',
    claim: 'a proof of work works once',
    file: 'worker/feedback/submit.ts',
    from: "let proof = admission.proof === 'none' ? null : admission.proof;",
    to: 'let proof: UsableProof | null = null;',
    project: 'worker',
    tests: ['tests/api/limits.test.ts'],
  },
  {
    name: 'owner-never-locked-out',
    claim: "a stranger's wrong codes never lock the owner out",
    file: 'worker/feedback/limits.ts',
    from: 'key: `track:${ref}:${client}`',
    to: 'key: `track:${ref}`',
    project: 'worker',
    tests: ['tests/api/limits.test.ts'],
  },
  {
    name: 'atomic-sign-in-lockout',
    claim: 'parallel sign-in guesses get no more tries than sequential ones',
    file: 'worker/db/staff-sessions.ts',
    from: 'where not exists (select 1 from login_failures where key in (${keys}) and locked_until > ${now})',
    to: 'where true',
    project: 'worker',
    tests: ['tests/staff/lockout.test.ts'],
  },
  {
    name: 'flood-count-cap',
    claim: "one client moves an item's public count by at most 3 a day",
    file: 'worker/db/submitters.ts',
    from: 'sum(min(${perDay.n}, ${PUBLIC_COUNT_PER_SUBMITTER_DAY}))',
    to: 'sum(${perDay.n})',
    project: 'worker',
    tests: ['tests/staff/flood-figures.test.ts'],
  },
  {
    name: 'flood-disputed-distinct',
    claim: 'one client cannot make an item 有争议 alone',
    file: 'worker/db/submitters.ts',
    from: 'count(distinct ${submitter})',
    to: 'count(*)',
    project: 'worker',
    tests: ['tests/staff/flood-figures.test.ts'],
  },
  {
    name: 'flood-spam-as-read',
    claim: 'clearing a source marks only what the caller read: what changed or arrived since stays',
    file: 'worker/db/source-spam.ts',
    from: 'lte(feedback.updatedAt, s.readAt)',
    to: 'undefined',
    project: 'worker',
    tests: ['tests/staff/source-spam.test.ts'],
  },
  {
    name: 'items-scope',
    claim: "staff bound to a department are counted their department's feedback on the items screen",
    file: 'worker/db/staff-items.ts',
    from: 'return scope === null ? undefined : eq(feedback.departmentId, scope);',
    to: 'return undefined;',
    project: 'worker',
    tests: ['tests/staff/items-scope.test.ts'],
  },
  {
    name: 'mail-auto-submitted',
    claim: 'an auto-reply (Auto-Submitted other than no) is never made feedback nor answered',
    file: 'worker/mail/automatic.ts',
    from: "if (autoSubmitted && autoSubmitted.split(';')[0]!.trim() !== 'no') return 'auto_reply';",
    to: '',
    project: 'worker',
    tests: ['tests/domain/mail-parts.test.ts'],
  },
  {
    name: 'mail-signature',
    claim: 'POST /api/inbound/email reads only requests signed with INBOUND_MAIL_SECRET',
    file: 'worker/mail/signature.ts',
    from: "return constantTimeEqual(given, expected) ? 'ok' : 'bad';",
    to: "return 'ok';",
    project: 'worker',
    tests: ['tests/api/inbound-email.test.ts'],
  },
  {
    name: 'mail-answer-limit',
    claim: 'one mail sender is answered at most 5 times a day',
    file: 'worker/mail/receive.ts',
    from: "if (!verdict.ok) return 'limited';",
    to: '',
    project: 'worker',
    tests: ['tests/api/email-handler.test.ts'],
  },
  {
    name: 'mail-raw-subject',
    claim: 'a raw 8-bit GBK subject is read again as GB18030',
    file: 'worker/mail/raw-subject.ts',
    from: "return new TextDecoder('gb18030').decode(bytes).trim();",
    to: 'return subject;',
    project: 'worker',
    tests: ['tests/api/inbound-email.test.ts'],
  },
  {
    name: 'review-window',
    claim: 'a review may be asked for within 30 days of the reply (信访工作条例 第三十五条), the 30th day included',
    file: 'worker/feedback/after-reply-rules.ts',
    from: "return shanghaiDate(now) <= lastDay ? { state: 'open', lastDay } : { state: 'expired', lastDay };",
    to: "return shanghaiDate(now) < lastDay ? { state: 'open', lastDay } : { state: 'expired', lastDay };",
    project: 'worker',
    tests: ['tests/api/follow-up.test.ts'],
  },
  {
    name: 'review-once',
    claim: 'a review is asked for once per feedback',
    file: 'worker/feedback/after-reply-rules.ts',
    from: "if (f.reviewRequestedAt !== null) return { state: 'requested', at: f.reviewRequestedAt };",
    to: '',
    project: 'worker',
    tests: ['tests/api/follow-up.test.ts'],
  },
  {
    name: 'attention-cleared-by-reply',
    claim: 'a new reply clears a follow-up or review request awaiting staff',
    file: 'worker/routes/staff/feedback-actions.ts',
    from: "plan.changes.status === 'replied' ? { ...plan.changes, ...attentionCleared(f) } : plan.changes",
    to: 'plan.changes',
    project: 'worker',
    tests: ['tests/staff/attention.test.ts'],
  },
  {
    name: 'export-read-ahead',
    claim: 'an export reads one page of the ledger ahead',
    file: 'worker/export/query.ts',
    from: '    else next = ahead(read(afterId));\n    let timeline',
    to: '    else next = () => read(afterId);\n    let timeline',
    project: 'worker',
    tests: ['tests/export/read-ahead.test.ts'],
  },
  {
    name: 'export-read-ahead-timeline',
    claim: 'an export reads one page of the timeline ahead',
    file: 'worker/export/query.ts',
    from: '    else next = ahead(read(afterId));\n    const rows',
    to: '    else next = () => read(afterId);\n    const rows',
    project: 'worker',
    tests: ['tests/export/read-ahead.test.ts'],
  },
  {
    name: 'export-read-ahead-let-go',
    claim: 'a read ahead that nobody asks for leaves no unhandled error',
    file: 'worker/export/query.ts',
    from: '  reading.catch(() => {});',
    to: '',
    project: 'worker',
    tests: ['tests/export/read-ahead.test.ts'],
  },
  {
    name: 'export-read-ahead-long-pages',
    claim: 'a page of long texts is not followed by another until it is asked for',
    file: 'worker/export/query.ts',
    from: '    else if (textChars(records, LONG_LEDGER_FIELDS) + (events ? textChars(events, [TIMELINE.text]) : 0) > READ_AHEAD_MAX_CHARS) next = () => read(afterId);',
    to: '',
    project: 'worker',
    tests: ['tests/export/read-ahead.test.ts'],
  },
  {
    name: 'notice-shared-build',
    claim: 'readers who miss the notice cache at the same moment share one build',
    file: 'worker/http/notice-cache.ts',
    from: '    const shared = sharedBuild(key, Date.now());',
    to: '    const shared = undefined as ReturnType<typeof sharedBuild>;',
    project: 'worker',
    tests: ['tests/api/notice-cache.test.ts'],
  },
  {
    name: 'notice-shared-build-bounded',
    claim: 'a reader waits for another reader\'s build a short while only',
    file: 'worker/http/notice-cache.ts',
    from: '    const made = await within(shared.made, shared.until - Date.now());',
    to: '    const made = await shared.made;',
    project: 'worker',
    tests: ['tests/api/notice-cache.test.ts'],
  },
  {
    name: 'notice-shared-build-sweep',
    claim: 'a build that never ends holds no later build once its time is up',
    file: 'worker/http/notice-cache.ts',
    from: '  for (const [k, sharing] of building) if (sharing.until <= now) building.delete(k);',
    to: '',
    project: 'worker',
    tests: ['tests/api/notice-cache.test.ts'],
  },
  {
    name: 'notice-shared-build-again',
    claim: 'when a shared build fails, its waiters build again once between them',
    file: 'worker/http/notice-cache.ts',
    from: '  for (let waits = 0; key !== undefined && waits < 2; waits++) {',
    to: '  for (let waits = 0; key !== undefined && waits < 1; waits++) {',
    project: 'worker',
    tests: ['tests/api/notice-cache.test.ts'],
  },
  {
    name: 'notice-shared-build-purge',
    claim: 'a reader after a purge never joins a build begun before it',
    file: 'worker/edge-notice-cache.ts',
    from: '        shareKey: `${key}#${seen}`,',
    to: '        shareKey: key,',
    project: 'worker',
    tests: ['tests/api/notice-cache.test.ts'],
  },
  {
    name: 'staff-write-purges-notice',
    claim: "a staff write that changes the public notice purges its kept copies, where the public Worker hands the staff API on",
    file: 'worker/compose.ts',
    from: ".use('/staff/*', purgeNoticesAfterWrites())",
    to: '',
    project: 'worker',
    tests: ['tests/api/notice-cache.test.ts'],
  },
  {
    name: 'stats-one-pass',
    claim: 'the statistics count by department from the one pass, most first',
    file: 'worker/stats/report.ts',
    from: '.sort((a, b) => b.count - a.count || byName(a.name, b.name));',
    to: '.sort((a, b) => a.count - b.count || byName(a.name, b.name));',
    project: 'worker',
    tests: ['tests/export/stats.test.ts'],
  },
  {
    name: 'ledger-lateness',
    claim: "the ledger's 是否超期 is the statistics' late figure: a step taken on its last day is in time",
    file: 'worker/db/stats.ts',
    from: "case (${shanghaiDay(firstAt(kind))} > ${by}) when 1 then 'late'",
    to: "case (${shanghaiDay(firstAt(kind))} >= ${by}) when 1 then 'late'",
    project: 'worker',
    tests: ['tests/export/ledger-late.test.ts', 'tests/export/late.test.ts'],
  },
  {
    name: 'mail-needs-secret',
    claim: 'without APP_SECRET, mail through Email Routing is refused for now, nothing read or stored',
    file: 'worker/cloudflare-mail.ts',
    from: 'if (missing.length > 0) {',
    to: 'if (missing.length > 1) {',
    project: 'worker',
    tests: ['tests/api/email-handler.test.ts'],
  },
  {
    name: 'audit-target-ref',
    claim: 'the audit log names a feedback target by its reference',
    file: 'worker/db/audit.ts',
    from: 'targetRef: targetRef ?? null,',
    to: 'targetRef: null,',
    project: 'worker',
    tests: ['tests/staff/audit.test.ts'],
  },
  {
    name: 'department-default-view',
    claim: "a department's handler's inbox opens on 未办结, where work already accepted and assigned to it waits",
    file: 'web/staff/pages/inbox/views.ts',
    from: 'return ownDepartment === null ? TRIAGE_VIEW : DEPARTMENT_VIEW;',
    to: 'return TRIAGE_VIEW;',
    project: 'browser',
    tests: ['tests/browser/hand-back.test.ts'],
  },
  {
    name: 'bulk-spam-confirm',
    claim: 'bulk 标为无效 asks once more before it acts',
    file: 'web/staff/pages/inbox/bulk.tsx',
    from: "if (action === 'spam' && !confirmed) {",
    to: "if (action === 'spam' && confirmed) {",
    project: 'browser',
    tests: ['tests/browser/bulk-triage.test.ts'],
  },
  {
    name: 'track-duplicate-ref',
    claim: 'a duplicate names the reference the matter is handled under',
    file: 'worker/feedback/track.ts',
    from: "duplicateOf: f.status === 'duplicate' ? (events.findLast((e) => e.type === 'duplicate')?.text ?? null) : null,",
    to: 'duplicateOf: null,',
    project: 'worker',
    tests: ['tests/api/track-closed.test.ts'],
  },
  {
    name: 'large-text-resolved-back',
    claim: "大字 without scripts goes back only to a path of this site as resolved (/.//host is another site's)",
    file: 'worker/routes/pages.ts',
    from: "return url.origin === NO_SITE && !back.startsWith('//') ? back : '/';",
    to: "return url.origin === NO_SITE ? back : '/';",
    project: 'worker',
    tests: ['tests/api/large-text.test.ts'],
  },
  {
    name: 'large-text-this-site',
    claim: "a 大字 form from another site sets nothing",
    file: 'worker/routes/pages.ts',
    from: "if (!fromThisSite(c)) return c.redirect('/', 303);",
    to: "if (fromThisSite(c) && false) return c.redirect('/', 303);",
    project: 'worker',
    tests: ['tests/api/large-text.test.ts'],
  },
  {
    name: 'rating-not-review',
    claim: 'under a 不满意 the page says a rating reopens nothing and points to 请求复查, or past its day to the office’s phone',
    file: 'web/public/components/rating.tsx',
    from: '{f.rating === 1 && <AfterUnsatisfied f={f} contacts={contacts} />}',
    to: '',
    project: 'worker',
    tests: ['tests/api/track-page.test.ts'],
  },
  {
    name: 'draft-no-contacts',
    claim: 'a draft never keeps the name, phone, e-mail or consent',
    file: 'web/public/lib/draft.ts',
    from: "const kept = (d: Draft | null): Draft | null => d && { ...d, name: '', phone: '', email: '', consent: false };",
    to: 'const kept = (d: Draft | null): Draft | null => d;',
    project: 'browser',
    tests: ['tests/browser/draft.test.ts'],
  },
  {
    name: 'privacy-request-hash',
    claim: "a submission's idempotency record holds a hash of the request keyed by its Idempotency-Key",
    file: 'worker/feedback/submit.ts',
    from: 'return sha256Hex(`request:${idempotencyKey}\\n${request}`);',
    to: 'return sha256Hex(request);',
    project: 'worker',
    tests: ['tests/api/feedback-submit.test.ts'],
  },
  {
    name: 'privacy-idempotency-forget',
    claim: "the daily housekeeping forgets the request hash of submissions' idempotency records older than 90 days",
    file: 'worker/db/housekeeping.ts',
    from: '.where(and(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_HASH_DAYS * DAY_MS), ne(',
    to: '.where(and(lt(idempotencyKeys.createdAt, 0), ne(',
    project: 'worker',
    tests: ['tests/domain/housekeeping.test.ts'],
  },
  {
    name: 'idempotency-late-retry',
    claim: 'a retry however late gets its receipt and is never stored twice',
    file: 'worker/feedback/submit.ts',
    from: 'const same = stored.requestHash === FORGOTTEN_REQUEST || ',
    to: 'const same = ',
    project: 'worker',
    tests: ['tests/domain/housekeeping.test.ts'],
  },
  {
    name: 'privacy-log-params',
    claim: "a failure's log line never holds a failed query's parameters",
    file: 'worker/lib/failure.ts',
    from: "if (isQueryError(err)) return `failed query",
    to: "if (isQueryError(err)) return err.message + `failed query",
    project: 'worker',
    tests: ['tests/api/failure-log.test.ts'],
  },
  {
    name: 'privacy-retention-replied',
    claim: 'replied feedback with no change for the whole period and nothing awaiting staff loses its contact details',
    file: 'worker/feedback/retention.ts',
    from: "and(eq(feedback.status, 'replied'), isNull(feedback.attention), lt(feedback.updatedAt, repliedCutoff)),",
    to: "and(eq(feedback.status, 'replied'), isNull(feedback.attention), lt(feedback.updatedAt, 0)),",
    project: 'worker',
    tests: ['tests/domain/retention.test.ts'],
  },
  {
    name: 'notify-no-redirect',
    claim: 'a notification never follows a redirect',
    file: 'worker/notify/message.ts',
    from: "      redirect: 'manual',",
    to: "      redirect: 'follow',",
    project: 'worker',
    tests: ['tests/domain/notify-signing.test.ts'],
  },
  {
    name: 'notify-public-origin',
    claim: "a public follow-up's notification never links to the Host it named",
    file: 'worker/routes/after-reply.ts',
    from: 'configuredOrigin(c.env.PUBLIC_ORIGIN));',
    to: 'configuredOrigin(c.env.PUBLIC_ORIGIN) ?? new URL(c.req.url).origin);',
    project: 'worker',
    tests: ['tests/staff/notify-targets.test.ts'],
  },
  {
    name: 'input-unprintable',
    claim: 'text with a NUL or other control character is refused with the field\'s message, never acknowledged and lost',
    file: 'worker/feedback/rules.ts',
    from: "return text.search(CONTROL) >= 0 || text.includes('\\uFFFD');",
    to: "return text.includes('\\uFFFD');",
    project: 'worker',
    tests: ['tests/api/text-rules.test.ts', 'tests/staff/text-rules.test.ts'],
  },
  {
    name: 'input-id-param',
    claim: 'an id past 2^53 − 1 is the route\'s 404, never the row its digits round to',
    file: 'worker/http/id-param.ts',
    from: 'return Number.isSafeInteger(id) && id > 0 ? id : null;',
    to: 'return id > 0 ? id : null;',
    project: 'worker',
    tests: ['tests/staff/bad-ids.test.ts'],
  },
  {
    name: 'input-not-an-object',
    claim: 'a JSON body that is not an object is a 400 with no field',
    file: 'worker/http/validate.ts',
    from: "export const notAnObject = () => new ApiError(400, 'malformed_json', errorMessages.malformedJson);",
    to: "export const notAnObject = () => new ApiError(422, 'validation_failed', errorMessages.validation, { _: errorMessages.validation });",
    project: 'worker',
    tests: ['tests/staff/input-messages.test.ts', 'tests/api/non-object-body.test.ts'],
  },
  {
    name: 'privacy-search-token-user',
    claim: 'sealed search words open only for the member of staff they were sealed for',
    file: 'worker/staff/search-token.ts',
    from: 'sealed.u !== userId || ',
    to: '',
    project: 'worker',
    tests: ['tests/staff/search-words.test.ts'],
  },
];

interface Outcome {
  name: string;
  caught: boolean;
  by: string[];
  seconds: number;
}

function run(cmd: string, args: string[]): number {
  return spawnSync(cmd, args, { stdio: 'ignore', env: process.env }).status ?? 1;
}

// vitest.config.ts writes its JSON report here on every run.
const REPORT = 'test-results/vitest.json';

/** The failed tests of a vitest JSON report, as "file › test". */
function failedTests(report: string): string[] {
  try {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { testResults: Array<{ name: string; assertionResults: Array<{ status: string; fullName: string }> }> };
    return r.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${f.name.replace(`${process.cwd()}/`, '')} › ${a.fullName}`),
    );
  } catch {
    return [];
  }
}

let restore: (() => void) | null = null;
process.on('SIGINT', () => {
  restore?.();
  process.exit(130);
});

function tryBreak(b: Break): Outcome {
  const original = readFileSync(b.file, 'utf8');
  const count = original.split(b.from).length - 1;
  if (count !== 1) throw new Error(`${b.name}: expected the text once in ${b.file}, found it ${count} times; update scripts/mutate.ts`);
  const started = Date.now();
  restore = () => writeFileSync(b.file, original);
  try {
    writeFileSync(b.file, original.replace(b.from, b.to));
    rmSync(REPORT, { force: true });
    const status = run('npx', ['vitest', 'run', '--project', b.project, ...b.tests]);
    const by = failedTests(REPORT);
    return { name: b.name, caught: status !== 0, by, seconds: (Date.now() - started) / 1000 };
  } finally {
    restore();
    restore = null;
  }
}

const wanted = process.argv.slice(2);
const chosen = BREAKS.filter((b) => wanted.length === 0 || wanted.some((w) => b.name.includes(w)));
const outcomes: Outcome[] = [];
for (const b of chosen) {
  const o = tryBreak(b);
  outcomes.push(o);
  console.log(`${b.name.padEnd(26)} ${o.caught ? 'caught' : 'SURVIVED'} in ${o.seconds.toFixed(0)} s${o.by.length ? ` by ${o.by.length} test(s):` : ''}`);
  for (const t of o.by.slice(0, 5)) console.log(`    ${t}`);
  if (o.by.length > 5) console.log(`    … and ${o.by.length - 5} more`);
}

const survived = outcomes.filter((o) => !o.caught);
console.log(`\nmutate: ${outcomes.length - survived.length} caught, ${survived.length} survived`);
for (const o of survived) console.log(`  survived: ${o.name}: ${BREAKS.find((b) => b.name === o.name)!.claim}`);
process.exit(survived.length > 0 ? 1 : 0);
