/**
 * The form a store entry takes after the reference's load normalisation (docs/store-model.md#reading-sessionsjson), as a
 * pure function. clawkeep writes surviving entries verbatim (D6); this form is used only where
 * the reference's behaviour depends on the normalised text, i.e. the disk-budget projection of
 * the store size.
 *
 * The rules, applied in this order to each plain-object entry:
 * 1. Legacy names: `provider` → `channel`, `lastProvider` → `lastChannel` (when the new field is
 *    not a string and the old one is; the old key is dropped), `room` → `groupChannel` (the `room`
 *    key is dropped in every case). A new key is appended; an existing one keeps its place.
 * 2. Runtime model: `model` and `modelProvider` are trimmed; a missing or blank `model` drops
 *    both, a blank `modelProvider` drops itself.
 * 3. Delivery: a route is built from `lastChannel ?? channel`, `lastTo`, `lastAccountId` and
 *    `lastThreadId ?? deliveryContext.threadId ?? origin.threadId`, then completed from
 *    `deliveryContext` (a different channel there contributes nothing). When the result differs
 *    from the stored fields, `deliveryContext` becomes `{channel, to, accountId, threadId}` and
 *    `lastChannel`/`lastTo`/`lastAccountId`/`lastThreadId` mirror it (absent parts dropped).
 *    Channels are trimmed, lowercased and their aliases resolved; account ids are canonicalised;
 *    thread ids are trimmed strings or truncated finite numbers.
 * 4. `skillsSnapshot.resolvedSkills` is dropped.
 * Anything that is not a plain object is returned unchanged.
 *
 * Fields the delivery rule clears are kept as keys with an `undefined` value (JSON omits them),
 * because the reference keeps them that way in memory: it normalises the loaded store once more
 * before a save (cleanup apply), and that second pass is not always a no-op. Example: with
 * `{"lastChannel":"","channel":"matrix","deliveryContext":null}` the first pass clears
 * `lastChannel` and `deliveryContext` (text `{"channel":"matrix"}`); the second derives them from
 * `channel` again and they reappear in their old places:
 * `{"lastChannel":"matrix","channel":"matrix","deliveryContext":{"channel":"matrix"}}`.
 */

type Json = unknown

const isPlainObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

/** `value?.[key]` for a parsed JSON value (only plain objects have such properties). */
const prop = (value: unknown, key: string): unknown =>
  isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined

/** `a ?? b` with JSON's `null` counting as absent. */
const orElse = (a: unknown, b: () => unknown): unknown => (a === undefined || a === null ? b() : a)

/** An ordered, copy-on-build key list (keeps `__proto__` and friends as ordinary keys). */
class Fields {
  private readonly pairs: Array<[string, unknown]>
  constructor(source: Readonly<Record<string, unknown>>) {
    this.pairs = Object.entries(source)
  }
  private index(key: string): number {
    return this.pairs.findIndex(([k]) => k === key)
  }
  has(key: string): boolean {
    return this.index(key) >= 0
  }
  get(key: string): unknown {
    const i = this.index(key)
    return i >= 0 ? this.pairs[i]![1] : undefined
  }
  /**
   * Replaces in place, or appends a new key. An `undefined` value keeps (or takes) its place, as
   * a JavaScript assignment does: JSON omits it, but a later pass that sets the key again finds
   * it where it was.
   */
  set(key: string, value: unknown): void {
    const i = this.index(key)
    if (i >= 0) this.pairs[i] = [key, value]
    else this.pairs.push([key, value])
  }
  delete(key: string): void {
    const i = this.index(key)
    if (i >= 0) this.pairs.splice(i, 1)
  }
  build(): Record<string, unknown> {
    return Object.fromEntries(this.pairs)
  }
}

const trimmedString = (v: unknown): string | undefined => {
  if (typeof v !== "string") return undefined
  const t = v.trim()
  return t === "" ? undefined : t
}

