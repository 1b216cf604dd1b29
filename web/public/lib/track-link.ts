/** The tracking page's address for a receipt. The code travels in the fragment, which browsers never send to a server. */
export function trackLink(ref: string, code: string): string {
  return `/track#ref=${encodeURIComponent(ref)}&code=${encodeURIComponent(code)}`;
}
