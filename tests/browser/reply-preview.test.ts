/**
 * A reply with a check step: an admin adds a reply template on 答复模板; on a
 * feedback in progress a clerk picks it with 使用模板, edits the text, presses
 * 预览答复 and sees what the submitter will see (status, their text, the
 * department, the reply); only 确认发送 sends it. The submitter's tracking page
 * then shows exactly that text, once. axe checks the new screens on the way.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackLink } from '../../web/public/lib/track-link';
import { createStaffAccount, d1, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, see, submitThroughApi, uniqueContent } from './helpers';

const OWN_PASSWORD = '答复之前先预览的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a clerk replies from a template', () => {
  it('then the preview shows what the submitter will see, and after 确认发送 the tracking page shows that reply once', async () => {
    const tag = randomUUID().slice(0, 6);
    const department = `预览测试科${tag}`;
    const title = `已更新宣传栏 ${tag}`;
    const body = '您反映的宣传栏内容已于本周全部更新，感谢您的监督。';
    const { ref, queryCode } = await submitThroughApi(uniqueContent('replied after a preview'));
    // In progress with a department, as the console leaves it after 办理中.
    d1(`insert into departments (name) values ('${department}');
      update feedback set status = 'in_progress', accepted_at = ${Date.now()}, department_id = (select id from departments where name = '${department}') where ref = '${ref}';
      insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text) select id, ${Date.now()}, 'in_progress', 1, 'accepted', 'in_progress', '${department}' from feedback where ref = '${ref}'`);
    const id = Number(d1(`select id from feedback where ref = '${ref}'`)[0]!.id);

    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto('/staff/#/templates');
    await firstSignIn(page, createStaffAccount('admin', 'preview'), OWN_PASSWORD, '答复模板');

    // The admin adds the template on its own screen, reached from the menu.
    await expect.poll(() => page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '答复模板' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('button', { name: '新增模板' }).click();
    await see(page.getByRole('alert').filter({ hasText: '请填写模板标题' }));
    await page.getByLabel('模板标题').fill(title);
    await page.getByLabel('模板内容').fill(body);
    await page.getByRole('button', { name: '新增模板' }).click();
    await see(page.getByRole('heading', { level: 3, name: title }));
    await expectAccessible(page, 'the reply templates screen');

    // On the feedback, 已答复 offers the templates; the chosen one fills the box, which stays editable.
    await page.goto(`/staff/#/feedback/${id}`);
    await onScreen(page, `反馈 ${ref}`);
    await page.getByRole('radio', { name: '已答复', exact: true }).check();
    await page.getByLabel('使用模板').selectOption({ label: title });
    const box = page.getByLabel('答复内容');
    await expect.poll(() => box.inputValue()).toBe(body);
    const reply = `${body}如有疑问请致电 12345。`;
    await box.fill(reply);

    // 预览答复 shows the submitter's view, and sends nothing.
    await page.getByRole('button', { name: '预览答复' }).click();
    await see(page.getByRole('heading', { level: 3, name: '核对答复' }));
    const preview = page.locator('.public-preview');
    await expect.poll(() => preview.getByRole('heading', { level: 4 }).textContent()).toBe(`${ref}：已答复`);
    await expect.poll(() => preview.locator('.reply p').textContent()).toBe(reply);
    await expect.poll(() => preview.locator(':scope > p').filter({ hasText: '承办部门' }).textContent()).toBe(`承办部门：${department}`);
    expect(d1(`select status, reply from feedback where id = ${id}`)[0]).toEqual({ status: 'in_progress', reply: null });
    await expectAccessible(page, 'the reply check step');

    // 返回修改 keeps the text; 确认发送 sends it.
    await page.getByRole('button', { name: '返回修改' }).click();
    await expect.poll(() => box.inputValue()).toBe(reply);
    await page.getByRole('button', { name: '预览答复' }).click();
    await page.getByRole('button', { name: '确认发送' }).click();
    await see(page.locator('.outcome').filter({ hasText: '已答复，反映人现在可以在查询页面看到答复' }));
    await expect.poll(() => page.locator('blockquote.reply').textContent()).toBe(reply);
    expect(d1(`select status, reply from feedback where id = ${id}`)[0]).toEqual({ status: 'replied', reply });

    // The submitter sees that text, once.
    const track = await context.newPage();
    await track.goto(trackLink(ref, queryCode));
    await see(track.getByRole('heading', { level: 2, name: `${ref}：已答复` }));
    await expect.poll(() => track.locator('section.reply p').textContent()).toBe(reply);
    const text = await track.locator('main').innerText();
    expect(text.split(reply).length - 1).toBe(1);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});
