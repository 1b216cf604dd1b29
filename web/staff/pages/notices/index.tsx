/**
 * The 通报 screen: every notice with its state and counts, and its lifecycle actions.
 */
import { Page } from '../../components/page';

export function NoticesPage() {
  return (
    <Page title="通报">
      <p>
        <a href="#/notices/new">新建通报</a>
      </p>
    </Page>
  );
}
