/**
 * Builds a value on first use. Integrations cold-start on every new serverless instance; the markdown and
 * HTML converters (markdown-it, turndown with its DOM) would otherwise be built on every cold start, and
 * most operations never need them (docs/performance.md has the measured cost).
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined
  return () => (built ??= { value: build() }).value
}
