/** Follows HubSpot's `paging.next.after` cursor to the end; `maxPages` guards against a cursor that never ends. */
export async function collectPages<T>(
  fetchPage: (after: string | undefined) => Promise<{ results: T[]; paging?: { next?: { after: string } } }>,
  maxPages = 50,
): Promise<T[]> {
  const all: T[] = []
  let after: string | undefined
  for (let page = 0; page < maxPages; page++) {
    const { results, paging } = await fetchPage(after)
    all.push(...results)
    after = paging?.next?.after
    if (!after) break
  }
  return all
}
