// Durations are bounded (F5): a webhook timeout of 25d fired Node's timer at once (every delivery
// "no answer within 25d" after ~1 ms), and a 400-digit `for:` was Infinity ms, a rule that never fires;
// `rules check` said "no errors" to both. Both are now refused naming the rule and the field.
import { describe, expect, it } from 'vitest'
import { parseRules } from '../../../../electron/engine/alerts/rules-file.ts'
import { parsePromDuration } from '../../../../shared/durations.ts'
import { MAX_DURATION_MS } from '../../../../shared/limits.ts'

const rule = (extra: string) => `rules:\n  - name: r\n    metric: cpu.total\n    threshold: 90\n${extra}`
const webhook = (timeout: string) => rule(`    webhook:\n      url: "http://127.0.0.1:9/a"\n      timeout: ${timeout}\n`)

function errorsOf(text: string): string[] {
  const r = parseRules(text)
  return r.ok ? [] : r.errors.map((e) => `${e.rule}|${e.field}|${e.line}|${e.message}`)
}

describe('duration bounds', () => {
  it('a webhook timeout is 1s to 5m, refused naming the field', () => {
    expect(errorsOf(webhook('25d'))).toEqual(['r|webhook.timeout|7|must be between 1s and 5m'])
    expect(errorsOf(webhook('500ms'))).toEqual(['r|webhook.timeout|7|must be between 1s and 5m'])
    expect(errorsOf(webhook('soon'))).toEqual([expect.stringMatching(/^r\|webhook\.timeout\|7\|is not a duration/)])
    for (const ok of ['1s', '10s', '5m']) expect(errorsOf(webhook(ok)), ok).toEqual([])
  })

  it('a duration longer than 100 years is refused, never Infinity', () => {
    const huge = `${'9'.repeat(400)}s`
    expect(parsePromDuration(huge)).toBeNull()
    expect(parsePromDuration('36501d')).toBeNull()
    expect(parsePromDuration('36500d')).toBe(MAX_DURATION_MS)
    expect(errorsOf(rule(`    for: ${huge}\n`))).toEqual(['r|for|5|is longer than 100y'])
    expect(errorsOf(rule('    keep_firing_for: 200y\n'))).toEqual(['r|keep_firing_for|5|is longer than 100y'])
    expect(errorsOf(rule('    for: 10m\n'))).toEqual([])
  })
})
