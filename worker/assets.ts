/**
 * The built web app's files, as the app asks for them: Cloudflare's ASSETS binding, or a
 * folder on disk on the Node host (server/assets.ts). Either answers a request with the file,
 * or with a 404 (its body the built 404 page) when there is none.
 */
export interface AssetFetcher {
  fetch(request: Request): Promise<Response>;
}
