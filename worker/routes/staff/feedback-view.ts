/**
 * One feedback as the console shows it: contact details masked, deadlines with
 * days left and overdue flags, the whole timeline, and what this user may do.
 */
import type { Context } from 'hono';
import type { Db } from '../../db/client';
import { feedbackWithTimeline, findFeedback, type FeedbackRow } from '../../db/staff-feedback';
import { legalLastDay, type HolidayCalendar } from '../../calendar/calendar';
import { loadCalendar } from '../../calendar/deadlines';
import { daysLeft, type OverdueRule } from '../../feedback/deadlines';
import { ApiError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { sourceOf } from '../../lib/source';
import { allowedActions } from '../../staff/actions';
import { maskContact } from '../../staff/masking';
import { staffErrors } from '../../staff/messages';
import { can, inScope, type StaffUser } from '../../staff/roles';
import { overdue } from '../../staff/workflow';
import { itemOfRow } from '../../db/item-label';
import { attentionOf } from '../../db/staff-inbox';
import { mailOfFeedback } from '../../db/inbound-mail';
import { feedbackPhotoRows } from '../../db/staff-photos';
import { PHOTO_MAX_PER_FEEDBACK } from '../../photos/limits';
import { photosAddable, staffPhotoOf } from './photo-view';

export function hasContact(f: Pick<FeedbackRow, 'name' | 'phone' | 'email'>): boolean {
  return f.name !== null || f.phone !== null || f.email !== null;
}

const feedbackNotFound = () => new ApiError(404, 'feedback_not_found', staffErrors.feedbackNotFound);

/** The feedback id in the path (`:id`); one that cannot be an id is not found, as one that does not exist. */
export const feedbackIdOf = (c: Context) => idParam(c, 'id', feedbackNotFound);

/** The feedback if it exists and is within the user's scope; otherwise the same 404 either way. */
export async function feedbackInScope(db: Db, id: number, user: StaffUser): Promise<FeedbackRow> {
  const f = await findFeedback(db, id);
  if (!f || !inScope(user, f.departmentId)) throw feedbackNotFound();
  return f;
}

/** The first notice year the calendar lacks to find these days' legal last days; null when it has them all. */
function uncoveredYear(days: string[], cal: HolidayCalendar): number | null {
  for (const day of days) {
    const legal = legalLastDay(day, cal);
    if (!legal.covered) return legal.missingYear;
  }
  return null;
}

export async function feedbackDetail(db: Db, id: number, user: StaffUser, now: number, rule: OverdueRule = 'calendar') {
  const [d, cal, photoRows] = await Promise.all([feedbackWithTimeline(db, id), loadCalendar(db), feedbackPhotoRows(db, id)]);
  if (!d || !inScope(user, d.f.departmentId)) throw feedbackNotFound();
  const f = d.f;
  const mail = f.channel === 'email' ? await mailOfFeedback(db, f.id) : null;
  const photos = photoRows.map((p) => staffPhotoOf(f.id, p));
  const addPhotos = can(user, 'feedback.handle') && photosAddable(f.channel) && photos.length < PHOTO_MAX_PER_FEEDBACK;
  return {
    id: f.id,
    ref: f.ref,
    status: f.status,
    kind: f.kind,
    channel: f.channel,
    content: f.content,
    anonymous: f.anonymous,
    hasContact: hasContact(f),
    /** The short fingerprint of the client that sent it (来源标识), never its address; null when staff entered it. */
    source: sourceOf(f.clientHash),
    /** Masked for everyone; POST …/reveal gives the full values and is audited. */
    contact: maskContact(f),
    consentAt: f.consentAt,
    notice: { slug: d.noticeSlug, title: d.noticeTitle },
    item: itemOfRow(f.itemId, d),
    department: f.departmentId === null ? null : { id: f.departmentId, name: d.departmentName ?? '' },
    /** When someone of the assigned department first opened it (签收); null while newly assigned and unopened. */
    departmentSeenAt: f.departmentSeenAt,
    /** The last hand-back (退回) by a department, while not assigned again. */
    returned: f.returnedAt === null ? null : { at: f.returnedAt, reason: f.returnReason },
    duplicateOf: f.duplicateOfId === null ? null : { id: f.duplicateOfId, ref: d.duplicateOfRef ?? '' },
    enteredBy: f.enteredBy === null ? null : { id: f.enteredBy, displayName: d.enteredByName ?? '' },
    receivedAt: f.receivedAt,
    /** Logged by staff without the time of day: show receivedAt's date only. */
    receivedTimeUnknown: f.receivedTimeUnknown,
    /** Sent through the form without scripts, so without a proof of work (待核实): staff should check a person sent it. */
    needsCheck: f.needsCheck,
    acceptedAt: f.acceptedAt,
    repliedAt: f.repliedAt,
    closedAt: f.closedAt,
    acknowledgeBy: f.acknowledgeBy,
    replyBy: f.replyBy,
    acknowledgeDaysLeft: daysLeft(f.acknowledgeBy, now),
    replyDaysLeft: daysLeft(f.replyBy, now),
    /**
     * The legal last days (民法典 第二百零三条 by analogy) where they differ from the calendar days,
     * and the notice year the calendar lacks to judge them (never guessed: shown as unknown).
     */
    legal: {
      acknowledgeBy: f.acknowledgeByLegal,
      replyBy: f.replyByLegal,
      uncoveredYear: uncoveredYear([f.acknowledgeBy, f.replyBy], cal),
    },
    overdueRule: rule,
    overdue: overdue(f, now, rule),
    extension: f.extensionDays > 0 ? { days: f.extensionDays, reason: f.extensionReason } : null,
    reply: f.reply,
    rating: f.rating === null ? null : { value: f.rating, comment: f.ratingComment, at: f.ratedAt },
    /** A follow-up or review request awaiting staff, and by which day to answer it (POST …/attention answers it). */
    attention: attentionOf(f),
    /** When the submitter asked for a review (请求复查, once per feedback). */
    reviewRequestedAt: f.reviewRequestedAt,
    /**
     * What came by mail in (worker/mail/): whether the sender was answered with the reference and
     * query code (sent, failed, not_configured, limited) and the attachments, by name, type and
     * size (the files are not stored); null for feedback that came otherwise.
     */
    mail,
    /**
     * Evidence photos (issue 14), the submitter's and those staff added, in order; each `url` is
     * an audited view (feedback-photos.ts), null once the retention erasure removed the photo.
     */
    photos,
    timeline: d.timeline,
    notes: d.timeline.filter((e) => e.type === 'note'),
    /** `addPhotos`: staff may add photos here (feedback they logged, room left; POST …/photos). */
    allowedActions: { ...allowedActions(user, f, hasContact(f)), addPhotos },
    updatedAt: f.updatedAt,
  };
}

export type FeedbackDetail = Awaited<ReturnType<typeof feedbackDetail>>;