/** Aliases of the channels bundled with openclaw@2026.5.12 (alias → channel id). */
const CHANNEL_ALIASES: ReadonlyMap<string, string> = new Map([
  ["lark", "feishu"],
  ["qywx", "wecom"],
  ["wework", "wecom"],
  ["enterprise-wechat", "wecom"],
  ["gchat", "googlechat"],
  ["google-chat", "googlechat"],
  ["teams", "msteams"],
  ["nc-talk", "nextcloud-talk"],
  ["nc", "nextcloud-talk"],
  ["weixin", "openclaw-weixin"],
  ["wechat", "openclaw-weixin"],
  ["微信", "openclaw-weixin"],
  ["zl", "zalo"],
  ["yb", "yuanbao"],
  ["tencent-yuanbao", "yuanbao"],
  ["元宝", "yuanbao"],
  ["zlu", "zalouser"],
  ["imsg", "imessage"],
  ["internet-relay-chat", "irc"],
  ["twitch-chat", "twitch"]
])

/** A message channel name: trimmed, lowercased, alias resolved; undefined when blank. */
export const messageChannel = (raw: string): string | undefined => {
  const n = trimmedString(raw)?.toLowerCase()
  if (n === undefined) return undefined
  return CHANNEL_ALIASES.get(n) ?? n
}

const VALID_ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i
const BLOCKED_KEYS: ReadonlySet<string> = new Set(["__proto__", "prototype", "constructor"])

/** An account id in canonical form (lowercase, `[a-z0-9_-]`, at most 64 characters), or undefined. */
const accountId = (raw: string | undefined): string | undefined => {
  const trimmed = (raw ?? "").trim()
  if (trimmed === "") return undefined
  const lower = trimmed.toLowerCase()
  const canonical = VALID_ACCOUNT_ID.test(trimmed)
    ? lower
    : lower.replace(/[^a-z0-9_-]+/g, "-").replace(/^-+/, "").replace(/-+$/, "").slice(0, 64)
  return canonical === "" || BLOCKED_KEYS.has(canonical) ? undefined : canonical
}

const threadValue = (v: unknown): string | number | undefined => {
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : undefined
  return trimmedString(v)
}

interface Delivery {
  readonly channel: string | undefined
  readonly to: string | undefined
  readonly accountId: string | undefined
  readonly threadId: string | number | undefined
}

/** A delivery context in normalised form, or undefined when it names nothing. */
const deliveryOf = (context: unknown): Delivery | undefined => {
  if (context === undefined || context === null || context === false || context === 0 || context === "") return undefined
  const rawChannel = prop(context, "channel")
  const named = typeof rawChannel === "string" ? (messageChannel(rawChannel) ?? rawChannel.trim()) : undefined
  const channel = named === undefined ? "" : named.trim().toLowerCase()
  const rawAccount = prop(context, "accountId")
  const account = typeof rawAccount === "string" ? accountId(rawAccount) : undefined
  const to = trimmedString(prop(context, "to"))
  const threadId = threadValue(prop(context, "threadId"))
  if (channel === "" && to === undefined && account === undefined && threadId === undefined) return undefined
  return { channel: channel === "" ? undefined : channel, to, accountId: accountId(account), threadId }
}

const asContext = (d: Delivery | undefined): unknown =>
  d === undefined ? undefined : { channel: d.channel, to: d.to, accountId: d.accountId, threadId: d.threadId }

/** The primary route completed from the fallback; a fallback on another channel adds nothing. */
const mergeDelivery = (primary: Delivery | undefined, fallback: Delivery | undefined): Delivery | undefined => {
  const p = deliveryOf(asContext(primary))
  const f = deliveryOf(asContext(fallback))
  if (p === undefined && f === undefined) return undefined
  const conflict = p?.channel !== undefined && f?.channel !== undefined && p.channel !== f.channel
  return deliveryOf({
    channel: p?.channel ?? f?.channel,
    to: conflict ? p?.to : (p?.to ?? f?.to),
    accountId: conflict ? p?.accountId : (p?.accountId ?? f?.accountId),
    threadId: conflict ? p?.threadId : (p?.threadId ?? f?.threadId)
  })
}

