import { describe, expect, it } from 'vitest';
import { normaliseStatus, type ItemStatus } from '../../worker/notice';

const cases: ReadonlyArray<readonly [string | null, ItemStatus]> = [
  ['已完成整改。', 'completed'],
  ['已完成。', 'completed'],
  ['完成整改', 'completed'],
  ['已整改完成。', 'completed'],
  ['整改完毕', 'completed'],
  ['已全部完成整改。', 'completed'],
  ['  已完成 整改 ', 'completed'],
  ['已完成整改，并将长期坚持。', 'completed'],
  ['已完成，下一步持续推进。', 'completed'],

  ['基本完成。', 'in_progress'],
  ['基本完成整改，剩余事项持续推进。', 'in_progress'],
  ['正在整改。', 'in_progress'],
  ['正在整改，已整治9处。', 'in_progress'],
  ['整改中', 'in_progress'],
  ['持续推进', 'in_progress'],
  ['推进中', 'in_progress'],
  ['未完成整改。', 'in_progress'],
  ['尚未全部完成。', 'in_progress'],
  ['已完成阶段性整改目标，正在持续推进。', 'in_progress'],

  ['长期坚持。', 'long_term'],
  ['持续整改', 'long_term'],
  ['长期推进', 'long_term'],
  ['长期坚持，已完成阶段性任务。', 'long_term'],

  [null, 'unknown'],
  ['', 'unknown'],
  ['   ', 'unknown'],
  ['见附件。', 'unknown'],
  ['一是建立台账；二是定期通报。', 'unknown'],
];

describe('normaliseStatus', () => {
  it.each(cases)('reads %j as %s', (text, status) => {
    expect(normaliseStatus(text)).toBe(status);
  });
});
