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
