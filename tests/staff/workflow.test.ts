/**
 * The workflow as plain functions: every pair of statuses, legal or not, for each role.
 */
import { describe, expect, it } from 'vitest';
import { FEEDBACK_STATUSES } from '../../worker/db/schema';
import { DEFAULT_DEADLINES } from '../../worker/feedback/deadlines';
import {
  assignmentChanges, nextStatuses, overdue, planExtension, planNote, planReturn, planTransition, type FeedbackState, type FeedbackStatus, type TransitionRequest,
} from '../../worker/staff/workflow';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const RECEIVED = Date.parse('2026-03-01T09:00:00+08:00');

function state(status: FeedbackStatus, over: Partial<FeedbackState> = {}): FeedbackState {
  return { id: 1, status, receivedAt: RECEIVED, acceptedAt: null, acknowledgeBy: '2026-03-16', replyBy: '2026-04-30', extensionDays: 0, departmentId: 7, ...over };
}

/** Everything each step may need, so that only legality decides. */
const complete: Omit<TransitionRequest, 'to'> = {
  reason: '不属于本通报范围',
  duplicateOf: { id: 2, ref: 'DX-2603-AB2C' },
  department: { id: 7, name: '城管科' },
  reply: '已整改完毕。',
};

const LEGAL: Array<[FeedbackStatus, FeedbackStatus, 'any' | 'admin']> = [
  ['new', 'accepted', 'any'],
  ['new', 'declined', 'any'],
  ['new', 'duplicate', 'any'],
  ['new', 'spam', 'any'],
  ['accepted', 'in_progress', 'any'],
  ['in_progress', 'replied', 'any'],
  ['replied', 'closed', 'any'],
  ['declined', 'new', 'admin'],
  ['duplicate', 'new', 'admin'],
  ['spam', 'new', 'admin'],
  ['replied', 'accepted', 'admin'],
  ['closed', 'accepted', 'admin'],
];

const pairs = FEEDBACK_STATUSES.flatMap((from) => FEEDBACK_STATUSES.map((to) => [from, to] as const));

describe('planTransition', () => {
  it.each(pairs)('from %s to %s is allowed exactly as the table says, for admins and handlers', (from, to) => {
    const legal = LEGAL.find(([f, t]) => f === from && t === to);
    const asAdmin = planTransition(state(from), { to, ...complete }, 'admin', NOW, DEFAULT_DEADLINES);
    const asHandler = planTransition(state(from), { to, ...complete }, 'handler', NOW, DEFAULT_DEADLINES);
    expect(asAdmin.ok).toBe(legal !== undefined);
    expect(asHandler.ok).toBe(legal?.[2] === 'any');
    if (!legal) expect(asAdmin).toEqual({ ok: false, refusal: { kind: 'illegal', from, to } });
    if (legal?.[2] === 'admin') expect(asHandler).toEqual({ ok: false, refusal: { kind: 'adminOnly' } });
  });

  it('lists for each role the statuses it may move feedback to', () => {
    expect(nextStatuses('new', 'handler')).toEqual(['accepted', 'declined', 'duplicate', 'spam']);
    expect(nextStatuses('closed', 'handler')).toEqual([]);
    expect(nextStatuses('closed', 'admin')).toEqual(['accepted']);
    expect(nextStatuses('spam', 'admin')).toEqual(['new']);
    expect(nextStatuses('new', 'viewer')).toEqual([]);
  });

  it('restarts the reply period from the day of acceptance', () => {
    const plan = planTransition(state('new'), { to: 'accepted' }, 'handler', NOW, DEFAULT_DEADLINES);
    expect(plan).toEqual({
      ok: true,
      changes: { status: 'accepted', acceptedAt: NOW, replyBy: '2026-05-09', replyByLegal: null },
      event: { type: 'accepted', public: true, fromStatus: 'new', toStatus: 'accepted', text: null },
    });
  });

  it.each([
    ['declined', {}, { reason: 'reason.required' }],
    ['declined', { reason: '   ' }, { reason: 'reason.required' }],
    ['declined', { reason: '理'.repeat(501) }, { reason: 'reason.tooLong' }],
    ['duplicate', {}, { duplicateOf: 'duplicateOf.required' }],
    ['duplicate', { duplicateOf: { id: 1, ref: 'DX-2603-AB2C' } }, { duplicateOf: 'duplicateOf.self' }],
  ] as const)('refuses new → %s with %j: %j', (to, extra, fields) => {
    expect(planTransition(state('new'), { to, ...extra }, 'handler', NOW, DEFAULT_DEADLINES)).toEqual({ ok: false, refusal: { kind: 'invalid', fields } });
  });

  it('needs a department to start work, and a reply text to reply', () => {
    expect(planTransition(state('accepted'), { to: 'in_progress' }, 'handler', NOW, DEFAULT_DEADLINES)).toEqual({
      ok: false, refusal: { kind: 'invalid', fields: { departmentId: 'departmentId.required' } },
    });
    expect(planTransition(state('in_progress'), { to: 'replied', reply: '' }, 'handler', NOW, DEFAULT_DEADLINES)).toEqual({
      ok: false, refusal: { kind: 'invalid', fields: { reply: 'reply.required' } },
    });
  });

  it('publishes the reason, the duplicated reference, the department and the reply on the timeline', () => {
    const text = (from: FeedbackStatus, to: FeedbackStatus) => {
      const p = planTransition(state(from), { to, ...complete }, 'admin', NOW, DEFAULT_DEADLINES);
      return p.ok ? [p.event.type, p.event.public, p.event.text] : null;
    };
    expect(text('new', 'declined')).toEqual(['declined', true, '不属于本通报范围']);
    expect(text('new', 'duplicate')).toEqual(['duplicate', true, 'DX-2603-AB2C']);
    expect(text('accepted', 'in_progress')).toEqual(['in_progress', true, '城管科']);
    expect(text('in_progress', 'replied')).toEqual(['replied', true, '已整改完毕。']);
    expect(text('closed', 'accepted')).toEqual(['reopened', true, '不属于本通报范围']);
  });

  it('withdraws the reply when a closed feedback is reopened, and forgets the duplicate when a duplicate is', () => {
    const reopened = planTransition(state('closed'), { to: 'accepted', reason: '答复有误' }, 'admin', NOW, DEFAULT_DEADLINES);
    expect(reopened.ok && reopened.changes).toEqual({ status: 'accepted', reply: null, repliedAt: null, closedAt: null });
    const renewed = planTransition(state('duplicate'), { to: 'new', reason: '并不重复' }, 'admin', NOW, DEFAULT_DEADLINES);
    expect(renewed.ok && renewed.changes).toEqual({ status: 'new', duplicateOfId: null });
    expect(planTransition(state('spam'), { to: 'new' }, 'admin', NOW, DEFAULT_DEADLINES)).toEqual({
      ok: false, refusal: { kind: 'invalid', fields: { reason: 'reason.required' } },
    });
  });
});

