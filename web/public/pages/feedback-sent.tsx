import { useEffect } from 'preact/hooks';
import { ReceiptPanel } from '../components/receipt';
import { remember } from '../lib/outbox';
import type { PageData } from '../page-data';

/** The receipt of the form sent without scripts; when a script does run, it joins this phone's list of feedback. */
export default function FeedbackSentRoute({ sent }: Extract<PageData, { page: 'feedback-sent' }>) {
  useEffect(() => remember(sent.receipt, sent.notice.slug, sent.item), []);
  return <ReceiptPanel sent={sent} />;
}
