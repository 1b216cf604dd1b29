/**
 * The shipped notices (holidays-cn.ts) as lines of text, read once when the module loads: the
 * same data as JSON of every date took four times the room in the Worker's bundle (issue 15).
 * scripts/holiday-data.ts writes the lines with `noticeLine`.
 *
 * One line per notice: `year|addresses|off|work`. The addresses are separated by spaces. `off`
 * and `work` are `name=days;name=days…` in the order of each holiday's first day; days are
 * `MMDD` in the notice's year or `-MMDD` in the year before (a notice may list late December),
 * and `MMDD+n` stands for n days in a row from that one, e.g. `2026|https://…|春节=0215+9|春节=0214,0228`.
 */
import type { ShippedNotice } from './types';

const DAY_MS = 86_400_000;
const TOKEN = /^(-?)(\d\d)(\d\d)(?:\+(\d+))?$/;
/** Characters the format gives a meaning, which a holiday's name must not hold. */
const SEPARATORS = /[|=;,\n]/;

export function readNoticeLines(text: string): ShippedNotice[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [year, papers, off, work] = line.split('|');
      const y = Number(year);
      return { year: y, papers: papers!.split(' '), off: readDays(y, off!), work: readDays(y, work!) };
    });
}

function readDays(year: number, field: string): Record<string, string[]> {
  const byName: Record<string, string[]> = {};
  if (field === '') return byName;
  for (const entry of field.split(';')) {
    const [name, tokens] = entry.split('=');
    const days: string[] = (byName[name!] = []);
    for (const token of tokens!.split(',')) {
      const m = TOKEN.exec(token);
      if (!m) throw new Error(`holidays-cn.ts: "${token}" in ${year} is no day`);
      const first = Date.UTC(m[1] ? year - 1 : year, Number(m[2]) - 1, Number(m[3]));
      for (let i = 0; i < Number(m[4] ?? 1); i++) days.push(new Date(first + i * DAY_MS).toISOString().slice(0, 10));
    }
  }
  return byName;
}

/** The line of one notice; throws for data the format cannot hold. Each name's days in order. */
export function noticeLine(n: ShippedNotice): string {
  return [String(n.year), n.papers.join(' '), daysField(n.year, n.off), daysField(n.year, n.work)].join('|');
}

function daysField(year: number, byName: Record<string, string[]>): string {
  return Object.entries(byName)
    .map(([name, days]) => {
      if (name === '' || SEPARATORS.test(name)) throw new Error(`holiday name ${JSON.stringify(name)} holds a separator`);
      const tokens: string[] = [];
      for (let i = 0; i < days.length; ) {
        const day = days[i]!;
        const at = Date.parse(`${day}T00:00:00Z`);
        const y = Number(day.slice(0, 4));
        if (!/^\d{4}-\d\d-\d\d$/.test(day) || (y !== year && y !== year - 1)) throw new Error(`${day} cannot be written in the notice of ${year}`);
        let run = 1;
        while (i + run < days.length && Date.parse(`${days[i + run]}T00:00:00Z`) === at + run * DAY_MS) run++;
        tokens.push(`${y === year ? '' : '-'}${day.slice(5, 7)}${day.slice(8, 10)}${run > 1 ? `+${run}` : ''}`);
        i += run;
      }
      return `${name}=${tokens.join(',')}`;
    })
    .join(';');
}
