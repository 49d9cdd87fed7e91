/**
 * The `hitl` interface, version 2.1.0, authored in this repository because the hub's package cannot be
 * downloaded on our build machines. It follows the public contract of botpress/botpress
 * `interfaces/hitl` (see docs/hitl-plugin.md §1). `bp add interface:hitl@2.1.0` can replace
 * this folder without any change elsewhere: the integration only imports the default export.
 */
import { z, messages, InterfaceDefinition, InterfacePackage } from '@botpress/sdk'

const HIDDEN_IN_STUDIO = { bpActionHiddenInStudio: 'true' }

/** Every channel message may carry the sender it stands for and free-form data for custom integrations. */
const withHitlSpecific = <S extends z.AnyZodObject>(schema: S) =>
  schema.extend({
    userId: z
      .string()
      .optional()
      .title('User ID')
      .describe('Send the message on behalf of this user (the customer); absent for bot and plugin notices'),
    additionalData: z
      .string()
      .max(500)
      .optional()
      .title('Additional data')
      .describe('Free-form data for custom integrations, at most 500 characters'),
  })

const messageSource = z.union([
  z.object({ type: z.literal('user'), userId: z.string() }),
  z.object({ type: z.literal('bot') }),
])

/** The history may hold any default message type plus markdown, with bloc in its markdown-capable form. */
const historyPayloads = {
  ...messages.defaults,
  markdown: messages.markdown,
  bloc: messages.markdownBloc,
} as Record<string, { schema: z.AnyZodObject }>

const historyMessage = z.union(
  Object.entries(historyPayloads).map(([type, { schema }]) =>
    z.object({ source: messageSource, type: z.literal(type), payload: schema }),
  ) as unknown as [z.AnyZodObject, z.AnyZodObject, ...z.AnyZodObject[]],
)

const definition = new InterfaceDefinition({
  name: 'hitl',
  version: '2.1.0',
  title: 'Human in the loop',
  description: 'Hand a conversation over to a human agent in an external system',
  entities: {
    hitlSession: {
      title: 'HITL session',
      description: 'A HITL session, often referred to as a ticket or conversation in external systems',
      schema: z.object({}),
    },
  },
  events: {
    hitlAssigned: {
      attributes: HIDDEN_IN_STUDIO,
      schema: () =>
        z.object({
          conversationId: z.string().title('Conversation ID').describe('The HITL conversation (downstream) id'),
          userId: z.string().title('Agent user ID').describe('The Botpress user that stands for the human agent'),
        }),
    },
    hitlStopped: {
      attributes: HIDDEN_IN_STUDIO,
      schema: () =>
        z.object({
          conversationId: z.string().title('Conversation ID').describe('The HITL conversation (downstream) id'),
        }),
    },
  },
  actions: {
    createUser: {
      title: 'Create external user',
      description: 'Create or find the end user in the external system and in Botpress',
      attributes: HIDDEN_IN_STUDIO,
      input: {
        schema: () =>
          z.object({
            name: z.string().title('Display name').describe('Name of the end user'),
            pictureUrl: z.string().optional().title('Picture URL').describe('Avatar of the end user'),
            email: z.string().optional().title('Email').describe('Email address of the end user'),
          }),
      },
      output: {
        schema: () =>
          z.object({
            userId: z.string().title('User ID').describe('The Botpress user that stands for the end user'),
          }),
      },
    },
    startHitl: {
      title: 'Start new HITL session',
      description: 'Open a ticket or conversation in the external system',
      attributes: HIDDEN_IN_STUDIO,
      input: {
        schema: ({ hitlSession }) =>
          z.object({
            userId: z.string().title('User ID').describe('The user id returned by createUser'),
            title: z.string().optional().title('Title').describe('Title of the ticket'),
            description: z.string().optional().title('Description').describe('Description of the ticket'),
            hitlSession: hitlSession
              .optional()
              .title('Extra configuration')
              .describe('Integration-specific settings for this session'),
            messageHistory: z
              .array(historyMessage)
              .title('Message history')
              .describe('The conversation so far, oldest first, shown to the human agent'),
          }),
      },
      output: {
        schema: () =>
          z.object({
            conversationId: z.string().title('Conversation ID').describe('The new HITL conversation id'),
          }),
      },
    },
    stopHitl: {
      title: 'Stop HITL session',
      description: 'Close the ticket or conversation in the external system',
      attributes: HIDDEN_IN_STUDIO,
      input: {
        schema: () =>
          z.object({
            conversationId: z.string().title('Conversation ID').describe('The HITL conversation id'),
          }),
      },
      output: { schema: () => z.object({}) },
    },
  },
  channels: {
    hitl: {
      messages: {
        text: { schema: () => withHitlSpecific(messages.defaults.text.schema) },
        image: { schema: () => withHitlSpecific(messages.defaults.image.schema) },
        audio: { schema: () => withHitlSpecific(messages.defaults.audio.schema) },
        video: { schema: () => withHitlSpecific(messages.defaults.video.schema) },
        file: { schema: () => withHitlSpecific(messages.defaults.file.schema) },
        bloc: { schema: () => withHitlSpecific(messages.markdownBloc.schema) },
      },
    },
  },
  __advanced: { useLegacyZuiTransformer: true },
})

const hitl = {
  type: 'interface',
  name: definition.name,
  version: definition.version,
  definition,
} satisfies InterfacePackage

export default hitl
