// Silences are bounded like the rest of the contract: 3,000 silences of 200 labels of 500 characters
// were all accepted (a 305 MB database, an alertsSilences reply over 100 MB that held the engine
// 3.9 s). Now a silence has at most MAX_SILENCE_LABELS labels of bounded names and values, refused
// with the field named, and at most MAX_ACTIVE_SILENCES are active at once.
import { describe, expect, it } from 'vitest'
import { SilenceParamsSchema } from '../../../../shared/alerts.ts'
import { describeZodError } from '../../../../shared/zod-error.ts'
import { MAX_ACTIVE_SILENCES, MAX_LABEL_NAME_CHARS, MAX_LABEL_VALUE_CHARS, MAX_SILENCE_LABELS } from '../../../../shared/limits.ts'
import { openDatabase } from '../../../../electron/engine/store/database.ts'
import { harness } from './helpers.ts'

const HOUR = 3_600_000

/** The one-line message a client gets for these params, or null when they are taken. */
function refusal(params: unknown): string | null {
  const r = SilenceParamsSchema.safeParse(params)
  return r.success ? null : describeZodError(r.error)
}

const labels = (n: number, value = 'v') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, value]))

describe('a silence’s fields', () => {
  it(`takes ${MAX_SILENCE_LABELS} labels and refuses one more, naming the field`, () => {
    expect(refusal({ rule: null, labels: labels(MAX_SILENCE_LABELS), until: 1 })).toBeNull()
    expect(refusal({ rule: null, labels: labels(MAX_SILENCE_LABELS + 1), until: 1 })).toBe(`labels: at most ${MAX_SILENCE_LABELS} labels (${MAX_SILENCE_LABELS + 1} given)`)
  })

  it('names one fault, not one per label: 200 labels of 500 characters are one line', () => {
    expect(refusal({ labels: labels(200, 'v'.repeat(500)), until: 1 })).toBe(`labels: at most ${MAX_SILENCE_LABELS} labels (200 given)`)
    expect(refusal({ labels: labels(MAX_SILENCE_LABELS, 'v'.repeat(500)), until: 1 })).toBe(`labels.l0: at most ${MAX_LABEL_VALUE_CHARS} characters (500 given)`)
  })

  it('refuses a label name, a label value or a rule name past its length, naming the field', () => {
    expect(refusal({ labels: { ['n'.repeat(MAX_LABEL_NAME_CHARS)]: 'v' }, until: 1 })).toBeNull()
    expect(refusal({ labels: { ['n'.repeat(MAX_LABEL_NAME_CHARS + 1)]: 'v' }, until: 1 })).toBe(`labels: a label name is 1 to ${MAX_LABEL_NAME_CHARS} characters ("${'n'.repeat(20)}…" has ${MAX_LABEL_NAME_CHARS + 1})`)
    expect(refusal({ labels: { a: 'v'.repeat(MAX_LABEL_VALUE_CHARS) }, until: 1 })).toBeNull()
    expect(refusal({ labels: { a: 'v'.repeat(MAX_LABEL_VALUE_CHARS + 1) }, until: 1 })).toBe(`labels.a: at most ${MAX_LABEL_VALUE_CHARS} characters (${MAX_LABEL_VALUE_CHARS + 1} given)`)
    expect(refusal({ rule: 'r'.repeat(MAX_LABEL_VALUE_CHARS + 1), until: 1 })).toMatch(/^rule: Too big/)
    expect(refusal({ rule: 'no-data:cpu.total', until: 1 })).toBeNull() // a system alert's name is taken
  })
})

describe('active silences', () => {
  it(`at most ${MAX_ACTIVE_SILENCES} at once: the next is refused in words, and taken again once one is removed or has ended`, () => {
    const db = openDatabase(':memory:')
    const h = harness([], { db })
    const t0 = h.clock.t
    const ids: number[] = []
    for (let i = 0; i < MAX_ACTIVE_SILENCES; i++) ids.push(h.engine.silence({ rule: `r${i}`, labels: {}, until: t0 + (i === 0 ? HOUR : 2 * HOUR), comment: '' }).id)
    const more = () => h.engine.silence({ rule: 'more', labels: {}, until: t0 + 2 * HOUR, comment: '' })
    const refused = `At most ${MAX_ACTIVE_SILENCES} silences can be active at once: remove one (alertsUnsilence) or wait for one to end.`
    expect(more).toThrow(refused)
    expect(db.prepare('SELECT count(*) FROM alert_silence').pluck().get()).toBe(MAX_ACTIVE_SILENCES) // nothing stored
    expect(h.engine.activeSilences()).toHaveLength(MAX_ACTIVE_SILENCES)

    expect(h.engine.unsilence(ids[1])).toBe(true)
    expect(more().rule).toBe('more')
    expect(more).toThrow(refused)

    h.clock.t = t0 + HOUR // the first silence has ended
    expect(more().rule).toBe('more')

    // The bound holds across a restart: the stored silences count.
    const again = harness([], { db, t0: t0 + HOUR })
    expect(() => again.engine.silence({ rule: 'after', labels: {}, until: t0 + 2 * HOUR, comment: '' })).toThrow(refused)
    db.close()
  })
})
