/**
 * A tiny scripted bot, so that what the customer said before the handoff is a real conversation with choices
 * and markdown in it: the transcript the agent receives then shows how each kind of message is rendered.
 */
export type BotMessage =
  | { type: 'text'; payload: { text: string } }
  | { type: 'markdown'; payload: { markdown: string } }
  | { type: 'choice'; payload: { text: string; options: { label: string; value: string }[] } }

export const MENU: BotMessage = {
  type: 'choice',
  payload: {
    text: 'What can I do for you?',
    options: [
      { label: 'Track my order', value: 'track' },
      { label: 'Talk to a person', value: 'human' },
    ],
  },
}

export const BACK_WITH_BOT: BotMessage = {
  type: 'text',
  payload: { text: 'You are back with the bot. Is there anything else I can do?' },
}

/** The bot's answer to something the customer said while no agent is in the conversation. */
export function botReply(said: string): BotMessage[] {
  if (/human|agent|person|someone/i.test(said))
    return [
      {
        type: 'markdown',
        payload: { markdown: 'Of course. Fill in the **Escalate** form and a colleague from our team will take over.' },
      },
    ]
  if (/track|order|parcel|package|delivery/i.test(said))
    return [
      { type: 'markdown', payload: { markdown: 'Order **#1234** left our warehouse on _Monday_. It is on its way.' } },
      MENU,
    ]
  return [{ type: 'text', payload: { text: 'Hi! I am the demo bot of this sandbox.' } }, MENU]
}

/** What the bot reads of a `customerMessageRelayed` event (assist mode) to draft a suggestion. */
export type RelayedMessage = {
  conversationId: string
  customer: { name?: string }
  message: { text: string; files: { name: string }[] }
  recentContext: { author: string; internal: boolean }[]
}

/**
 * The scripted bot's suggested reply to the agent, in markdown, from the customer's last message: what a bot
 * builder would ask an AI task for. Internal comments in the context count only as a hint to the agent.
 */
export function suggestReply(relayed: RelayedMessage): string {
  const name = relayed.customer.name?.split(' ')[0] || 'there'
  const said = relayed.message.text
  const agentNotes = relayed.recentContext.filter((entry) => entry.internal && entry.author === 'agent').length
  const lines = relayed.message.files.length
    ? [`Thanks ${name}, I have received **${relayed.message.files.map((file) => file.name).join(', ')}**.`]
    : /refund|money back/i.test(said)
      ? [`Hi ${name}, I am sorry about this. I can offer a **full refund** for order #1234 today.`]
      : /track|order|parcel|package|delivery|arrive/i.test(said)
        ? [
            `Hi ${name}, order **#1234** left our warehouse on _Monday_.`,
            '- I can send a replacement',
            '- or refund it',
          ]
        : [`Hi ${name}, thanks for your message. Could you give me your **order number**?`]
  if (agentNotes > 0) lines.push('', `_(${agentNotes} internal note${agentNotes > 1 ? 's' : ''} in the thread.)_`)
  return lines.join('\n')
}
