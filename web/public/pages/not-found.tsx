import type { PageData } from '../page-data';

export default function NotFoundRoute(_data: Extract<PageData, { page: 'not-found' }>) {
  return (
    <>
      <h1>找不到这个页面</h1>
      <p>
        <a href="/">返回首页</a>
      </p>
    </>
  );
}
