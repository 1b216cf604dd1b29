/**
 * A new notice: paste or upload its text, review the parser's reading line by
 * line, correct it, and save it as a draft.
 */
import { Page } from '../../components/page';

export function NewNoticePage() {
  return <Page title="新建通报">{null}</Page>;
}
