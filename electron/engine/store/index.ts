export { openDatabase, databaseSize, CorruptDatabaseError, type Db } from './database.ts'
export { MetricStore, chooseTier, bucketWidth, retentionMs, type Retention } from './metric-store.ts'
export { SettingsStore } from './settings-store.ts'
export { lockDataDir, InstanceLockedError, type DirLock } from './lock.ts'
