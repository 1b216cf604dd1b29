/**
 * Writing the reply: a template (答复模板, kept by admins on their own screen)
 * may fill the box, and the text stays the clerk's to edit. Choosing a template
 * over text already written keeps that text one click away (恢复).
 */
import { useState } from 'preact/hooks';
import { REPLY_MAX } from '../../../../worker/staff/workflow';
import { Select, TextArea } from '../../components/fields';
import { href } from '../../lib/router';
import { staffApi } from '../../lib/staff-api';
import type { Form } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../../state/session';

export function ReplyFields({ form, reply, onReply }: { form: Form; reply: string; onReply: (text: string) => void }) {
  const session = useSession();
  const templates = useResource(() => staffApi.replyTemplates(), 'reply-templates').data?.templates ?? [];
  const [chosen, setChosen] = useState('');
  const [replaced, setReplaced] = useState<string | null>(null);

  const choose = (id: string) => {
    setChosen(id);
    const t = templates.find((x) => String(x.id) === id);
    if (!t) return;
    // Text of the clerk's own (not a template's untouched text) is kept to bring back.
    const own = reply.trim() !== '' && !templates.some((x) => x.body === reply);
    setReplaced(own ? reply : null);
    onReply(t.body);
  };

  return (
    <>
      {templates.length > 0 ? (
        <Select
          form={form}
          name="template"
          label="使用模板"
          hint="选择后填入下面的答复内容，可以再修改"
          value={chosen}
          options={[{ value: '', label: '不使用模板' }, ...templates.map((t) => ({ value: String(t.id), label: t.title }))]}
          onChange={choose}
        />
      ) : (
        session.can('template.manage') && (
          <p class="hint">
            还没有答复模板。<a href={href('/templates')}>新增答复模板</a>
          </p>
        )
      )}
      {replaced !== null && (
        <p class="hint" role="status">
          已用模板替换您写的内容。
          <button
            type="button"
            class="link-button"
            onClick={() => {
              onReply(replaced);
              setReplaced(null);
              setChosen('');
            }}
          >
            恢复原来的内容
          </button>
        </p>
      )}
      <TextArea form={form} name="reply" label="答复内容" hint={`答复将公开给反映人，发送前可以预览，最多 ${REPLY_MAX} 字`} value={reply} onInput={onReply} rows={8} />
    </>
  );
}
