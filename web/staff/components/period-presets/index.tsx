/**
 * 本周, 本月, 本季度, 本年: one press fills a date range (from–to, both
 * included) on the Asia/Shanghai calendar, weeks from Monday
 * (worker/stats/periods.ts). The preset whose range is chosen shows as pressed.
 * For any form with a 收到日期 range: the statistics, the inbox and its export.
 */
import { PERIOD_PRESETS, periodLabels, periodRange, presetOf, type DateRange, type PeriodPreset } from '../../../../worker/stats/periods';
import './period-presets.css';

export { periodLabels, periodRange, presetOf, type DateRange, type PeriodPreset };

export function PeriodPresets({ from, to, onPick, label = '快速选择收到日期' }: { from: string; to: string; onPick: (range: DateRange, preset: PeriodPreset) => void; label?: string }) {
  const now = Date.now();
  const chosen = presetOf({ from, to }, now);
  return (
    <div class="period-presets" role="group" aria-label={label}>
      {PERIOD_PRESETS.map((p) => (
        <button key={p} type="button" class="button secondary" aria-pressed={chosen === p} onClick={() => onPick(periodRange(p, Date.now()), p)}>
          {periodLabels[p]}
        </button>
      ))}
    </div>
  );
}
