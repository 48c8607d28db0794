// Preload (node --import) that freezes Date.now() / new Date() at $CLAWKEEP_FIXED_NOW_MS, so a
// recorded run does not drift with the machine's load.
const base = Number(process.env.CLAWKEEP_FIXED_NOW_MS)
if (Number.isFinite(base) && base > 0) {
  const RealDate = Date
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(base)
      else super(...args)
    }
    static now() {
      return base
    }
  }
  globalThis.Date = FixedDate
}
