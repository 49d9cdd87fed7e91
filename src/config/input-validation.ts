import { RuntimeError, z } from '@botpress/sdk'
import * as bp from '.botpress'
import type Definition from '../../integration.definition'
import { describeIssues } from '../platform/describe'
import { lazy } from '../platform/lazy'

/*
 * The Botpress platform checks action inputs and the configuration against the definition before it calls the
 * integration, but the SDK's own server does not, and a wrong type deep in an action surfaces as a TypeError the
 * bot builder only sees as "an unexpected error occurred". Checking against the same resolved schemas here turns
 * any such input into an error that names the field, before anything is read or written.
 * The definition is loaded at the first check: webhook-only cold starts (agent replies, assignment, closing)
 * need not pay for building its schemas.
 */

type Actions = bp.IntegrationProps['actions']
type ActionImplementation = (props: { input: unknown }) => Promise<unknown>

const definition = lazy(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => (require('../../integration.definition') as { default: typeof Definition }).default,
)

/**
 * The HITL plugin passes every message of the chat as history, of any type (custom components, markdown, types
 * yet to come) with its payload unchanged, so the interface's union of known messages would refuse real handoffs.
 * The transcript renders whatever it gets; an entry only has to be an object.
 */
const anyHistory = z
  .array(z.record(z.unknown()))
  .title('Message history')
  .describe('The conversation so far, oldest first, messages of any type')

const LENIENT_FIELDS: Record<string, z.ZodRawShape | undefined> = { startHitl: { messageHistory: anyHistory } }

// Resolved: the hitl interface's actions (createUser, startHitl, stopHitl) are merged in with the entity bound.
const inputSchema = (action: string): z.ZodTypeAny | undefined => {
  const schema = (definition().actions as Record<string, { input: { schema: z.ZodTypeAny } } | undefined>)[action]
    ?.input.schema
  const lenient = LENIENT_FIELDS[action]
  return schema instanceof z.ZodObject && lenient ? schema.extend(lenient) : schema
}

/**
 * Objects and lists inside one another, at most. Real messages nest a few levels (a carousel of cards with buttons
 * is about ten); an input nested far deeper is refused before any code walks it recursively (hashing the request,
 * rendering the transcript), which would otherwise end in a stack overflow the bot builder cannot act on.
 */
export const MAX_INPUT_DEPTH = 100

/**
 * Where a value nested deeper than `maxDepth` is (its field and item, e.g. `messageHistory[3]`), or undefined.
 * Iterative, so any depth is safe to check.
 */
export function tooDeeplyNested(value: unknown, maxDepth: number = MAX_INPUT_DEPTH): string | undefined {
  const pending: [item: unknown, depth: number, path: string][] = [[value, 0, '']]
  while (pending.length > 0) {
    const [item, depth, path] = pending.pop()!
    if (item === null || typeof item !== 'object') continue
    if (depth >= maxDepth) return path || '(the input)'
    for (const [key, child] of Object.entries(item)) {
      const named = depth >= 2 ? path : Array.isArray(item) ? `${path}[${key}]` : path ? `${path}.${key}` : key
      pending.push([child, depth + 1, named])
    }
  }
  return undefined
}

/** Wraps every action so that it runs only on an input its definition's schema accepts. */
export function withValidatedInputs(actions: Actions): Actions {
  const wrapped: Record<string, ActionImplementation> = {}
  for (const [name, action] of Object.entries(actions) as [string, ActionImplementation][]) {
    wrapped[name] = async (props) => {
      const deep = tooDeeplyNested(props.input)
      if (deep !== undefined) {
        throw new RuntimeError(
          `Invalid input for ${name}: ${deep} is nested more than ${MAX_INPUT_DEPTH} levels deep (objects and lists inside one another). Pass simpler messages, for example without blocs inside blocs.`,
        )
      }
      const schema = inputSchema(name)
      if (!schema) throw new Error(`Action ${name} has no definition`)
      const result = schema.safeParse(props.input)
      if (!result.success) throw new RuntimeError(`Invalid input for ${name}: ${describeIssues(result.error)}.`)
      return action(props)
    }
  }
  return wrapped as unknown as Actions
}

/** Refuses a configuration its schema does not accept, naming each field to fix. */
export function assertValidConfiguration(configuration: unknown): void {
  const result = definition().configuration?.schema.safeParse(configuration)
  if (result && !result.success) {
    throw new RuntimeError(`Invalid configuration: ${describeIssues(result.error)}. Fix these fields and save again.`)
  }
}
