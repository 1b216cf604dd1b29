/**
 * 消息通知, for admins: where each department's and the office's notifications go (WeCom,
 * DingTalk and Feishu group bots, or a signed webhook), a test message to each, and the
 * notifications sent lately with every attempt. A saved address or secret is shown masked and
 * never again in full: to change one, type the new one; left empty, it is kept.
 */
import { useState } from 'preact/hooks';
import { KIND_LABELS } from '../../../../worker/notify/messages';
import { SECRET_REQUIRED, TARGET_HOSTS } from '../../../../worker/notify/targets';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { Radios, Select, SubmitButton, TextInput } from '../../components/fields';
import { Page } from '../../components/page';
import { instantDateTime } from '../../lib/format';
import { consoleMessages } from '../../lib/messages';
import { notifyApi, type Notification, type NotifyTargetKind, type TargetView } from '../../lib/notify-api';
import { staffApi } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';

const KINDS = Object.keys(KIND_LABELS) as NotifyTargetKind[];
const OFFICE = '';

const EVENT_LABELS: Record<string, string> = { assigned: '新分派', due_soon: '即将到期', overdue: '超期汇总', follow_up: '补充说明', review: '请求复查', test: '测试' };
const STATE_LABELS: Record<string, string> = { pending: '待发送', sent: '已送达', dead: '已放弃' };

function urlHint(kind: NotifyTargetKind): string {
  const hosts = TARGET_HOSTS[kind];
  return hosts ? `在机器人设置中复制 Webhook 地址，以 https://${hosts.join(' 或 https://')} 开头` : '接收方的 https 地址；每条消息带 X-Signature 签名（见 README）';
}

function secretHint(kind: NotifyTargetKind): string {
  if (kind === 'dingtalk') return '安全设置选“加签”，复制以 SEC 开头的密钥';
  if (kind === 'feishu') return '安全设置开启“签名校验”，复制密钥';
  return '用于签名的密钥，接收方用它核对签名';
}

function NewTarget({ departments, onAdded }: { departments: Array<{ id: number; name: string }>; onAdded: (t: TargetView) => void }) {
  const form = useForm('new-target');
  const [department, setDepartment] = useState(OFFICE);
  const [kind, setKind] = useState<NotifyTargetKind>('wecom');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() =>
      notifyApi.add({ departmentId: department === OFFICE ? null : Number(department), kind, name, url, secret: SECRET_REQUIRED[kind] ? secret : null }),
    );
    if (!done) return;
    setName('');
    setUrl('');
    setSecret('');
    onAdded(done);
  };
  return (
    <section aria-labelledby="new-target-heading">
      <h2 id="new-target-heading">新增渠道</h2>
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <Select
          form={form}
          name="departmentId"
          label="通知谁"
          hint="全办：收到补充说明、复查请求、未指定部门的反馈的提醒和全办超期汇总；部门：收到分派给本部门的反馈和本部门的提醒"
          value={department}
          options={[{ value: OFFICE, label: '全办' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
          onChange={setDepartment}
        />
        <Radios form={form} name="kind" legend="渠道类型" value={kind} options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} onChange={(v) => setKind(v as NotifyTargetKind)} />
        <TextInput form={form} name="name" label="渠道名称" hint="例如：城管科工作群" value={name} onInput={setName} />
        <TextInput form={form} name="url" label="Webhook 地址" hint={urlHint(kind)} value={url} onInput={setUrl} type="url" autoComplete="off" />
        {SECRET_REQUIRED[kind] && <TextInput form={form} name="secret" label="密钥" hint={secretHint(kind)} value={secret} onInput={setSecret} autoComplete="off" />}
        <p class="hint">保存后地址和密钥只显示首尾几位，不会再完整显示。消息只包含反馈编号、事项、期限和工作台链接，不含反映人的姓名、电话、邮箱和反馈内容。</p>
        <SubmitButton form={form}>保存渠道</SubmitButton>
      </form>
    </section>
  );
}

type Mode = 'view' | 'edit' | 'delete';

function TargetEntry({ t, onChanged }: { t: TargetView; onChanged: (message: string) => void }) {
  const form = useForm(`target-${t.id}`);
  const [mode, setMode] = useState<Mode>('view');
  const [name, setName] = useState(t.name);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [tested, setTested] = useState<Notification | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => notifyApi.change(t, { name, ...(url.trim() ? { url } : {}), ...(secret.trim() ? { secret } : {}) }));
    if (!done) return;
    setMode('view');
    onChanged(`已保存渠道“${done.name}”`);
  };
  const toggle = async () => {
    const done = await form.submit(() => notifyApi.change(t, { enabled: !t.enabled }));
    if (done) onChanged(done.enabled ? `已启用渠道“${t.name}”` : `已停用渠道“${t.name}”`);
  };
  const remove = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => notifyApi.remove(t));
    if (done === null) return;
    onChanged(`已删除渠道“${t.name}”`);
  };
  const test = async () => {
    const done = await form.submit(() => notifyApi.test(t));
    if (!done) return;
    setTested(done.notification);
    onChanged(done.notification?.state === 'sent' ? `测试消息已送达“${t.name}”` : `测试消息未能送达“${t.name}”`);
  };

  return (
    <li class="template">
      <h3>
        {t.name} <span class="meta">{KIND_LABELS[t.kind]} · {t.department?.name ?? '全办'}{t.enabled ? '' : ' · 已停用'}</span>
      </h3>
      <ErrorSummary form={form} />
      <p class="meta">
        地址 <code>{t.url}</code>
        {t.secret && <> · 密钥 <code>{t.secret}</code></>}
      </p>
      <p class="meta">
        待发送 {t.pending} 条{t.dead > 0 && <>，<strong>已放弃 {t.dead} 条</strong></>} · 最后修改于 {instantDateTime(t.updatedAt)}
      </p>
      {tested && (
        <p role="status">
          {tested.state === 'sent' ? '测试消息已送达。' : `测试消息未能送达：${tested.attempts.at(-1)?.error ?? (t.enabled ? '稍后重试' : '渠道已停用，启用后发送')}`}
        </p>
      )}
      {mode === 'edit' ? (
        <form onSubmit={save} noValidate class="narrow-form">
          <TextInput form={form} name="name" label="渠道名称" value={name} onInput={setName} />
          <TextInput form={form} name="url" label="新的 Webhook 地址" hint="不修改请留空" value={url} onInput={setUrl} autoComplete="off" />
          {SECRET_REQUIRED[t.kind] && <TextInput form={form} name="secret" label="新的密钥" hint="不修改请留空" value={secret} onInput={setSecret} autoComplete="off" />}
          <div class="actions">
            <SubmitButton form={form}>保存</SubmitButton>
            <button type="button" class="button secondary" onClick={() => setMode('view')}>取消</button>
          </div>
        </form>
      ) : mode === 'delete' ? (
        <form onSubmit={remove} noValidate class="confirm">
          <p>
            <strong>确认删除渠道“{t.name}”？</strong>它的通知记录和发送记录也会一并删除；只想暂停请选择停用。
          </p>
          <div class="actions">
            <SubmitButton form={form}>确认删除</SubmitButton>
            <button type="button" class="button secondary" onClick={() => setMode('view')}>不删除</button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" class="button secondary" onClick={test}>发送测试消息<span class="visually-hidden">到“{t.name}”</span></button>
          <button type="button" class="button secondary" onClick={() => { setName(t.name); setUrl(''); setSecret(''); setMode('edit'); }}>修改<span class="visually-hidden">“{t.name}”</span></button>
          <button type="button" class="button secondary" onClick={toggle}>{t.enabled ? '停用' : '启用'}<span class="visually-hidden">“{t.name}”</span></button>
          <button type="button" class="button secondary" onClick={() => setMode('delete')}>删除<span class="visually-hidden">“{t.name}”</span></button>
        </div>
      )}
    </li>
  );
}

