// The rules a first run starts with (written to rules.yaml, editable). Only rules whose metric the
// engine records today; the sampler-stalled and metric-missing alerts are built in (no-data.ts).
// The pool rules read the series of pool-metrics.ts. The over-provisioned rule links to the Cost view
// (its group label, shared/cost.ts linksToCostView). FVG rules watch symbols the user chooses, so none is a default.
import { RulesFileSchema, type Rule } from '../../../shared/alerts.ts'
import { COST_ALERT_GROUP } from '../../../shared/cost.ts'
import { metricName } from '../../../shared/metrics.ts'

export const defaultRules: readonly Rule[] = RulesFileSchema.parse({
  rules: [
    {
      name: 'cpu-high',
      metric: metricName('cpu.total'),
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
      metric: metricName('mem.used_pct'),
      op: '>',
      threshold: 90,
      for: '2m',
      severity: 'critical',
      labels: { group: 'memory' },
      message: 'Memory {{value}} % used (over {{threshold}} %) for {{for}}',
    },
    {
      name: 'swap-growing',
      metric: metricName('swap.used'),
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
      metric: metricName('gpu.{gpu}.temp', { gpu: '0' }),
      op: '>',
      threshold: 85,
      for: '1m',
      severity: 'warning',
      labels: { group: 'gpu' },
      message: 'GPU at {{value}} °C for {{for}}',
    },
    {
      name: 'filesystem-full',
      metric: metricName('fs.used_pct_max'),
      op: '>',
      threshold: 90,
      severity: 'warning',
      labels: { group: 'disk' },
      message: 'A file system is {{value}} % full',
    },
    {
      name: 'pool-worker-crashed',
      metric: metricName('pool.worker_crashes'),
      op: '>',
      threshold: 0,
      keep_firing_for: '10m',
      severity: 'warning',
      labels: { group: 'pool' },
      message: 'A pool worker process crashed ({{value}} at once); its job was retried',
    },
    {
      name: 'pool-throughput-low',
      kind: 'anomaly',
      metric: metricName('pool.throughput'),
      method: 'relative',
      window: '1h',
      warmup: '10m',
      score: 0.5,
      direction: 'down',
      for: '2m',
      severity: 'warning',
      labels: { group: 'pool' },
      message: 'Pool throughput {{value}} candles/s, under 50 % of its 1-hour median (below {{threshold}}) for {{for}}',
    },
    {
      name: 'cpu-overprovisioned',
      metric: metricName('cpu.total'),
      aggregate: 'avg',
      window: '24h',
      op: '<',
      threshold: 35,
      severity: 'info',
      labels: { group: COST_ALERT_GROUP },
      message: 'CPU averaged {{value}} % over 24 h: the machine may be over-provisioned (see the Cost view)',
    },
  ],
}).rules
