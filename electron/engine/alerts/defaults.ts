// The rules a first run starts with (written to rules.yaml, editable). Only rules whose metric the
// engine records today; the sampler-stalled and metric-missing alerts are built in (no-data.ts).
// Waiting for other features: a pool worker crashed and pool throughput below 50 % of its 1-hour
// median (no pool metrics in the store yet), the cost-view link of the over-provisioned rule, FVG alerts.
import { RulesFileSchema, type Rule } from '../../../shared/alerts.ts'

export const defaultRules: readonly Rule[] = RulesFileSchema.parse({
  rules: [
    {
      name: 'cpu-high',
      metric: 'cpu.total',
      op: '>',
      threshold: 90,
      clear: 85,
      for: '5m',
      severity: 'warning',
      labels: { group: 'cpu' },
      message: 'CPU at {{value}} % for {{for}}',
    },
    {
      name: 'memory-high',
      metric: 'mem.used_pct',
      op: '>',
      threshold: 90,
      for: '2m',
      severity: 'critical',
      labels: { group: 'memory' },
      message: 'Memory {{value}} % used (over {{threshold}} %) for {{for}}',
    },
    {
      name: 'swap-growing',
      metric: 'swap.used',
      aggregate: 'delta',
      window: '1m',
      op: '>',
      threshold: 0,
      for: '5m',
      severity: 'warning',
      labels: { group: 'memory' },
      message: 'Swap in use keeps growing (+{{value}} bytes a minute) for {{for}}',
    },
    {
      name: 'gpu-hot',
      metric: 'gpu.0.temp',
      op: '>',
      threshold: 85,
      for: '1m',
      severity: 'warning',
      labels: { group: 'gpu' },
      message: 'GPU at {{value}} °C for {{for}}',
    },
    {
      name: 'filesystem-full',
      metric: 'fs.used_pct_max',
      op: '>',
      threshold: 90,
      severity: 'warning',
      labels: { group: 'disk' },
      message: 'A file system is {{value}} % full',
    },
    {
      name: 'cpu-overprovisioned',
      metric: 'cpu.total',
      aggregate: 'avg',
      window: '24h',
      op: '<',
      threshold: 35,
      severity: 'info',
      labels: { group: 'cost' },
      message: 'CPU averaged {{value}} % over 24 h: the machine may be over-provisioned',
    },
  ],
}).rules
