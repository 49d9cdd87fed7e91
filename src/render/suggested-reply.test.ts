import { suggestedReply } from './suggested-reply'

describe('suggestedReply', () => {
  it('marks the note as a suggestion, renders the markdown as rich text and keeps a plain text', () => {
    const note = suggestedReply('Offer **10%** off\n\n- order 1234\n\n<script>alert(1)</script>')
    expect(note.richText).toMatch(/^<p><strong>💡 Suggested reply \(from the bot\)<\/strong><\/p>/)
    expect(note.richText).toContain('<strong>10%</strong>')
    expect(note.richText).toContain('<li>order 1234</li>')
    expect(note.richText).not.toContain('<script>')
    expect(note.text).toMatch(/^💡 Suggested reply \(from the bot\):\nOffer 10% off/)
    expect(note.text).not.toContain('**')
  })
})
