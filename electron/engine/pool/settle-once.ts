// A promise with its resolve and reject, which let go of the promise once it is settled. The pool
// keeps up to KEEP_FINISHED finished jobs for job(); a job holding its promise's resolver held the
// promise and so its result (a demo symbol's zones: ~270 KB of typed arrays) for as long as that.
export interface SettleOnce<T> {
  done: Promise<T>
  resolve: (value: T) => void
  reject: (error: Error) => void
}

export function settleOnce<T>(): SettleOnce<T> {
  // The closures below hold only `pending`: the promise is reachable through them until settled.
  let pending = null as { resolve: (value: T) => void; reject: (error: Error) => void } | null
  const done = new Promise<T>((resolve, reject) => (pending = { resolve, reject }))
  return {
    done,
    resolve: (value) => {
      pending?.resolve(value)
      pending = null
    },
    reject: (error) => {
      pending?.reject(error)
      pending = null
    },
  }
}
