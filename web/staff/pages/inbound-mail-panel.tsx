/**
 * Mail in, on the audit page (admins): what became feedback and what was refused, by reason,
 * in the last 30 days, and whether the doors are open. Refused mail is only counted: the
 * service keeps neither its sender nor its text.
 */
import type { InboundMailReport } from '../../../worker/routes/staff/inbound-mail';
import { LoadError } from '../components/error-summary';
import { api } from '../lib/api';
import { useResource } from '../lib/use-resource';

export function InboundMailPanel() {
  const report = useResource(() => api.get<InboundMailReport>('/api/staff/inbound-mail'), 'inbound-mail');
  const r = report.data;
  return (
    <section class="panel" aria-labelledby="inbound-mail-title">
      <h2 id="inbound-mail-title">邮件来信（近 30 天）</h2>
      {report.error && <LoadError error={report.error} />}
      {r && (
        <>
          <p>
            登记为反馈 {r.accepted} 封，拒收 {r.refusedTotal} 封。
            {r.httpDoor ? '邮件网关接口已开通。' : '邮件网关接口未开通（未设置 INBOUND_MAIL_SECRET）。'}
            {r.answers ? '' : '未配置发信：来信人收不到编号和查询码，需另行告知。'}
          </p>
          {r.refused.length > 0 && (
            <table class="table">
              <caption class="visually-hidden">拒收的邮件，按原因</caption>
              <thead>
                <tr>
                  <th scope="col">拒收原因</th>
                  <th scope="col">封数</th>
                </tr>
              </thead>
              <tbody>
                {r.refused.map((x) => (
                  <tr key={x.reason}>
                    <td>{x.label}</td>
                    <td>{x.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