/** The stored form of a delivery context: present parts only, in the order channel, to, accountId, threadId. */
const contextObject = (d: Delivery): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  if (d.channel !== undefined) out["channel"] = d.channel
  if (d.to !== undefined) out["to"] = d.to
  if (d.accountId !== undefined) out["accountId"] = d.accountId
  if (d.threadId !== undefined) out["threadId"] = d.threadId
  return out
}

const migrateLegacyNames = (f: Fields): void => {
  if (typeof f.get("channel") !== "string" && typeof f.get("provider") === "string") {
    f.set("channel", f.get("provider"))
    f.delete("provider")
  }
  if (typeof f.get("lastChannel") !== "string" && typeof f.get("lastProvider") === "string") {
    f.set("lastChannel", f.get("lastProvider"))
    f.delete("lastProvider")
  }
  if (typeof f.get("groupChannel") !== "string" && typeof f.get("room") === "string") {
    f.set("groupChannel", f.get("room"))
    f.delete("room")
  } else {
    f.delete("room")
  }
}

const normalizeModel = (f: Fields): void => {
  const model = trimmedString(f.get("model"))
  const provider = trimmedString(f.get("modelProvider"))
  if (model === undefined) {
    f.delete("model")
    f.delete("modelProvider")
    return
  }
  f.set("model", model)
  if (provider === undefined) f.delete("modelProvider")
  else f.set("modelProvider", provider)
}

const normalizeDelivery = (f: Fields): void => {
  const stored = f.get("deliveryContext")
  const threadIn = orElse(f.get("lastThreadId"), () => orElse(prop(stored, "threadId"), () => prop(f.get("origin"), "threadId")))
  const merged = mergeDelivery(
    deliveryOf({
      channel: orElse(f.get("lastChannel"), () => f.get("channel")),
      to: f.get("lastTo"),
      accountId: f.get("lastAccountId"),
      threadId: threadIn
    }),
    deliveryOf(stored)
  )
  const storedPart = (key: string): unknown => {
    const v = prop(stored, key)
    return v === null ? undefined : v
  }
  const sameContext = storedPart("channel") === merged?.channel && storedPart("to") === merged?.to &&
    storedPart("accountId") === merged?.accountId && storedPart("threadId") === merged?.threadId
  const sameLast = f.get("lastChannel") === merged?.channel && f.get("lastTo") === merged?.to &&
    f.get("lastAccountId") === merged?.accountId && f.get("lastThreadId") === merged?.threadId
  if (sameContext && sameLast) return
  f.set("deliveryContext", merged === undefined ? undefined : contextObject(merged))
  f.set("lastChannel", merged?.channel)
  f.set("lastTo", merged?.to)
  f.set("lastAccountId", merged?.accountId)
  f.set("lastThreadId", merged?.threadId)
}

const stripResolvedSkills = (f: Fields): void => {
  const snapshot = f.get("skillsSnapshot")
  if (!isPlainObject(snapshot) || snapshot["resolvedSkills"] === undefined) return
  const rest = new Fields(snapshot)
  rest.delete("resolvedSkills")
  f.set("skillsSnapshot", rest.build())
}

/**
 * An entry as the reference holds it after loading the store (a new value; the input is never
 * mutated). Non-object entries are returned unchanged. Apply it twice for the form the
 * reference measures and writes when it saves the store.
 */
export const normalizeEntryForMeasure = (raw: Json): Json => {
  if (!isPlainObject(raw)) return raw
  const f = new Fields(raw)
  migrateLegacyNames(f)
  normalizeModel(f)
  normalizeDelivery(f)
  stripResolvedSkills(f)
  return f.build()
}
