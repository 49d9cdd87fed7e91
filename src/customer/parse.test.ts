import {
  isPlaceholderEmail,
  nationalNumber,
  normalizeEmail,
  parseContact,
  parsePhone,
  placeholderUserId,
} from './parse'

describe('parseContact, lenient', () => {
  it.each([
    [
      'a real email, trimmed and lower-cased',
      { email: '  Ann.Lee@Example.COM ' },
      { kind: 'email', email: 'ann.lee@example.com' },
    ],
    [
      'a real email over a phone',
      { email: 'ann@example.com', phone: '+33612345678' },
      { kind: 'email', email: 'ann@example.com' },
    ],
    ['an explicit phone', { phone: '+44 20 7946 0958' }, { kind: 'phone', phone: '+442079460958' }],
    [
      'an explicit phone over a phone in the email field',
      { email: '+33 6 12 34 56 78', phone: '+1 415-555-2671' },
      { kind: 'phone', phone: '+14155552671' },
    ],
    [
      'a phone in the email field (the old workaround)',
      { email: '+33 6 12 34 56 78' },
      { kind: 'phone', phone: '+33612345678' },
    ],
    [
      'a phone in the email field when the phone field does not parse',
      { email: '+33 6 12 34 56 78', phone: 'call me' },
      { kind: 'phone', phone: '+33612345678' },
    ],
    [
      'a national phone in the email field with a country',
      { email: '06 12 34 56 78', defaultCountry: 'FR' },
      { kind: 'phone', phone: '+33612345678' },
    ],
    [
      'an explicit phone next to the plugin placeholder',
      { email: 'user_01J@no-reply.bot-1.botpress.com', phone: '(415) 555-2671', defaultCountry: 'US' },
      { kind: 'phone', phone: '+14155552671' },
    ],
    ['the plugin placeholder', { email: 'user_01JABCDEF@no-reply.5f1c-22a1.botpress.com' }, undefined],
    ['nothing', {}, undefined],
    ['blank fields', { email: '  ', phone: '' }, undefined],
    ['an invalid email', { email: 'not-an-email' }, undefined],
    ['an invalid phone', { phone: '12' }, undefined],
    ['an invalid phone in the email field', { email: '12', defaultCountry: 'FR' }, undefined],
    ['a national phone without a country', { phone: '06 12 34 56 78' }, undefined],
  ] as const)('reads %s', (_name, fields, expected) => {
    expect(parseContact(fields)).toEqual(expected)
  })
})

describe('parseContact, strict', () => {
  it.each([
    ['a real email', { email: ' Ann@Example.com', phone: 'not checked' }, { kind: 'email', email: 'ann@example.com' }],
    [
      'a phone when the email is blank',
      { email: ' ', phone: '+1 415-555-2671' },
      { kind: 'phone', phone: '+14155552671' },
    ],
    ['nothing', { email: '', phone: '  ' }, undefined],
  ] as const)('reads %s', (_name, fields, expected) => {
    expect(parseContact(fields, 'strict')).toEqual(expected)
  })

  it.each([
    ['an invalid email', { email: 'ann@', phone: '+14155552671' }, 'The email address "ann@" is not valid'],
    ['a phone typed into the email field', { email: '+14155552671' }, 'The email address "+14155552671" is not valid'],
    [
      'the plugin placeholder',
      { email: 'u1@no-reply.b1.botpress.com' },
      'The email address "u1@no-reply.b1.botpress.com"',
    ],
    ['an invalid phone', { phone: '12' }, 'The phone number "12" is not valid; use the international form'],
  ] as const)('refuses %s, naming it', (_name, fields, message) => {
    expect(() => parseContact(fields, 'strict')).toThrow(message)
  })
})

describe('placeholderUserId', () => {
  it('maps the same upstream user to the same id, whatever the placeholder casing or spacing', () => {
    const ids = [
      'user_01JABC@no-reply.bot-1.botpress.com',
      ' user_01JABC@NO-REPLY.BOT-1.BOTPRESS.COM ',
      'user_01JABC@No-Reply.Bot-1.Botpress.Com',
    ].map(placeholderUserId)
    expect(ids).toEqual(Array(3).fill('user_01JABC'))
    expect(placeholderUserId('user_OTHER@no-reply.bot-1.botpress.com')).toBe('user_OTHER')
    expect(placeholderUserId('ann@example.com')).toBeUndefined()
  })
})

