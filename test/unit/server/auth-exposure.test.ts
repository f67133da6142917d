// What `gapwatch serve` refuses at start (checkExposure; serve turns each into a usage error, exit 2).
import { describe, expect, it } from 'vitest'
import { checkExposure, isLoopback } from '../../../electron/server/auth.ts'

const GOOD = 'abcdefghijklmnop'

describe('checkExposure: the token', () => {
  it.each([
    ['a trailing space', `${GOOD} `, /ends with whitespace/],
    ['a leading tab', `\t${GOOD}`, /starts with whitespace/],
    ['16 spaces', ' '.repeat(16), /starts with whitespace/],
    ['a line break inside', 'abcdefghijklmnop\nq', /control character \(U\+000A, at character 17\)/],
    ['an escape inside', 'abcdefgh\u001bijklmnop', /control character \(U\+001B, at character 9\)/],
  ])('refuses a token with %s, saying no client could send it', (_name, token, why) => {
    // A bearer header loses the outer whitespace and auth.check trims it: only the login page matched.
    expect(() => checkExposure('0.0.0.0', token)).toThrow(why)
    expect(() => checkExposure('0.0.0.0', token)).toThrow(/no HTTP client could send it/)
  })

  it('does not print the token in the message', () => {
    expect(() => checkExposure('0.0.0.0', `${GOOD} `)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(GOOD) }))
  })

  it('takes a token with a space inside, and still refuses a short one', () => {
    expect(() => checkExposure('0.0.0.0', 'abcdefgh ijklmnop')).not.toThrow()
    expect(() => checkExposure('0.0.0.0', 'short')).toThrow(/5 characters long/)
  })
})

describe('checkExposure: the address', () => {
  it('takes IPv4 loopback in its IPv6-mapped form as loopback (no token needed)', () => {
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopback('[::ffff:127.0.0.1]')).toBe(true)
    expect(() => checkExposure('::ffff:127.0.0.1', undefined)).not.toThrow()
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false)
    expect(() => checkExposure('::ffff:10.0.0.1', undefined)).toThrow(/without a token/)
  })

  it('takes only IP literals of 127.0.0.0/8, ::1 and localhost as loopback, never a name that starts with 127.', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::FFFF:127.0.0.2']) expect(isLoopback(h)).toBe(true)
    for (const h of ['127.example.com', '127.0.0.1.nip.io', '127.', '127.0.0.256', '128.0.0.1', '::2', 'localhost.example.com']) expect(isLoopback(h)).toBe(false)
    expect(() => checkExposure('127.example.com', undefined)).toThrow(/Refusing to listen on 127\.example\.com without a token/)
  })

  it('refuses a dotted number that is no address, saying so rather than asking for a token', () => {
    expect(() => checkExposure('999.1.1.1', undefined)).toThrow('--host 999.1.1.1: not an address')
    expect(() => checkExposure('1.2.3', GOOD)).toThrow(/not an address/)
    expect(() => checkExposure('10.0.0.1', GOOD)).not.toThrow()
  })
})
