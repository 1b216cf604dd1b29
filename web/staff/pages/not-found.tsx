import { Page } from '../components/page';

export function NotFoundPage() {
  return (
    <Page title="找不到这个页面">
      <p>
        地址可能有误。请从<a href="#/inbox">收件箱</a>重新进入。
      </p>
    </Page>
  );
}
