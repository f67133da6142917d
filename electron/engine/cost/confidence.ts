// Confidence from how much history there is, and the range the recommendation could take.
//
// Like the Kubernetes VPA recommender (pkg/recommender/logic/estimator.go, getConfidence and
// WithConfidenceMultiplier): confidence c, in days, is the smaller of the span the history covers
// (first point to the end of the last) and the history actually present (minutes with data / 1440),
// so gaps count against it. The bounds widen as c shrinks:
//   upper = need × (1 + 1 / c)            (VPA: multiplier 1.0, exponent 1.0)
//   lower = need × (1 + 0.001 / c) ^ −2   (VPA: multiplier 0.001, exponent −2.0)
// After 1 day the upper bound is twice the need, after 7 days 1.14 ×, after 14 days 1.07 ×.
// Under MIN_CONFIDENT_HOURS of history there is no recommendation at all.
import { MIN_CONFIDENT_HOURS, type ConfidenceLevel } from '../../../shared/cost.ts'

const DAY = 86_400_000

export interface Confidence {
  level: ConfidenceLevel
  /** Hours of history present. */
  hours: number
  /** VPA's confidence, in days. */
  days: number
  hoursUntilRecommendation: number
}

export function confidenceOf(points: number, stepMs: number, firstT: number, lastT: number): Confidence {
  const hours = (points * stepMs) / 3_600_000
  const span = points === 0 ? 0 : (lastT + stepMs - firstT) / DAY
  const days = Math.min(span, hours / 24)
  const level: ConfidenceLevel = hours < MIN_CONFIDENT_HOURS ? 'none' : days < 3 ? 'low' : days < 7 ? 'medium' : 'high'
  return { level, hours, days, hoursUntilRecommendation: Math.max(0, MIN_CONFIDENT_HOURS - hours) }
}

/** The VPA-style bounds around `need` at confidence `days` (> 0). */
export function widen(need: number, days: number): { low: number; high: number } {
  return { low: need * (1 + 0.001 / days) ** -2, high: need * (1 + 1 / days) }
}
