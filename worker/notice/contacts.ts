/**
 * The channels a notice gives for the public to reach the body (电话, 地址,
 * 邮箱). Values are copied as written, with trailing punctuation removed, so
 * the app can show them next to the notice and send feedback there.
 */
import type { NoticeContacts } from './types';

const D = '[0-9０-９]';
const ZERO = '[0０]';
const DASH = '[-－—–]';
const NOT_DIGIT_AFTER = `(?!${D})`;
const AREA_CODE = `${ZERO}${D}{2,3}`;
const LANDLINE = `(?:[(（]\\s*${AREA_CODE}\\s*[)）]\\s*${DASH}?\\s*${D}{7,8}|${AREA_CODE}(?:\\s*${DASH}\\s*|\\s+)${D}{7,8})`;
const MOBILE = `[1１][3-9３-９]${D}{9}`;
const HOTLINE = `(?:400${DASH}?${D}{3}${DASH}?${D}{4}|${D}{7,8}|12345)`;

// A number after a phone label may be local (7-8 digits); anywhere else only
// unmistakable forms count, so dates and amounts are never taken for phones.
const LABELLED_PHONE = new RegExp(
  `(?:联系电话|监督电话|举报电话|咨询电话|值班电话|联系方式|电话号码|电话|手机)\\s*[:：]?\\s*((?:${LANDLINE}|${MOBILE}|${HOTLINE})${NOT_DIGIT_AFTER})`,
);
const ANY_PHONE = new RegExp(`(?<!${D})(?:${LANDLINE}|${MOBILE})${NOT_DIGIT_AFTER}`);

// Starting only where a run of address characters starts keeps the search
// linear on long runs of letters or digits (RFC 5321 caps the local part at 64).
const EMAIL_BODY = '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';
const LABELLED_EMAIL = new RegExp(`(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?mail)\\s*[:：]?\\s*(${EMAIL_BODY})`, 'i');
const ANY_EMAIL = new RegExp(EMAIL_BODY);

// "网站地址" is a web address, not where to send a letter.
const ADDRESS_LABEL = /(?<!网站|网页)(?:通讯地址|通信地址|邮政地址|邮寄地址|联系地址|来信地址|办公地址|地址)\s*[:：]/g;
// An address runs to the end of its clause or to the next channel.
const ADDRESS_END = /[，,；;。\r\n]|邮编|邮政编码|联系电话|电话|电子邮箱|邮箱|E-?mail/i;
const TRAILING = /[\s。；;，,、.．：:！!？?（(]+$/;

export function findContacts(text: string): NoticeContacts {
  return { phone: findPhone(text), address: findAddress(text), email: findEmail(text) };
}

function findPhone(text: string): string | null {
  const labelled = LABELLED_PHONE.exec(text);
  const phone = labelled?.[1] ?? ANY_PHONE.exec(text)?.[0];
  return phone ? tidy(phone) : null;
}

function findEmail(text: string): string | null {
  const email = LABELLED_EMAIL.exec(text)?.[1] ?? ANY_EMAIL.exec(text)?.[0];
  return email ? tidy(email) : null;
}

function findAddress(text: string): string | null {
  ADDRESS_LABEL.lastIndex = 0;
  for (let label = ADDRESS_LABEL.exec(text); label; label = ADDRESS_LABEL.exec(text)) {
    const after = text.slice(label.index + label[0].length);
    const end = ADDRESS_END.exec(after)?.index ?? after.length;
    const address = tidy(after.slice(0, end));
    if (address) return address;
  }
  return null;
}

function tidy(value: string): string {
  return value.replace(TRAILING, '').trim();
}
