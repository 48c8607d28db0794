/**
 * Session keys of the shapes a store holds, numbered by row: the main key, direct messages (in
 * two spellings), channels and threads, cron and subagent runs, legacy, global and opaque keys,
 * another agent's key. Generators of stores pick from them.
 */
export const ROW_KEY_SHAPES: ReadonlyArray<(i: number) => string> = [
  () => "agent:main:main",
  (i) => `agent:main:telegram:direct:${i}`,
  (i) => `agent:main:Telegram:Direct:U${i}`,
  (i) => `agent:main:slack:channel:c${i}`,
  (i) => `agent:main:discord:channel:${i}:thread:7`,
  (i) => `agent:main:cron:j${i}`,
  (i) => `agent:main:subagent:s${i}`,
  (i) => `legacy-${i}`,
  () => "global",
  (i) => `agent:main:opaque-${i}`,
  (i) => `agent:work:telegram:direct:${i}`,
  (i) => `agent:main:whatsapp:acct:direct:${i}`,
  (i) => `agent:main:direct:p${i}`
]
