/**
 * The pure parts of mail in: which item a mail names, what marks a mail as automatic, and HTML
 * turned into text. Plain functions over plain values (worker/mail/).
 */
import { describe, expect, it } from 'vitest';
import { automaticReason, robotSender } from '../../worker/mail/automatic';
import { htmlToText } from '../../worker/mail/html-text';
import { matchItem } from '../../worker/mail/item-match';
import { rawHeader, repairedSubject } from '../../worker/mail/raw-subject';

const ITEMS = [
  { id: 1, fullLabel: '二（一）2', title: '针对信访工作责任未层层压实的问题' },
  { id: 2, fullLabel: '二（三）2', title: '针对防范化解风险隐患存在短板的问题' },
  { id: 3, fullLabel: '三（三）2', title: '针对信访工作作风不够严实的问题' },
  { id: 4, fullLabel: '二（三）21', title: '另一项' },
];

describe('matchItem', () => {
  it.each([
    ['二(三)2', 2],
    ['关于二（三）2的意见', 2],
    ['二 （三） 2', 2],
    ['第二部分第（三）类第2项', 2],
    ['第二部分第(三)类第２项', 2],
    ['二(三)21 的问题', 4],
    ['关于“针对信访工作作风不够严实的问题”', 3],
  ])('finds the item %s names', (text, id) => expect(matchItem([text], ITEMS)).toBe(id));

  it.each([
    ['第(三)类第2项', 'fits two parts'],
    ['二(一)2 和 二(三)2', 'names two items'],
    ['二(三)5', 'names no item there is'],
    ['针对信访工作', 'quotes too little of a title'],
    ['无关的来信', 'names nothing'],
  ])('gives the notice as a whole for %s (it %s)', (text) => expect(matchItem([text], ITEMS)).toBeNull());

  it('takes the subject before the body', () => {
    expect(matchItem(['二(一)2', '正文提到二(三)2'], ITEMS)).toBe(1);
    expect(matchItem(['来信', '正文提到二(三)2'], ITEMS)).toBe(2);
  });

  it('takes 第(三)类第2项 when only one item fits', () => {
    expect(matchItem(['第(三)类第2项'], ITEMS.filter((i) => i.id !== 3))).toBe(2);
  });
});

describe('automaticReason', () => {
  const h = (entries: Record<string, string>) => Object.entries(entries).map(([key, value]) => ({ key, value }));
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'auto_reply'],
    [{ 'auto-submitted': 'auto-generated; owner-email="x@y"' }, 'auto_reply'],
    [{ 'x-autoreply': 'yes' }, 'auto_reply'],
    [{ precedence: 'bulk' }, 'bulk'],
    [{ precedence: 'Junk' }, 'bulk'],
    [{ precedence: 'list' }, 'bulk'],
    [{ 'list-id': '<news.example.com>' }, 'bulk'],
    [{ 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' }, 'auto_reply'],
  ])('marks %o as %s', (headers, reason) => expect(automaticReason(h(headers), undefined)).toBe(reason));

  it('marks a null return path, and nothing else of a person’s mail', () => {
    expect(automaticReason([], '<>')).toBe('auto_reply');
    expect(automaticReason([], '')).toBe('auto_reply');
    expect(automaticReason(h({ 'auto-submitted': 'no', precedence: 'normal' }), '<a@b.cn>')).toBeNull();
    expect(automaticReason([], undefined)).toBeNull();
  });
});

describe('robotSender', () => {
  it('knows role and no-reply mailboxes and our own address, not people', () => {
    for (const a of ['MAILER-DAEMON@qq.com', 'postmaster@163.com', 'noreply@x.cn', 'no-reply@x.cn', 'do-not-reply@x.cn', 'bounce+abc@x.cn']) expect(robotSender(a, [])).toBe(true);
    expect(robotSender('NoReply@SZLH.gov.cn', ['noreply@szlh.gov.cn'])).toBe(true);
    expect(robotSender('answers@szlh.gov.cn', ['answers@szlh.gov.cn'])).toBe(true);
    for (const a of ['zhang.san@qq.com', 'replyguy@x.cn', 'postmasterson@x.cn']) expect(robotSender(a, ['answers@szlh.gov.cn'])).toBe(false);
  });
});

describe('htmlToText', () => {
  it('keeps text and line breaks, drops markup, scripts and styles, decodes entities', () => {
    expect(htmlToText('<style>a{}</style><p>第一段&nbsp;<b>加粗</b></p><p>第二段<br/>换行 &#x4E2D;&#25991; &lt;tag&gt; &amp;amp;</p><script>x()</script>')).toBe(
      '第一段 加粗\n\n第二段\n换行 中文 <tag> &amp;',
    );
  });

  it('keeps an entity that is no character as written', () => {
    expect(htmlToText('a &#0; b &#xD800; c &bogus; d')).toBe('a &#0; b &#xD800; c &bogus; d');
  });
});

describe('repairedSubject', () => {
  const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

  it('reads raw GBK subject bytes as GB18030, folded lines included', () => {
    const raw = bytes('From: a@b.cn\r\nSubject: ', [0xd6, 0xd0], '\r\n ', [0xce, 0xc4], '\r\n\r\nbody');
    expect(rawHeader(raw, 'subject')).toEqual(bytes(' ', [0xd6, 0xd0], ' ', [0xce, 0xc4]));
    expect(repairedSubject('\uFFFD\uFFFD', raw)).toBe('中 文');
  });

  it('keeps what postal-mime decoded from an encoded word or UTF-8', () => {
    expect(repairedSubject('中文', bytes('Subject: =?GBK?B?1tDOxA==?=\r\n\r\n'))).toBe('中文');
    expect(repairedSubject('中文', bytes('Subject: 中文\r\n\r\n'))).toBe('中文');
  });

  it('reads no header from the body', () => {
    expect(rawHeader(bytes('From: a@b.cn\r\n\r\nSubject: x'), 'subject')).toBeNull();
  });
});
