// /api/query validates its parameters in the contract's schema: from > to, non-finite and
// non-numeric values, and a span past the bound are 400 naming the field, never an internal error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QueryParamsSchema } from '../../shared/contract.ts'
import { MAX_QUERY_SPAN_MS } from '../../shared/limits.ts'
import { startServe, type Served } from '../helpers/serve.ts'

describe('/api/query parameters', () => {
  let served: Served
  beforeAll(async () => {
    served = await startServe(['--interval', '1s'])
  })
  afterAll(async () => {
    await served.stop()
  })

  const query = async (qs: string) => {
    const res = await fetch(`${served.url}/api/query?metrics=cpu.total&${qs}`)
    return { status: res.status, error: ((await res.json()) as { error?: string }).error ?? '' }
  }

  it('answers 400 naming from when from is after to', async () => {
    const now = Date.now()
    const res = await query(`from=${now}&to=${now - 60_000}`)
    expect(res.status).toBe(400)
    expect(res.error).toMatch(/from: must not be after to/)
  })

  it.each([
    ['from=abc', /^from: "abc" is not a number/],
    ['to=12abc', /^to: "12abc" is not a number/],
    ['points=NaN', /^points: "NaN" is not a number/],
    ['from=1e400', /from/],
    [`from=0&to=${MAX_QUERY_SPAN_MS + 1}`, /to: must be at most/],
  ])('answers 400 to %s, naming the parameter', async (qs, message) => {
    const res = await query(qs)
    expect(res.status).toBe(400)
    expect(res.error).toMatch(message)
  })

  it('keeps answering good queries', async () => {
    const now = Date.now()
    expect((await query(`from=${now - 60_000}&to=${now}`)).status).toBe(200)
  })

  it('refuses the same in the schema, for the WebSocket too', () => {
    expect(QueryParamsSchema.safeParse({ metrics: ['cpu.total'], from: 2, to: 1 }).success).toBe(false)
    expect(QueryParamsSchema.safeParse({ metrics: ['cpu.total'], from: 0, to: Infinity }).success).toBe(false)
    expect(QueryParamsSchema.safeParse({ metrics: ['cpu.total'], from: 1, to: 1 }).success).toBe(true)
  })
})
