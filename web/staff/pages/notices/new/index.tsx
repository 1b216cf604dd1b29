/**
 * A new notice, in three steps on one screen: the text (pasted, or a .txt or
 * .docx file), the review of how it was read, and the notice's particulars.
 * Every correction is sent to the server, which reads the text again with it:
 * the rules of reading live in one place, and what is shown is what will be saved.
 */
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../../../components/error-summary';
import { Page } from '../../../components/page';
import { noticeImportApi, type Corrections, type Reading } from '../../../lib/notice-import-api';
import { useForm } from '../../../lib/use-form';
import { useAnnounce } from '../../../state/announcer';
import { MetaForm } from './meta-form';
import { ReviewPanel } from './review-panel';
import { Saved } from './saved';
import { SourceForm } from './source-form';
import './review.css';

const NONE: Corrections = { level: null, roles: null, statuses: {} };

export function NewNoticePage() {
  const [reading, setReading] = useState<Reading | null>(null);
  const [corrections, setCorrections] = useState<Corrections>(NONE);
  const [saved, setSaved] = useState<{ slug: string; title: string; itemCount: number } | null>(null);
  const review = useForm('review');
  const announce = useAnnounce();

  if (saved) return <Saved saved={saved} />;
  if (!reading) {
    return (
      <Page title="新建通报">
        <SourceForm
          onRead={(r) => {
            setReading(r);
            setCorrections(NONE);
          }}
        />
      </Page>
    );
  }

  const correct = async (next: Corrections) => {
    const before = corrections;
    // The choice shows at once; the reading follows when the server answers, or the choice is undone.
    setCorrections(next);
    const r = await review.submit(() => noticeImportApi.readText(reading.text, next));
    if (!r) {
      setCorrections(before);
      return;
    }
    setReading(r);
    announce(`已重新识别：${r.items.length} 项整改事项`);
  };

  return (
    <Page title="核对识别结果">
      <p class="lead">
        左边是通报原文，每一行标明了它被识别为什么；右边是识别出的整改事项。请核对，必要时修改，然后填写通报信息并保存。原文的每一个字都会保留，修改只改变文字归属，不改变文字本身。
      </p>
      <p>
        <button type="button" class="link-button" onClick={() => setReading(null)}>
          换一份通报全文
        </button>
      </p>
      <ErrorSummary form={review} />
      <ReviewPanel reading={reading} corrections={corrections} busy={review.busy} onCorrect={correct} />
      <MetaForm reading={reading} corrections={corrections} onSaved={setSaved} />
    </Page>
  );
}
