import type { z } from '@botpress/sdk'

/**
 * A schema failure in one line that names each field: "inboxIds: Required; email: Expected string, received
 * number". `root` names an issue about the whole value; `max` keeps the line short when a body is far off.
 */
export function describeIssues(error: z.ZodError, options: { root?: string; max?: number } = {}): string {
  return error.issues
    .slice(0, options.max)
    .map((issue) => {
      const path = issue.path.join('.') || options.root
      return path ? `${path}: ${issue.message}` : issue.message
    })
    .join('; ')
}

/** The message of whatever was thrown, for a log line or an error page. */
export const describeFailure = (thrown: unknown): string => (thrown instanceof Error ? thrown.message : String(thrown))
