import { markdownToHtml } from './markdown-to-html'
import { buildTranscript, formatSystemNotice, HistoryEntry } from './transcript'

const user = { type: 'user', userId: 'user_downstream_1' } as const
const bot = { type: 'bot' } as const

/** One entry per history message type, as the HITL plugin passes them (payloads unchanged). */
const everyType: HistoryEntry[] = [
  { source: user, type: 'text', payload: { text: 'Hi, my parcel is late' } },
  { source: bot, type: 'markdown', payload: { markdown: 'Sorry to hear that, **Alice**.' } },
  {
    source: bot,
    type: 'choice',
    payload: { text: 'Which order?', options: [{ label: 'Order 1234', value: 'o-1234' }] },
  },
  { source: user, type: 'text', payload: { text: 'o-1234' } },
  { source: bot, type: 'dropdown', payload: { text: 'Carrier?', options: [{ label: 'DHL', value: 'DHL' }] } },
  { source: user, type: 'image', payload: { imageUrl: 'https://files.example/label.png', title: 'label.png' } },
  { source: user, type: 'audio', payload: { audioUrl: 'https://files.example/voice.ogg' } },
  { source: user, type: 'video', payload: { videoUrl: 'https://files.example/unboxing.mp4' } },
  { source: user, type: 'file', payload: { fileUrl: 'https://files.example/receipt.pdf', title: 'receipt.pdf' } },
  { source: user, type: 'location', payload: { latitude: 48.8584, longitude: 2.2945, title: 'Home' } },
  {
    source: bot,
    type: 'card',
    payload: {
      title: 'Track',
      actions: [{ action: 'url', label: 'Open tracking', value: 'https://track.example/1234' }],
    },
  },
  {
    source: bot,
    type: 'carousel',
    payload: {
      items: [
        { title: 'Refund', actions: [] },
        { title: 'Resend', actions: [] },
      ],
    },
  },
  {
    source: bot,
    type: 'bloc',
    payload: {
      items: [
        { type: 'text', payload: { text: 'Our policy:' } },
        { type: 'file', payload: { fileUrl: 'https://files.example/policy.pdf', title: 'policy.pdf' } },
      ],
    },
  },
  { source: bot, type: 'custom_widget', payload: { widget: 'rating' } },
  {
    source: bot,
    type: 'text',
    payload: { text: 'I have escalated this conversation to a human agent. They should be with you shortly.' },
  },
]

