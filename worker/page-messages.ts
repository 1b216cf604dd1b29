/**
 * Words of the public pages' frame (components/layout.tsx), which is on every page: no other
 * messages module can carry them without growing every first view (scripts/size-budget.ts), so
 * they live apart. Re-exported by messages.ts.
 */
export const pageMessages = {
  /** A page answering a POST, read without scripts: 大字 has no address to come back to there (components/layout.tsx). */
  largeNeedsScript: '这一页不能切换大字，可以用两个手指在屏幕上张开来放大。',
} as const;
