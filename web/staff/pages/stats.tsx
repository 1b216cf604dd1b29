/**
 * PLACEHOLDER, to be replaced by the statistics work (owned by another engineer).
 */
import { Page } from '../components/page';

export function StatsPage() {
  return (
    <Page title="统计">
      <p>统计功能即将上线。</p>
    </Page>
  );
}
