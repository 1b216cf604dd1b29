/**
 * One department, for admins: rename it, or merge it into another. A merge
 * moves the department's feedback, items and staff and deletes it, and cannot
 * be undone, so it takes two steps: choose, then confirm what will move, with
 * the counts read just before.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { DEPARTMENT_NAME_MAX, staffFieldMessages } from '../../../../worker/staff/messages';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { Select, SubmitButton, TextInput } from '../../components/fields';
import { Page } from '../../components/page';
import { consoleMessages } from '../../lib/messages';
import { href, navigate } from '../../lib/router';
import { staffApi, type Department, type DepartmentCounts } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';

function RenameForm({ department, onRenamed }: { department: Department; onRenamed: (d: Department) => void }) {
  const form = useForm('rename');
  const [name, setName] = useState(department.name);
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.renameDepartment(department.id, name));
    if (done) onRenamed(done);
  };
  return (
    <section aria-labelledby="rename-title">
      <h2 id="rename-title">改名</h2>
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <TextInput form={form} name="name" label="部门名称" hint={`最多 ${DEPARTMENT_NAME_MAX} 字。反馈、整改事项和账号随部门一起改名，无需重新指定`} value={name} onInput={setName} />
        <SubmitButton form={form} secondary>
          保存名称
        </SubmitButton>
      </form>
    </section>
  );
}

/** What a merge into `into` moves, in words. */
function mergeSummary(into: string, c: DepartmentCounts): string[] {
  return [`${c.feedback} 条反馈改由“${into}”承办`, `${c.items} 个整改事项改由“${into}”负责`, `${c.staffUsers} 个账号改属“${into}”`];
}

function MergeForm({ department, counts, others, onCounts, onMerged }: {
  department: Department;
  counts: DepartmentCounts;
  others: Department[];
  onCounts: () => void;
  onMerged: (into: Department, moved: DepartmentCounts) => void;
}) {
  const form = useForm('merge');
  const [into, setInto] = useState('');
  const [confirming, setConfirming] = useState(false);
  const confirmTitle = useRef<HTMLHeadingElement>(null);
  const target = others.find((d) => String(d.id) === into);
  useEffect(() => {
    if (confirming) confirmTitle.current?.focus();
  }, [confirming]);

  const choose = (e: Event) => {
    e.preventDefault();
    if (!target) return form.show([{ field: 'into', message: staffFieldMessages.into.required }]);
    form.show([]);
    // The counts as they are now, for the confirmation.
    onCounts();
    setConfirming(true);
  };
  const merge = async () => {
    if (!target) return;
    const done = await form.submit(() => staffApi.mergeDepartment(department.id, target.id));
    if (done) onMerged(done.into, done.moved);
    else setConfirming(false);
  };

  return (
    <section aria-labelledby="merge-title">
      <h2 id="merge-title">合并到另一个部门</h2>
      <p>合并后，这个部门的反馈、整改事项和账号都归入另一个部门，这个部门随即删除。适用于机构调整或重复录入的部门。</p>
      {others.length === 0 ? (
        <p>没有其他部门可以并入。</p>
      ) : !confirming || !target ? (
        <form onSubmit={choose} noValidate class="narrow-form">
          <ErrorSummary form={form} />
          <Select
            form={form}
            name="into"
            label="并入哪个部门"
            value={into}
            options={[{ value: '', label: '请选择' }, ...others.map((d) => ({ value: String(d.id), label: d.name }))]}
            onChange={setInto}
          />
          <SubmitButton form={form} secondary>
            下一步
          </SubmitButton>
        </form>
      ) : (
        <div class="panel confirm" role="group" aria-labelledby="merge-confirm-title">
          <h3 id="merge-confirm-title" tabIndex={-1} ref={confirmTitle}>
            确认把“{department.name}”并入“{target.name}”
          </h3>
          <ErrorSummary form={form} />
          <p>将要移动：</p>
          <ul data-testid="merge-summary">
            {mergeSummary(target.name, counts).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>
            然后删除“{department.name}”。<strong>合并后不能撤销。</strong>
          </p>
          <div class="actions">
            <button type="button" class="button" aria-disabled={form.busy || undefined} onClick={() => void merge()}>
              确认合并
            </button>
            <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
              取消
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

export function DepartmentPage({ id }: { id: number }) {
  const department = useResource(() => staffApi.department(id), `department-${id}`);
  const all = useResource(() => staffApi.departments(), 'departments');
  const announce = useAnnounce();
  const d = department.data;

  return (
    <Page title={d ? `部门：${d.name}` : '部门'}>
      <p>
        <a href={href('/users')}>返回账号与部门</a>
      </p>
      {department.error && <LoadError error={department.error} />}
      {!d && !department.error && <p class="loading">{consoleMessages.loading}</p>}
      {d && (
        <>
          <dl class="facts">
            <dt>反馈</dt>
            <dd>{d.counts.feedback} 条</dd>
            <dt>整改事项</dt>
            <dd>{d.counts.items} 个</dd>
            <dt>账号</dt>
            <dd>{d.counts.staffUsers} 个</dd>
          </dl>
          <RenameForm
            key={d.name}
            department={d}
            onRenamed={(renamed) => {
              department.set({ ...d, name: renamed.name });
              all.reload();
              announce(`已改名为“${renamed.name}”`);
            }}
          />
          <MergeForm
            department={d}
            counts={d.counts}
            others={(all.data?.departments ?? []).filter((o) => o.id !== d.id)}
            onCounts={department.reload}
            onMerged={(into, moved) => {
              announce(`已把“${d.name}”并入“${into.name}”：${mergeSummary(into.name, moved).join('，')}。`);
              navigate('/users');
            }}
          />
        </>
      )}
    </Page>
  );
}