describe('legal last days beside the calendar ones', () => {
  it('sets the legal reply day when the period ends in a holiday: accepted 2026-08-04, 60 days end on 10-03, legally 10-08', () => {
    const plan = planTransition(state('new'), { to: 'accepted' }, 'handler', Date.parse('2026-08-04T10:00:00+08:00'), DEFAULT_DEADLINES);
    expect(plan.ok && plan.changes).toMatchObject({ replyBy: '2026-10-03', replyByLegal: '2026-10-08' });
  });

  it('sets it on an extension too, and clears it when the new day is a workday', () => {
    const accepted = state('accepted', { acceptedAt: Date.parse('2026-03-05T10:00:00+08:00') });
    // 60 + 1 days from 3-05 is 2026-05-05, the last day of 劳动节: legally 5-06.
    expect(planExtension(accepted, 1, '需要会商', DEFAULT_DEADLINES)).toMatchObject({ ok: true, changes: { replyBy: '2026-05-05', replyByLegal: '2026-05-06' } });
    expect(planExtension(accepted, 5, '需要会商', DEFAULT_DEADLINES)).toMatchObject({ ok: true, changes: { replyBy: '2026-05-09', replyByLegal: null } });
  });
});

describe('planExtension', () => {
  const accepted = state('accepted', { acceptedAt: Date.parse('2026-03-05T10:00:00+08:00') });

  it('adds the days to the period that runs from acceptance', () => {
    expect(planExtension(accepted, 30, '需要现场核查', DEFAULT_DEADLINES)).toEqual({
      ok: true,
      changes: { extensionDays: 30, extensionReason: '需要现场核查', replyBy: '2026-06-03', replyByLegal: null },
      event: { type: 'extended', public: true, fromStatus: null, toStatus: null, text: '需要现场核查' },
    });
  });

  it.each([0, 31, 1.5, Number.NaN])('refuses %s days', (days) => {
    expect(planExtension(accepted, days, '理由', DEFAULT_DEADLINES)).toEqual({ ok: false, refusal: { kind: 'invalid', fields: { days: 'days.outOfRange' } } });
  });

  it('needs a reason, allows one extension only, and only while the feedback is being handled', () => {
    expect(planExtension(accepted, 5, ' ', DEFAULT_DEADLINES)).toEqual({ ok: false, refusal: { kind: 'invalid', fields: { reason: 'reason.required' } } });
    expect(planExtension({ ...accepted, extensionDays: 5 }, 5, '再延', DEFAULT_DEADLINES)).toEqual({ ok: false, refusal: { kind: 'alreadyExtended' } });
    for (const status of ['new', 'declined', 'replied', 'closed'] as const) {
      expect(planExtension(state(status), 5, '理由', DEFAULT_DEADLINES)).toEqual({ ok: false, refusal: { kind: 'notExtendable' } });
    }
  });
});

