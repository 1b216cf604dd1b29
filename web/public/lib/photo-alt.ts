/**
 * A photo's alt text: the item it is about, by its full label, and its number
 * ("二（三）2 的第 1 张照片"), or the notice as a whole ("对整份通报的第 1 张照片").
 */
export function photoAlt(itemLabel: string | null | undefined, n: number): string {
  return `${itemLabel ? `${itemLabel} 的` : '对整份通报的'}第 ${n} 张照片`;
}
