export {
  BotpressEmulator,
  type BotpressEmulatorOptions,
  type CallPredicate,
  type CallRecord,
} from './botpress-emulator'
export { errorBody, errorTypeForStatus, type ErrorBody } from './errors'
export type { FaultSpec } from './faults'
export type { DeclaredDefinition, RouteOperation } from './router'
export type { SeedConversation, SeedMessage, SeedUser } from './seeder'
export type {
  ConversationRecord,
  CreatedRecord,
  EventRecord,
  MessageRecord,
  StateRecord,
  StateType,
  UserRecord,
} from './store'
