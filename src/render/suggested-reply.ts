import { markdownToHtml, markdownToPlainText } from './markdown-to-html'

export const SUGGESTED_REPLY_HEADING = 'Suggested reply (from the bot)'

/**
 * A reply the bot suggests to the agent, as an internal comment: a heading that says it is a suggestion (so it is
 * never mistaken for something the customer was sent) over the bot's markdown, as rich text and as plain text.
 */
export function suggestedReply(markdown: string): { text: string; richText: string } {
  return {
    text: `💡 ${SUGGESTED_REPLY_HEADING}:\n${markdownToPlainText(markdown)}`,
    richText: `<p><strong>💡 ${SUGGESTED_REPLY_HEADING}</strong></p>\n${markdownToHtml(markdown)}`,
  }
}
