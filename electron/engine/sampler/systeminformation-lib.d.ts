// systeminformation's lib files, which sampler/si.ts imports one at a time: each is CommonJS and
// defines some of the functions the index re-exports, typed by the index's own declarations.
declare module 'systeminformation/lib/*.js' {
  import type * as Si from 'systeminformation'
  const lib: Partial<typeof Si>
  export default lib
}
