// A stand-in for a Node built-in that loads it on first use (see ../serve-hooks.ts): every
// property read, `in`, and key listing goes to the real module, loaded then.
'use strict'
module.exports = function lazyBuiltin(name) {
  let real
  const load = () => (real ??= process.getBuiltinModule(name))
  return new Proxy(
    {},
    {
      get: (_, key) => load()[key],
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Object.getOwnPropertyDescriptor(load(), key)
        if (d) d.configurable = true // a proxy may not report a property non-configurable its target lacks
        return d
      },
    },
  )
}
