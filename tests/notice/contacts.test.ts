import { describe, expect, it } from 'vitest';
import { findContacts, type NoticeContacts } from '../../worker/notice';

const none: NoticeContacts = { phone: null, address: null, email: null };

const cases: ReadonlyArray<readonly [string, Partial<NoticeContacts>]> = [
  ['联系电话：0755-25772603。', { phone: '0755-25772603' }],
  ['电话:(0755)25772603;', { phone: '(0755)25772603' }],
  ['联系方式：（0577）63712345，', { phone: '（0577）63712345' }],
  ['监督电话：13812345678。', { phone: '13812345678' }],
  ['举报电话：12345；', { phone: '12345' }],
  ['联系电话：25772603（工作日）', { phone: '25772603' }],
  ['如有意见，请拨打0755-25772603反映。', { phone: '0755-25772603' }],
  ['2022年7月11日至7月22日，整改资金1250000元。', {}],
  ['联系方式：邮政地址：深圳市罗湖区国防大厦;', { address: '深圳市罗湖区国防大厦' }],
  ['通讯地址：青山县白石镇人民政府党政办公室；电子邮箱：a@b.cn', { address: '青山县白石镇人民政府党政办公室', email: 'a@b.cn' }],
  ['地址：云州市新城区环保路18号（邮编：401147）', { address: '云州市新城区环保路18号' }],
  ['来信地址：云州市人民路1号 邮编：400000。', { address: '云州市人民路1号' }],
  ['网站地址：http://www.example.gov.cn。', {}],
  ['电子邮箱：lh_dxb@szlh.gov.cn。', { email: 'lh_dxb@szlh.gov.cn' }],
  ['邮箱:jubao@yz.gov.cn.', { email: 'jubao@yz.gov.cn' }],
  ['E-mail：yzsthj@yz.gov.cn；', { email: 'yzsthj@yz.gov.cn' }],
  ['email: a.b-c@mail.example.com，', { email: 'a.b-c@mail.example.com' }],
];

describe('findContacts', () => {
  it.each(cases)('reads %j', (text, expected) => {
    expect(findContacts(text)).toEqual({ ...none, ...expected });
  });
});