describe('buildTranscript', () => {
  it('lays out the header and every history type, attributed and in order', () => {
    const transcript = buildTranscript({
      title: 'Late parcel',
      description: 'Order o-1234, **priority** high',
      history: everyType,
      customerName: 'Alice Martin',
    })
    expect(transcript.markdown).toBe(
      [
        '**Late parcel**\nOrder o-1234, **priority** high',
        '**Conversation before the handoff (15 messages):**',
        '**Alice Martin:** Hi, my parcel is late',
        '**Bot:** Sorry to hear that, **Alice**.',
        '**Bot:** Which order?\n🔘 Choices: Order 1234 (o-1234)',
        '**Alice Martin:** o-1234',
        '**Bot:** Carrier?\n🔽 Dropdown: DHL',
        '**Alice Martin:** 🖼️ Image: [label.png](https://files.example/label.png)',
        '**Alice Martin:** 🔊 Audio: [https://files.example/voice.ogg](https://files.example/voice.ogg)',
        '**Alice Martin:** 🎬 Video: [https://files.example/unboxing.mp4](https://files.example/unboxing.mp4)',
        '**Alice Martin:** 📎 File: [receipt.pdf](https://files.example/receipt.pdf)',
        '**Alice Martin:** 📍 Location: Home — [48.8584, 2.2945](https://www.google.com/maps?q=48.8584,2.2945)',
        '**Bot:** 🃏 Card: **Track**\nButtons: [Open tracking](https://track.example/1234)',
        '**Bot:** 🎠 Carousel (2 cards):\n🃏 Card 1/2: **Refund**\n🃏 Card 2/2: **Resend**',
        '**Bot:** Our policy:\n\n📎 File: [policy.pdf](https://files.example/policy.pdf)',
        '**Bot:** \\[custom\\_widget message\\] `{"widget":"rating"}`',
        '**Bot:** I have escalated this conversation to a human agent. They should be with you shortly.',
      ].join('\n\n'),
    )
  })

  it('gives the same layout as plain text', () => {
    const transcript = buildTranscript({ title: 'Late parcel', history: everyType.slice(0, 6), customerName: 'Alice' })
    expect(transcript.text).toBe(
      [
        'Late parcel',
        'Conversation before the handoff (6 messages):',
        'Alice: Hi, my parcel is late',
        'Bot: Sorry to hear that, Alice.',
        'Bot: Which order?\n🔘 Choices: Order 1234 (o-1234)',
        'Alice: o-1234',
        'Bot: Carrier?\n🔽 Dropdown: DHL',
        'Alice: 🖼️ Image: label.png (https://files.example/label.png)',
      ].join('\n\n'),
    )
  })

  it('collects the media of the whole history with the entry and author they belong to', () => {
    const { media } = buildTranscript({ history: everyType, customerName: 'Alice' })
    expect(media).toEqual([
      { kind: 'image', url: 'https://files.example/label.png', title: 'label.png', entryIndex: 5, author: 'Alice' },
      { kind: 'audio', url: 'https://files.example/voice.ogg', entryIndex: 6, author: 'Alice' },
      { kind: 'video', url: 'https://files.example/unboxing.mp4', entryIndex: 7, author: 'Alice' },
      { kind: 'file', url: 'https://files.example/receipt.pdf', title: 'receipt.pdf', entryIndex: 8, author: 'Alice' },
      { kind: 'file', url: 'https://files.example/policy.pdf', title: 'policy.pdf', entryIndex: 12, author: 'Bot' },
    ])
  })

  it('puts content that starts with a block on its own line, so it keeps its formatting', () => {
    const transcript = buildTranscript({
      history: [
        { source: bot, type: 'markdown', payload: { markdown: '- one\n- two' } },
        { source: user, type: 'text', payload: { text: '```\ncode\n```' } },
        { source: bot, type: 'text', payload: { text: '---' } },
      ],
      customerName: 'Alice',
    })
    expect(transcript.markdown).toContain('**Bot:**\n- one\n- two')
    expect(transcript.markdown).toContain('**Alice:**\n```\ncode\n```')
    // A thematic break on the next line would turn the name into a heading and hide the content.
    expect(transcript.markdown).toContain('**Bot:** ---')
    const html = markdownToHtml(transcript.markdown)
    expect(html).toContain('<p><strong>Bot:</strong></p>\n<ul>')
    expect(html).toContain('<pre><code>code')
  })

  it('uses the bot name when given', () => {
    const transcript = buildTranscript({
      history: [{ source: bot, type: 'text', payload: { text: 'Hello' } }],
      customerName: 'A',
      botName: 'Shop Assistant',
    })
    expect(transcript.markdown.endsWith('**Shop Assistant:** Hello')).toBe(true)
  })

  it('never attributes an entry with an odd source to the customer', () => {
    const odd = [
      { source: { type: 'agent' }, type: 'text', payload: { text: 'a' } },
      { source: undefined, type: 'text', payload: { text: 'b' } },
      null,
    ] as unknown as HistoryEntry[]
    const transcript = buildTranscript({ history: odd, customerName: 'Alice' })
    expect(transcript.text).toBe(
      ['Conversation before the handoff (3 messages):', 'Bot: a', 'Bot: b', 'Bot: [untyped message]'].join('\n\n'),
    )
  })

  it('says so when there is no history, and omits an empty header', () => {
    const transcript = buildTranscript({ title: '  ', description: '', history: [], customerName: 'Alice' })
    expect(transcript).toEqual({
      markdown: '**Conversation before the handoff:** no messages.',
      text: 'Conversation before the handoff: no messages.',
      media: [],
    })
  })

  it('keeps names and titles literal, so they cannot inject links or formatting', () => {
    const transcript = buildTranscript({
      title: 'Help <script>alert(1)</script>',
      history: [{ source: user, type: 'text', payload: { text: 'hi' } }],
      customerName: 'Eve** [click](https://evil.example) **',
    })
    const html = markdownToHtml(transcript.markdown)
    expect(html).not.toContain('<script')
    expect(html).not.toContain('>click</a>')
    expect(transcript.text).toContain('Eve** [click](https://evil.example) **: hi')
  })

  it('falls back to "Customer" for a blank customer name', () => {
    const transcript = buildTranscript({
      history: [{ source: user, type: 'text', payload: { text: 'hi' } }],
      customerName: ' ',
    })
    expect(transcript.markdown.endsWith('**Customer:** hi')).toBe(true)
  })
})

describe('formatSystemNotice', () => {
  it.each([
    [
      'the plugin cancel notice',
      '( The user has ended the session. )',
      undefined,
      '🤖 Bot: ( The user has ended the session. )',
    ],
    [
      'a notice with a bot name',
      'Sorry, the user can not receive this type of message',
      'Shop',
      '🤖 Shop: Sorry, the user can not receive this type of message',
    ],
    ['surrounding whitespace', '  hello \n', undefined, '🤖 Bot: hello'],
  ])('marks %s as coming from the bot', (_name, text, botName, expected) => {
    expect(formatSystemNotice(text, botName)).toBe(expected)
  })
})
