import { isPrivateAddress, urlRefusal } from './address-policy'

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:a00:1',
    '::ffff:a9fe:a9fe',
    '::7f00:1',
    '64:ff9b::7f00:1',
    // IANA special-purpose ranges beyond the private ones
    '192.0.0.8',
    '192.0.2.1',
    '192.31.196.1',
    '192.52.193.1',
    '192.88.99.1',
    '192.175.48.1',
    '198.51.100.7',
    '203.0.113.9',
    '255.255.255.255',
    '2002:c0a8:101::1',
    '2002:808:808::1',
    '::ffff:192.0.0.1',
    '::ffff:c000:201',
    '64:ff9b:1::a00:1',
    '100::1',
    '100:0:0:1::1',
    '2001::1',
    '2001:2::1',
    '2001:db8::1',
    '2620:4f:8000::1',
    '3fff::1',
    '5f00::1',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true))

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '2606:4700:4700::1111',
    '::ffff:808:808',
    '64:ff9b::808:808',
    '172.32.0.1',
    '192.0.3.1',
    '2001:4860:4860::8888',
    '2a00:1450::1',
  ])('%s is public', (address) => expect(isPrivateAddress(address)).toBe(false))
})

describe('urlRefusal', () => {
  it.each([
    ['http://[::ffff:127.0.0.1]/x', 'private network addresses are not allowed'],
    ['http://[::1]:8080/', 'private network addresses are not allowed'],
    ['http://localhost/x', 'local addresses are not allowed'],
    ['file:///etc/passwd', 'the file: scheme is not allowed'],
    ['data:image/png;base64,AAAA', 'the data: scheme is not allowed'],
    ['https://user:pass@example.com/x', 'URLs with credentials are not allowed'],
    ['not a url', 'not a valid URL'],
    ['https://cdn.example.com/a.png', undefined],
  ])('%s → %s', (url, reason) => expect(urlRefusal(url, false)).toBe(reason))

  it('lets the local sandbox fetch from loopback when explicitly allowed', () => {
    expect(urlRefusal('http://127.0.0.1:3703/media/a.png', true)).toBeUndefined()
  })
})