describe('isPlaceholderEmail', () => {
  it.each([
    ['the plugin format', 'user_01J@no-reply.bot-id.botpress.com', true],
    ['upper case', 'USER_01J@NO-REPLY.BOT-ID.BOTPRESS.COM', true],
    ['surrounding spaces', '  user@no-reply.bot.botpress.com  ', true],
    ['a bot id with dots', 'u@no-reply.a.b.botpress.com', true],
    ['no bot segment', 'u@no-reply.botpress.com', true],
    ['a trailing root dot', 'u@no-reply.bot.botpress.com.', true],
    ['a real botpress address', 'support@botpress.com', false],
    ['no-reply on another domain', 'u@no-reply.bot.example.com', false],
    ['a look-alike domain', 'u@no-reply.bot.botpress.com.evil.io', false],
    ['noreply without the dash', 'u@noreply.bot.botpress.com', false],
    ['missing local part', '@no-reply.bot.botpress.com', false],
    ['undefined', undefined, false],
  ])('%s → %p', (_name, email, expected) => {
    expect(isPlaceholderEmail(email)).toBe(expected)
  })
})

describe('normalizeEmail', () => {
  it.each([
    ['plain', 'a@example.com', 'a@example.com'],
    ['plus tag and subdomain', 'Ann+Shop@Mail.Example.co.uk', 'ann+shop@mail.example.co.uk'],
    ['punycode TLD', 'a@example.xn--p1ai', 'a@example.xn--p1ai'],
  ])('accepts %s', (_name, input, expected) => {
    expect(normalizeEmail(input)).toBe(expected)
  })

  it.each([
    ['no @', 'ann.example.com'],
    ['two @', 'a@b@example.com'],
    ['no domain dot', 'ann@localhost'],
    ['numeric TLD', 'ann@example.123'],
    ['space inside', 'ann lee@example.com'],
    ['leading dot', '.ann@example.com'],
    ['double dot', 'ann..lee@example.com'],
    ['trailing dot in local part', 'ann.@example.com'],
    ['domain label starting with a dash', 'ann@-example.com'],
    ['empty local part', '@example.com'],
    ['display-name form', 'Ann <ann@example.com>'],
    ['local part over 64 characters', `${'a'.repeat(65)}@example.com`],
    ['address over 254 characters', `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.com`],
    ['the plugin placeholder', 'u@no-reply.bot.botpress.com'],
    ['a phone number', '+33612345678'],
  ])('rejects %s', (_name, input) => {
    expect(normalizeEmail(input)).toBeUndefined()
  })
})

describe('parsePhone', () => {
  it.each([
    ['France, international', '+33 6 12 34 56 78', undefined, '+33612345678'],
    ['France, national with country', '06 12 34 56 78', 'FR', '+33612345678'],
    ['France, 00 prefix with country', '0033 6 12 34 56 78', 'FR', '+33612345678'],
    ['UK, international', '+44 20 7946 0958', undefined, '+442079460958'],
    ['UK mobile, national with country', '07911 123456', 'GB', '+447911123456'],
    ['US, international with dashes', '+1 415-555-2671', undefined, '+14155552671'],
    ['US, national with parentheses', '(415) 555-2671', 'US', '+14155552671'],
    ['Canada, international', '+1 613 555 0123', undefined, '+16135550123'],
    ['Germany, international', '+49 30 901820', undefined, '+4930901820'],
    ['international ignores the default country', '+44 20 7946 0958', 'FR', '+442079460958'],
    ['a tel: URI', 'tel:+33612345678', undefined, '+33612345678'],
  ] as const)('parses %s', (_name, input, country, expected) => {
    expect(parsePhone(input, country)).toBe(expected)
  })

  it.each([
    ['too short', '12', 'FR'],
    ['too short, international', '+33 12', undefined],
    ['national without a country', '06 12 34 56 78', undefined],
    ['an impossible US number', '+1 555 0100', undefined],
    ['letters around the number', 'call +33612345678 now', undefined],
    ['an email', 'ann@example.com', undefined],
    ['empty', '', undefined],
    ['undefined', undefined, undefined],
  ] as const)('rejects %s', (_name, input, country) => {
    expect(parsePhone(input, country)).toBeUndefined()
  })
})

describe('nationalNumber', () => {
  it.each([
    ['+33612345678', '612345678'],
    ['+442079460958', '2079460958'],
    ['+14155552671', '4155552671'],
  ])('%s → %s', (e164, expected) => {
    expect(nationalNumber(e164)).toBe(expected)
  })

  it.each(['', '12', 'not a phone', '+1 555 0100'])('is undefined for %p', (input) => {
    expect(nationalNumber(input)).toBeUndefined()
  })
})
