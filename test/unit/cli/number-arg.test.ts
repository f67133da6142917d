// Numeric flags are read as decimal digits only: Number() ran `--days 0x10` as 16 days and bound
// `--port 0x50` to port 80.
import { describe, expect, it } from 'vitest'
import { decimalArg, parseWhole, wholeArg } from '../../../electron/cli/number-arg.ts'

describe('wholeArg', () => {
  it.each(['0x10', '1e1', '16.0', '1.5', ' 16', '16 ', '', '-1', '0b11', '+3', 'Infinity', '1'.repeat(16)])('refuses "%s" as not a whole number', (text) => {
    expect(() => wholeArg('days', text)).toThrow(`--days: "${text}" is not a whole number.`)
  })

  it('takes decimal digits within the range, and names the range when it is out of it', () => {
    expect(wholeArg('port', '8080', 0, 65535)).toBe(8080)
    expect(wholeArg('port', '007', 0, 65535)).toBe(7)
    expect(() => wholeArg('port', '70000', 0, 65535)).toThrow('--port: "70000" is not a whole number from 0 to 65535.')
    expect(parseWhole('0x2')).toBeNull()
    expect(parseWhole('2')).toBe(2)
  })
})

describe('decimalArg', () => {
  it('takes 0.25, 12, -3 and .5, and refuses hex and exponents', () => {
    expect([decimalArg('x', '0.25'), decimalArg('x', '12'), decimalArg('x', '-3'), decimalArg('x', '.5')]).toEqual([0.25, 12, -3, 0.5])
    for (const t of ['0x10', '1e3', '', 'NaN', '1.']) expect(() => decimalArg('price', t)).toThrow(`--price: "${t}" is not a number`)
  })
})
