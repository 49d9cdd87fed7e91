import fc from 'fast-check'
import { markdownToHtml } from './markdown-to-html'
import { MAX_UNKNOWN_PAYLOAD_LENGTH, parseMessage, renderMessage } from './message-content'

describe('renderMessage', () => {
  it.each([
    ['text (markdown kept)', { type: 'text', payload: { text: 'Hi **there**' } }, 'Hi **there**', 'Hi there'],
    ['markdown', { type: 'markdown', payload: { markdown: '# Title\n- a' } }, '# Title\n- a', 'Title\n\n- a'],
    [
      'location with title and address',
      { type: 'location', payload: { latitude: 48.8584, longitude: 2.2945, title: 'Eiffel Tower', address: 'Paris' } },
      '📍 Location: Eiffel Tower, Paris — [48.8584, 2.2945](https://www.google.com/maps?q=48.8584,2.2945)',
      '📍 Location: Eiffel Tower, Paris — 48.8584, 2.2945 (https://www.google.com/maps?q=48.8584,2.2945)',
    ],
    [
      'location with only coordinates',
      { type: 'location', payload: { latitude: -33.8568, longitude: 151.2153 } },
      '📍 Location: [-33.8568, 151.2153](https://www.google.com/maps?q=-33.8568,151.2153)',
      '📍 Location: -33.8568, 151.2153 (https://www.google.com/maps?q=-33.8568,151.2153)',
    ],
    [
      'card',
      {
        type: 'card',
        payload: {
          title: 'Pro plan',
          subtitle: '$10 / month',
          imageUrl: 'https://cdn.example/pro.png',
          actions: [
            { action: 'url', label: 'Details', value: 'https://example.com/pro' },
            { action: 'postback', label: 'Buy', value: 'BUY_PRO' },
            { action: 'say', label: 'Talk to sales', value: 'Talk to sales' },
          ],
        },
      },
      '🃏 Card: **Pro plan**\n$10 / month\n🖼️ Image: [https://cdn.example/pro.png](https://cdn.example/pro.png)\n' +
        'Buttons: [Details](https://example.com/pro) · Buy (BUY\\_PRO) · Talk to sales',
      '🃏 Card: Pro plan\n$10 / month\n🖼️ Image: https://cdn.example/pro.png\n' +
        'Buttons: Details (https://example.com/pro) · Buy (BUY_PRO) · Talk to sales',
    ],
    [
      'carousel',
      {
        type: 'carousel',
        payload: {
          items: [
            { title: 'Red', actions: [{ action: 'postback', label: 'Pick', value: 'red' }] },
            { title: 'Blue', subtitle: 'Sold out', actions: [] },
          ],
        },
      },
      '🎠 Carousel (2 cards):\n🃏 Card 1/2: **Red**\nButtons: Pick (red)\n🃏 Card 2/2: **Blue**\nSold out',
      '🎠 Carousel (2 cards):\n🃏 Card 1/2: Red\nButtons: Pick (red)\n🃏 Card 2/2: Blue\nSold out',
    ],
    [
      'choice',
      {
        type: 'choice',
        payload: {
          text: 'Which size?',
          options: [
            { label: 'Small', value: 'Small' },
            { label: 'Large', value: 'L' },
          ],
        },
      },
      'Which size?\n🔘 Choices: Small · Large (L)',
      'Which size?\n🔘 Choices: Small · Large (L)',
    ],
    [
      'dropdown',
      { type: 'dropdown', payload: { text: 'Country?', options: [{ label: 'France', value: 'FR' }] } },
      'Country?\n🔽 Dropdown: France (FR)',
      'Country?\n🔽 Dropdown: France (FR)',
    ],
    [
      'choice without options',
      { type: 'choice', payload: { text: 'Anything?', options: [] } },
      'Anything?\n🔘 Choices: (none)',
      'Anything?\n🔘 Choices: (none)',
    ],
  ])('renders %s', (_name, message, markdown, text) => {
    const rendered = renderMessage(message)
    expect(rendered.markdown).toBe(markdown)
    expect(rendered.text).toBe(text)
    expect(rendered.media).toEqual([])
  })

  it.each([
    ['image', 'imageUrl', '🖼️ Image'],
    ['audio', 'audioUrl', '🔊 Audio'],
    ['video', 'videoUrl', '🎬 Video'],
    ['file', 'fileUrl', '📎 File'],
  ] as const)('lists %s media for upload and still links it in the text', (kind, field, label) => {
    const url = `https://files.example/${kind}.bin`
    const withTitle = renderMessage({ type: kind, payload: { [field]: url, title: 'Report Q3' } })
    expect(withTitle.media).toEqual([{ kind, url, title: 'Report Q3' }])
    expect(withTitle.markdown).toBe(`${label}: [Report Q3](${url})`)
    expect(withTitle.text).toBe(`${label}: Report Q3 (${url})`)

    const untitled = renderMessage({ type: kind, payload: { [field]: url } })
    expect(untitled.media).toEqual([{ kind, url }])
    expect(untitled.text).toBe(`${label}: ${url}`)
  })

  it('mentions but does not list media that cannot be downloaded over http(s)', () => {
    const rendered = renderMessage({ type: 'image', payload: { imageUrl: 'data:image/png;base64,AAAA' } })
    expect(rendered.media).toEqual([])
    expect(rendered.text).toBe('🖼️ Image: data:image/png;base64,AAAA')
    expect(markdownToHtml(rendered.markdown)).not.toContain('<a ')
  })

  it('renders every item of a bloc, in order, and collects its media', () => {
    const rendered = renderMessage({
      type: 'bloc',
      payload: {
        items: [
          { type: 'text', payload: { text: 'Here is your invoice:' } },
          { type: 'file', payload: { fileUrl: 'https://files.example/invoice.pdf', title: 'invoice.pdf' } },
          { type: 'markdown', payload: { markdown: '- paid' } },
          { type: 'image', payload: { imageUrl: 'https://files.example/stamp.png' } },
          { type: 'location', payload: { latitude: 1, longitude: 2 } },
          { type: 'audio', payload: { audioUrl: 'https://files.example/a.mp3' } },
          { type: 'video', payload: { videoUrl: 'https://files.example/v.mp4' } },
        ],
      },
    })
    expect(rendered.markdown).toBe(
      [
        'Here is your invoice:',
        '📎 File: [invoice.pdf](https://files.example/invoice.pdf)',
        '- paid',
        '🖼️ Image: [https://files.example/stamp.png](https://files.example/stamp.png)',
        '📍 Location: [1, 2](https://www.google.com/maps?q=1,2)',
        '🔊 Audio: [https://files.example/a.mp3](https://files.example/a.mp3)',
        '🎬 Video: [https://files.example/v.mp4](https://files.example/v.mp4)',
      ].join('\n\n'),
    )
    expect(rendered.media.map((m) => m.kind)).toEqual(['file', 'image', 'audio', 'video'])
  })

  it('shows an unreadable bloc item as unknown without losing the others', () => {
    const rendered = renderMessage({
      type: 'bloc',
      payload: { items: [{ type: 'text', payload: { text: 'ok' } }, { type: 'bloc', payload: { items: [] } }, 42] },
    })
    expect(rendered.text).toBe('ok\n\n[bloc message] {"items":[]}\n\n[untyped message] 42')
  })

  it.each([
    [
      'a custom component: its texts and links, found in its data',
      {
        type: 'custom',
        payload: {
          url: 'https://cdn.example/order-widget.js',
          name: 'OrderStatus',
          data: { title: 'Order 1234', status: 'shipped', items: [{ label: 'Blue mug' }] },
        },
      },
      '[custom message] https://cdn.example/order-widget.js · OrderStatus · Order 1234 · Blue mug',
    ],
    [
      'a future type with a caption and a link',
      { type: 'sticker', payload: { caption: 'Thumbs *up*', src: 'https://s.example/up.png' } },
      '[sticker message] Thumbs *up* · https://s.example/up.png',
    ],
    [
      'each text once, and an unsafe link as nothing',
      { type: 'custom', payload: { title: 'Same', text: 'Same', href: 'javascript:alert(1)' } },
      '[custom message] Same',
    ],
  ])('renders %s as readable text', (_case, message, expected) => {
    const rendered = renderMessage(message)
    expect(rendered.text).toBe(expected)
    expect(rendered.media).toEqual([])
  })

  it('keeps the markup of texts in an unknown payload literal', () => {
    expect(renderMessage({ type: 'custom', payload: { title: '**bold** [x](javascript:y)' } }).markdown).toBe(
      '\\[custom message\\] \\*\\*bold\\*\\* \\[x\\](javascript:y)',
    )
  })

  it.each([
    ['an unknown type', { type: 'custom', payload: { a: 1 } }, '[custom message] {"a":1}'],
    ['text without text', { type: 'text', payload: { body: 'hi' } }, '[text message] {"body":"hi"}'],
    ['blank text', { type: 'text', payload: { text: '  ' } }, '[text message] {"text":"  "}'],
    ['image without URL', { type: 'image', payload: { title: 'x' } }, '[image message] x'],
    [
      'location out of range',
      { type: 'location', payload: { latitude: 91, longitude: 0 } },
      '[location message] {"latitude":91,"longitude":0}',
    ],
    [
      'location as strings',
      { type: 'location', payload: { latitude: '1', longitude: '2' } },
      '[location message] {"latitude":"1","longitude":"2"}',
    ],
    [
      'card with a bad action',
      { type: 'card', payload: { title: 'T', actions: [{ action: 'open', label: 'x', value: 'y' }] } },
      '[card message] T · x',
    ],
    ['carousel without items', { type: 'carousel', payload: {} }, '[carousel message] {}'],
    ['choice without options', { type: 'choice', payload: { text: 'Pick' } }, '[choice message] Pick'],
    ['null payload', { type: 'text', payload: null }, '[text message] null'],
    ['array payload', { type: 'file', payload: ['x'] }, '[file message] ["x"]'],
    ['missing payload', { type: 'custom', payload: undefined }, '[custom message]'],
    ['an empty type', { type: '', payload: 'x' }, '[untyped message] "x"'],
    ['a multi-line type', { type: 'my\ntype', payload: 1 }, '[my type message] 1'],
  ])('never drops %s: shows its type and JSON', (_name, message, text) => {
    const rendered = renderMessage(message)
    expect(rendered.text).toBe(text)
    expect(rendered.media).toEqual([])
  })

  it('truncates the JSON of a large unknown payload', () => {
    const rendered = renderMessage({ type: 'custom', payload: { blob: 'x'.repeat(5_000) } })
    const json = rendered.text.slice('[custom message] '.length)
    expect(json.length).toBe(MAX_UNKNOWN_PAYLOAD_LENGTH)
    expect(json.startsWith('{"blob":"xxx')).toBe(true)
    expect(json.endsWith('…')).toBe(true)
  })

  it('does not throw on a payload that JSON cannot serialise', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(renderMessage({ type: 'custom', payload: cyclic }).text).toBe('[custom message] (payload cannot be shown)')
    expect(renderMessage({ type: 'custom', payload: { n: BigInt(1) } }).text).toBe(
      '[custom message] (payload cannot be shown)',
    )
  })

  it('keeps a JSON payload with backticks inside one code span', () => {
    const rendered = renderMessage({ type: 'custom', payload: { code: 'a`b' } })
    expect(rendered.markdown).toBe('\\[custom message\\] ``{"code":"a`b"}``')
    expect(markdownToHtml(rendered.markdown)).toContain('<code>{&quot;code&quot;:&quot;a`b&quot;}</code>')
  })

  it('never throws and always says something, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('text', 'card', 'carousel', 'bloc', 'choice', 'location')),
        fc.anything(),
        (type, payload) => {
          const rendered = renderMessage({ type, payload })
          expect(rendered.text.trim()).not.toBe('')
          expect(rendered.markdown.trim()).not.toBe('')
        },
      ),
    )
  })

  describe('hostile content', () => {
    it.each([
      ['a card title with HTML', { type: 'card', payload: { title: '<img src=x onerror=alert(1)>', actions: [] } }],
      [
        'a card subtitle with a script',
        { type: 'card', payload: { title: 't', subtitle: '<script>alert(1)</script>', actions: [] } },
      ],
      [
        'an option label with HTML',
        { type: 'choice', payload: { text: 'q', options: [{ label: '<b onclick=x>', value: 'v' }] } },
      ],
      [
        'a file title with HTML',
        { type: 'file', payload: { fileUrl: 'https://e.com/f', title: '<svg onload=alert(1)>' } },
      ],
      ['a text with HTML', { type: 'text', payload: { text: '<iframe src=https://evil.example></iframe>' } }],
    ])('escapes %s', (_name, message) => {
      const html = markdownToHtml(renderMessage(message).markdown)
      expect(html).not.toMatch(/<(img|script|b|svg|iframe)[\s>]/)
    })

    it.each([
      [
        'a url button',
        {
          type: 'card',
          payload: { title: 't', actions: [{ action: 'url', label: 'Go', value: 'javascript:alert(1)' }] },
        },
      ],
      ['a file URL', { type: 'file', payload: { fileUrl: 'javascript:alert(1)', title: 'Go' } }],
      ['a card image', { type: 'card', payload: { title: 't', imageUrl: 'javascript:alert(1)', actions: [] } }],
    ])('never makes a link of a javascript: %s', (_name, message) => {
      const rendered = renderMessage(message)
      expect(markdownToHtml(rendered.markdown)).not.toContain('href="javascript')
      expect(rendered.text).toContain('javascript:alert(1)')
      expect(rendered.media).toEqual([])
    })

    it('keeps markup in titles and labels literal instead of formatting or linking', () => {
      const rendered = renderMessage({
        type: 'card',
        payload: { title: '**[win](https://evil.example)**', subtitle: '- 50% off\n# now', actions: [] },
      })
      expect(rendered.text).toBe('🃏 Card: **[win](https://evil.example)**\n- 50% off # now')
      const html = markdownToHtml(rendered.markdown)
      expect(html).toContain('**[win](')
      expect(html).not.toContain('>win</a>')
      expect(html).not.toMatch(/<(ul|h1)>/)
    })
  })
})

describe('parseMessage', () => {
  it('types a valid message by its payload', () => {
    expect(
      parseMessage({ type: 'video', payload: { videoUrl: ' https://v.example/a.mp4 ', title: 'Demo', extra: 1 } }),
    ).toEqual({
      known: true,
      message: { type: 'video', payload: { videoUrl: 'https://v.example/a.mp4', title: 'Demo' } },
    })
  })

  it('accepts numeric option values from loosely typed bots as text', () => {
    expect(parseMessage({ type: 'choice', payload: { text: 'n?', options: [{ label: 'One', value: 1 }] } })).toEqual({
      known: true,
      message: { type: 'choice', payload: { text: 'n?', options: [{ label: 'One', value: '1' }] } },
    })
  })

  it('keeps an unreadable message as it came', () => {
    const payload = { imageUrl: 42 }
    expect(parseMessage({ type: 'image', payload })).toEqual({ known: false, type: 'image', payload })
  })
})
