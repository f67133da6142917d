// Fair Value Gap engine: the batch kernel, the streaming detector and the option helpers.
export { detectFvgsResolved, toZones } from './kernel.ts'
export { detectFvgs, resolveFvgOptions } from './validate.ts'
export type { FvgResult } from './kernel.ts'
export { FvgStream, collectFvgEvents } from './stream.ts'
export type { FvgEvent } from './stream.ts'
export { compileFvgOptions } from './options.ts'
export type { FvgOptionsInput, ResolvedFvgOptions } from './options.ts'
