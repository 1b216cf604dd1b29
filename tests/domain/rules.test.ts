import { describe, expect, it } from 'vitest';
import { feedbackFieldFailures, isValidEmail, isValidPhone } from '../../worker/feedback/rules';

describe('phone numbers', () => {
  it.each(['13812345678', '+8613812345678', '+86 138-1234-5678', '\u202A+86 138 1234 5678\u202C', '\u2068010-62345678\u2069', '138\u200B1234\u200B5678', '0755-25772603', '（0755）25772603', '0755 2577 2603', '010-62345678', '62345678', '0755-25772603-8001', '0755-25772603转8001'])('accepts %s', (p) => {
    expect(isValidPhone(p)).toBe(true);
  });
  it.each(['12345', '12812345678', '1381234567', '138123456789', 'phone', '0755-1234', '+1 415 555 0100', '0755-25772603; drop'])('refuses %s', (p) => {
    expect(isValidPhone(p)).toBe(false);
  });
});

describe('e-mail addresses', () => {
  it.each(['lh_dxb@szlh.gov.cn', 'a.b+c@example.com', 'x@sub.example.co'])('accepts %s', (e) => expect(isValidEmail(e)).toBe(true));
  it.each(['a@b', 'no-at.example.com', 'a b@example.com', 'a@-x.com', `${'a'.repeat(250)}@example.com`, '<a@example.com>'])('refuses %s', (e) => expect(isValidEmail(e)).toBe(false));
});

describe('feedback fields', () => {
  const base = { content: '宣传栏内容没有更新', anonymous: false };
  it.each([
    ['nothing wrong', {}, []],
    ['emoji counted as one character each', { content: '😀😀😀😀😀' }, []],
    ['four characters', { content: '😀😀😀😀' }, [['content', 'content.tooShort']]],
    ['a lone surrogate', { content: '内容内容\uD800' }, [['content', 'content.invalidChars']]],
    ['a phone without consent', { phone: '13812345678' }, [['consent', 'consent.required']]],
    ['a phone with consent', { phone: '13812345678', consent: true }, []],
    ['contact details while anonymous', { anonymous: true, name: '张三' }, [['name', 'contactWhenAnonymous.refused']]],
    ['blank contact fields', { name: '  ', phone: '', email: null }, []],
    ['a name wrapped in a bidi isolate', { name: '\u2068买买提·艾力\u2069', consent: true }, []],
    ['a name wrapped in a left-to-right embedding', { name: '\u202A王五\u202C', consent: true }, []],
    ['a name with a tab', { name: '王\t五', consent: true }, [['name', 'name.invalidChars']]],
    ['a phone of bidi marks only', { phone: '\u202A\u202C' }, []],
  ] as const)('%s', (_name, patch, expected) => {
    expect(feedbackFieldFailures({ ...base, ...patch })).toEqual(expected);
  });
});
