/**
 * Builds a value on first use. Integrations cold-start on every new serverless instance; the markdown and
 * HTML converters (markdown-it, turndown with its DOM) cost about 20 ms of every cold start otherwise, and
 * most operations never need them.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined
  return () => (built ??= { value: build() }).value
}
