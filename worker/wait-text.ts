/** "5 分钟", "1 小时 20 分钟": how long to wait, rounded up to a minute (re-exported by messages.ts). */
export function waitText(minutes: number): string {
  const m = Math.max(1, Math.ceil(minutes));
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} 小时` : `${h} 小时 ${m % 60} 分钟`;
}
