/**
 * A new notice, in three steps on one screen: the text (pasted, or a .txt or
 * .docx file), the review of how it was read, and the notice's particulars.
 * Every correction is sent to the server, which reads the text again with it:
 * the rules of reading live in one place, and what is shown is what will be saved.
 */
import { useRef, useState } from 'preact/hooks';
import { ErrorSummary } from '../../../components/error-summary';
import { Page } from '../../../components/page';
import { noticeImportApi, type Corrections, type Reading } from '../../../lib/notice-import-api';
import { errorsOf, useForm } from '../../../lib/use-form';
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
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const queued = useRef<Corrections | null>(null);
  /** The corrections of the reading shown, to go back to when the server refuses one. */
  const accepted = useRef<Corrections>(NONE);

  if (saved) return <Saved saved={saved} />;
  if (!reading) {
    return (
      <Page key="source" title="新建通报">
        <SourceForm
          onRead={(r) => {
            setReading(r);
            setCorrections(NONE);
            accepted.current = NONE;
          }}
        />
      </Page>
    );
  }

  /**
   * A correction shows at once; the reading follows when the server answers. Corrections made
   * while one is on its way are sent after it, the latest only (each carries all roles so far).
   */
  const correct = async (next: Corrections) => {
    setCorrections(next);
    queued.current = next;
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      while (queued.current) {
        const c = queued.current;
        queued.current = null;
        const r = await noticeImportApi.readText(reading.text, c);
        if (!r.ok) {
          review.show(errorsOf(r.error));
          setCorrections(accepted.current);
          queued.current = null;
          return;
        }
        review.show([]);
        accepted.current = c;
        setReading(r.value);
        announce(`已重新识别：${r.value.items.length} 项整改事项`);
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Page key="review" title="核对识别结果">
      <p class="lead">
        左边是通报原文，每一行标明了它被识别为什么；右边是识别出的整改事项。请核对，必要时修改，然后填写通报信息并保存。原文的每一个字都会保留，修改只改变文字归属，不改变文字本身。
      </p>
      <p>
        <button type="button" class="link-button" onClick={() => setReading(null)}>
          换一份通报全文
        </button>
      </p>
      <ErrorSummary form={review} />
      <ReviewPanel reading={reading} corrections={corrections} busy={busy} onCorrect={correct} />
      <MetaForm reading={reading} corrections={corrections} onSaved={setSaved} />
    </Page>
  );
}