function Outbox({ notifications }: { notifications: Notification[] }) {
  if (notifications.length === 0) return <p>还没有发出过通知。</p>;
  return (
    <table class="table">
      <thead>
        <tr><th scope="col">时间</th><th scope="col">渠道</th><th scope="col">事件</th><th scope="col">状态</th><th scope="col">发送记录</th></tr>
      </thead>
      <tbody>
        {notifications.map((n) => (
          <tr key={n.id}>
            <td>{instantDateTime(n.createdAt)}</td>
            <td>{n.targetName}</td>
            <td>{EVENT_LABELS[n.event] ?? n.event}{n.feedbackRef && <> · <a href={`#/feedback/${n.feedbackId}`}>{n.feedbackRef}</a></>}</td>
            <td>{STATE_LABELS[n.state] ?? n.state}{n.state === 'pending' && n.attempts.length > 0 && <>，下次 {instantDateTime(n.nextAttemptAt)}</>}</td>
            <td>
              {n.attempts.length === 0 ? '尚未发送' : (
                <details>
                  <summary>{n.attempts.length} 次</summary>
                  <ol>
                    {n.attempts.map((a) => (
                      <li key={a.id}>{instantDateTime(a.at)} {a.ok ? '成功' : '失败'}{a.status !== null && ` HTTP ${a.status}`}{a.error && `：${a.error}`}</li>
                    ))}
                  </ol>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NotifyPage() {
  const list = useResource(() => notifyApi.targets(), 'notify-targets');
  const outbox = useResource(() => notifyApi.outbox(), 'notify-outbox');
  const departments = useResource(() => staffApi.departments(), 'departments');
  const announce = useAnnounce();
  const targets = list.data?.targets ?? [];
  const changed = (message: string) => {
    announce(message);
    list.reload();
    outbox.reload();
  };
  return (
    <Page title="消息通知">
      <p class="lead">
        反馈分派给部门、即将到期、已超期，以及群众补充说明或请求复查时，工作台把提醒发到这里设置的企业微信、钉钉、飞书群或 Webhook。发送失败会自动重试，不会丢失。
      </p>
      {list.error && <LoadError error={list.error} />}
      <section aria-labelledby="targets-heading">
        <h2 id="targets-heading">现有渠道{list.data && `（${targets.length}）`}</h2>
        {!list.data && !list.error ? (
          <p class="loading">{consoleMessages.loading}</p>
        ) : targets.length === 0 ? (
          <p>还没有通知渠道。</p>
        ) : (
          <ul class="template-list">
            {targets.map((t) => (
              <TargetEntry key={`${t.id}:${t.updatedAt}`} t={t} onChanged={changed} />
            ))}
          </ul>
        )}
      </section>
      <NewTarget departments={departments.data?.departments ?? []} onAdded={(t) => changed(`已新增渠道“${t.name}”`)} />
      <section aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">最近的通知</h2>
        {outbox.error && <LoadError error={outbox.error} />}
        {outbox.data ? <Outbox notifications={outbox.data.notifications} /> : !outbox.error && <p class="loading">{consoleMessages.loading}</p>}
      </section>
    </Page>
  );
}
