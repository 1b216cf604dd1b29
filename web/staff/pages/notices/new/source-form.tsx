/**
 * The notice's text: pasted, or read from a .txt (UTF-8 or GBK) or .docx file
 * by the server, which says plainly what is wrong with a file it cannot read.
 */
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../../../components/error-summary';
import { SubmitButton, TextArea } from '../../../components/fields';
import { fileAsBase64, noticeImportApi, type Reading } from '../../../lib/notice-import-api';
import { useForm } from '../../../lib/use-form';

export function SourceForm({ onRead }: { onRead: (r: Reading) => void }) {
  const form = useForm('source');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileId = form.id('file');
  const fileError = form.error('file');

  const submit = async (e: Event) => {
    e.preventDefault();
    const r = file
      ? await form.submit(async () => noticeImportApi.readFile({ name: file.name, data: await fileAsBase64(file) }))
      : await form.submit(() => noticeImportApi.readText(text));
    if (r) onRead(r);
  };

  return (
    <form onSubmit={submit} noValidate class="narrow-form">
      <ErrorSummary form={form} />
      <TextArea
        form={form}
        name="text"
        label="通报全文"
        hint="从网站或文件中复制通报全文，粘贴在这里。标题、正文和结尾的联系方式都要包括。"
        value={text}
        onInput={setText}
        rows={12}
      />
      <div class={`field${fileError ? ' has-error' : ''}`}>
        <label for={fileId}>或者上传文件</label>
        <p id={`${fileId}-hint`} class="hint">
          .txt（记事本、WPS 保存的均可）或 .docx（Word、WPS）。选择文件后，上面粘贴的文字不再使用。
        </p>
        {fileError && (
          <p id={`${fileId}-error`} class="field-error">
            <span class="visually-hidden">错误：</span>
            {fileError}
          </p>
        )}
        <input
          id={fileId}
          type="file"
          accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
      </div>
      <SubmitButton form={form}>识别</SubmitButton>
    </form>
  );
}
