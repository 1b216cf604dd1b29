/**
 * Where a web submission came from, as far as staff may know it: the short
 * fingerprint of its client (来源标识), never the address, and a link to what
 * that source sent in the hour around this feedback, with how many. Feedback
 * that staff entered has no source, and shows none.
 */
import { nothing } from '../../lib/api';
import { href } from '../../lib/router';
import { staffApi, type FeedbackDetail, type SourceFigures } from '../../lib/staff-api';
import { useResource } from '../../lib/use-resource';

/** The inbox of one source in the hour around an instant. */
export function sourceInbox(source: string, around: number): string {
  return href('/inbox', { source, around: String(around) });
}

export function SourceFacts({ f }: { f: FeedbackDetail }) {
  const source = f.source;
  const figures = useResource<SourceFigures | null>(() => (source ? staffApi.sourceFigures(source, f.receivedAt) : nothing()), `source:${source}:${f.receivedAt}:${f.updatedAt}`);
  if (!source) return null;
  const total = figures.data?.total;
  return (
    <>
      <dt>来源标识</dt>
      <dd>
        <code class="source">{source}</code> <span class="meta">（提交者网络地址的加密摘要，无法还原为地址）</span>
        <br />
        <a href={sourceInbox(source, f.receivedAt)}>同一来源一小时内的反馈{total === undefined ? '' : `（${total}）`}</a>
      </dd>
    </>
  );
}
