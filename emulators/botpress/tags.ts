/**
 * Tag semantics shared by users, conversations and messages.
 *
 * On the wire, `@botpress/client` serialises query objects with
 * `qs.stringify(query, { encode: true, arrayFormat: 'repeat', allowDots: true })`, so `tags: { 'a:b': 'x' }` arrives
 * as `tags.a%3Ab=x` (dot notation, key and value percent-encoded) and arrays as repeated keys
 * (`participantIds=u1&participantIds=u2`).
 */
import { invalidPayload } from './errors'
import type { Tags } from './validation'

const dotPrefix = 'tags.'
const bracketPattern = /^tags\[(.+)\]$/

/** Reads the tag filter out of a list query; also accepts qs's bracket form so a hand-written test query works. */
export function tagFilterFromQuery(query: URLSearchParams): Tags {
  const filter: Tags = {}
  for (const [key, value] of query) {
    let name: string | undefined
    if (key.startsWith(dotPrefix)) name = key.slice(dotPrefix.length)
    else name = bracketPattern.exec(key)?.[1]
    if (name === undefined) continue
    if (name === '') throw invalidPayload('Tag filter with an empty tag name')
    filter[name] = value
  }
  return filter
}

/** Every filter entry must equal the record's tag; a record may carry more tags than the filter names. */
export function matchesTags(recordTags: Tags, filter: Tags): boolean {
  return Object.entries(filter).every(([name, value]) => recordTags[name] === value)
}

/** Update semantics: given keys overwrite, and an empty string unsets the key ("posting an empty value"). */
export function mergeTags(current: Tags, patch: Tags | undefined): Tags {
  if (patch === undefined) return { ...current }
  const merged: Tags = { ...current }
  for (const [name, value] of Object.entries(patch)) {
    if (value === '') delete merged[name]
    else merged[name] = value
  }
  return merged
}

/** Tags stored on creation: empty values are dropped, as they would be by an update. */
export function initialTags(tags: Tags): Tags {
  return mergeTags({}, tags)
}

/**
 * The tags a get-or-create looks up by. With `discriminateByTags`, only those keys (each must be given in `tags`);
 * without it, every tag given.
 */
export function lookupTags(tags: Tags, discriminateByTags: string[] | undefined): Tags {
  if (discriminateByTags === undefined) return initialTags(tags)
  const lookup: Tags = {}
  for (const name of discriminateByTags) {
    const value = tags[name]
    if (value === undefined) throw invalidPayload(`discriminateByTags names "${name}", which is not in "tags"`)
    lookup[name] = value
  }
  return lookup
}

/** When the bot/integration definition is known, undeclared tags are rejected like the real API does. */
export function assertDeclaredTags(
  tags: Tags | undefined,
  declared: readonly string[] | undefined,
  what: string,
): void {
  if (tags === undefined || declared === undefined) return
  for (const name of Object.keys(tags)) {
    if (!declared.includes(name)) throw invalidPayload(`${what} tag "${name}" is not defined`)
  }
}
