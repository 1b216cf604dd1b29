/**
 * The console's calls for notification targets (通知渠道) and the outbox. Types only from the
 * worker. A change or deletion carries the target's updatedAt as read (409 stale otherwise); an
 * address or secret left empty in a change is kept, since the console only ever sees them masked.
 */
import type { TargetView } from '../../../worker/db/notify-targets';
import type { OutboxRow } from '../../../worker/db/notify-outbox';
import type { AttemptRecord } from '../../../worker/db/notify-outbox';
import type { NotifyMessage } from '../../../worker/notify/message';
import type { NotifyTargetKind } from '../../../worker/notify/targets';
import { api } from './api';

export type { TargetView, NotifyTargetKind };
export type Notification = Omit<OutboxRow, 'message'> & { message: NotifyMessage; attempts: Array<AttemptRecord & { id: number }> };

const BASE = '/api/staff/notify-targets';

export interface NewTarget {
  departmentId: number | null;
  kind: NotifyTargetKind;
  name: string;
  url: string;
  secret: string | null;
}

export const notifyApi = {
  targets: () => api.get<{ targets: TargetView[] }>(BASE),
  add: (t: NewTarget) => api.post<TargetView>(BASE, t),
  change: (t: Pick<TargetView, 'id' | 'updatedAt'>, change: { name?: string; url?: string; secret?: string; enabled?: boolean }) =>
    api.patch<TargetView>(`${BASE}/${t.id}`, { ...change, updatedAt: t.updatedAt }),
  remove: (t: Pick<TargetView, 'id' | 'updatedAt'>) => api.delete<void>(`${BASE}/${t.id}?updatedAt=${t.updatedAt}`),
  test: (t: Pick<TargetView, 'id'>) => api.post<{ notification: Notification | null }>(`${BASE}/${t.id}/test`, {}),
  outbox: () => api.get<{ notifications: Notification[] }>(`${BASE}/outbox`),
};