describe('planReturn (退回)', () => {
  const REASON = '属于城建办的职责，不归本部门办理';

  it('hands work in progress back as accepted, with the department cleared and the reason kept, on the internal timeline', () => {
    expect(planReturn(state('in_progress', { departmentSeenAt: NOW - 1000 }), `  ${REASON} `, NOW)).toEqual({
      ok: true,
      changes: { departmentId: null, returnedAt: NOW, returnReason: REASON, status: 'accepted', departmentSeenAt: null },
      event: { type: 'returned', public: false, fromStatus: 'in_progress', toStatus: 'accepted', text: REASON },
    });
  });

  it('leaves the status of new and accepted feedback as it is', () => {
    for (const status of ['new', 'accepted'] as const) {
      expect(planReturn(state(status), REASON, NOW)).toEqual({
        ok: true,
        changes: { departmentId: null, returnedAt: NOW, returnReason: REASON },
        event: { type: 'returned', public: false, fromStatus: null, toStatus: null, text: REASON },
      });
    }
  });

  it('needs a reason of at most 500 characters', () => {
    expect(planReturn(state('accepted'), ' ', NOW)).toEqual({ ok: false, refusal: { kind: 'invalid', fields: { reason: 'reason.required' } } });
    expect(planReturn(state('accepted'), null, NOW)).toEqual({ ok: false, refusal: { kind: 'invalid', fields: { reason: 'reason.required' } } });
    expect(planReturn(state('accepted'), '理'.repeat(501), NOW)).toEqual({ ok: false, refusal: { kind: 'invalid', fields: { reason: 'reason.tooLong' } } });
  });

  it('refuses feedback that is no longer open, or that no department has', () => {
    for (const status of ['replied', 'closed', 'declined', 'duplicate', 'spam'] as const) {
      expect(planReturn(state(status), REASON, NOW)).toEqual({ ok: false, refusal: { kind: 'notReturnable' } });
    }
    expect(planReturn(state('accepted', { departmentId: null }), REASON, NOW)).toEqual({ ok: false, refusal: { kind: 'notReturnable' } });
  });
});

describe('assignmentChanges', () => {
  it('clears a return once the feedback is given to a department, and makes it newly assigned work for another one', () => {
    const returned = state('accepted', { departmentId: null, returnedAt: NOW - 1000, departmentSeenAt: null });
    expect(assignmentChanges(returned, 9)).toEqual({ departmentId: 9, returnedAt: null, returnReason: null });
    const seen = state('accepted', { departmentId: 7, returnedAt: null, departmentSeenAt: NOW - 1000 });
    expect(assignmentChanges(seen, 9)).toEqual({ departmentId: 9, departmentSeenAt: null });
    // The same department again: still signed for.
    expect(assignmentChanges(seen, 7)).toEqual({ departmentId: 7 });
    // Taken away from any department: no longer anyone's to sign for, and still returned if it was.
    expect(assignmentChanges({ ...returned, departmentId: 7 }, null)).toEqual({ departmentId: null });
  });

  it('applies to starting work with a department too', () => {
    const returned = state('accepted', { departmentId: null, returnedAt: NOW - 1000 });
    const plan = planTransition(returned, { to: 'in_progress', department: { id: 9, name: '城建办' } }, 'handler', NOW, DEFAULT_DEADLINES);
    expect(plan.ok && plan.changes).toEqual({ status: 'in_progress', departmentId: 9, returnedAt: null, returnReason: null });
  });
});

describe('planNote', () => {
  it('keeps notes off the public timeline', () => {
    expect(planNote(' 已电话联系反映人 ')).toEqual({ ok: true, changes: {}, event: { type: 'note', public: false, fromStatus: null, toStatus: null, text: '已电话联系反映人' } });
    expect(planNote('')).toEqual({ ok: false, refusal: { kind: 'invalid', fields: { text: 'text.required' } } });
  });
});

describe('overdue', () => {
  const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`);

  it('flags acknowledgement only while the feedback is new, from the day after its acknowledge-by date', () => {
    expect(overdue(state('new'), at('2026-03-16'))).toEqual({ acknowledge: false, reply: false });
    expect(overdue(state('new'), at('2026-03-17'))).toEqual({ acknowledge: true, reply: false });
    expect(overdue(state('accepted'), at('2026-03-17'))).toEqual({ acknowledge: false, reply: false });
  });

  it('flags the reply while the feedback is open after its reply-by date, never once replied or dismissed', () => {
    for (const status of ['new', 'accepted', 'in_progress'] as const) expect(overdue(state(status), at('2026-05-01')).reply).toBe(true);
    for (const status of ['replied', 'closed', 'declined', 'duplicate', 'spam'] as const) expect(overdue(state(status), at('2026-05-01')).reply).toBe(false);
  });
});
