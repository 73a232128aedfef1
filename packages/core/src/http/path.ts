/** The path of a request URL: absolute (fetch) or path-only (Node). */
function pathnameOf(url: string): string {
  if (url.startsWith("/")) {
    const query = url.indexOf("?");
    return query < 0 ? url : url.slice(0, query);
  }
  return new URL(url).pathname;
}

/** Whether `url` is on `path` (a trailing slash is tolerated). No path means every path. */
export function pathMatches(url: string, path: string | undefined): boolean {
  if (path === undefined) return true;
  const pathname = pathnameOf(url);
  return pathname === path || pathname === `${path}/`;
}
