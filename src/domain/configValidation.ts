/**
 * Validation of the config keys clawkeep reads, with the reference's messages (store-model §1.4).
 * Type and range problems are listed before duration and size format problems.
 */
import { isRecord, type JsonObject } from "./json.js"
import { parseByteSize, parseDurationMs } from "./units.js"
import { DM_SCOPES } from "./config.js"

const typeName = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v)

export const validateConfig = (config: JsonObject): ReadonlyArray<string> => {
  const typeProblems: Array<string> = []
  const formatProblems: Array<string> = []
  const session = config["session"]
  if (session !== undefined) {
    if (!isRecord(session)) {
      typeProblems.push(`session: Invalid input: expected object, received ${typeName(session)}`)
    } else {
      const store = session["store"]
      if (store !== undefined && typeof store !== "string") {
        typeProblems.push(`session.store: Invalid input: expected string, received ${typeName(store)}`)
      }
      const dmScope = session["dmScope"]
      if (dmScope !== undefined && !(typeof dmScope === "string" && (DM_SCOPES as ReadonlyArray<string>).includes(dmScope))) {
        typeProblems.push(
          `session.dmScope: Invalid option: expected one of ${DM_SCOPES.map((s) => JSON.stringify(s)).join("|")}`
        )
      }
      const m = session["maintenance"]
      if (m !== undefined) {
        if (!isRecord(m)) {
          typeProblems.push(`session.maintenance: Invalid input: expected object, received ${typeName(m)}`)
        } else {
          const p = (k: string) => `session.maintenance.${k}`
          if (m["mode"] !== undefined && m["mode"] !== "enforce" && m["mode"] !== "warn") {
            typeProblems.push(`${p("mode")}: Invalid option: expected one of "enforce"|"warn"`)
          }
          for (const key of ["maxEntries", "pruneDays"]) {
            const v = m[key]
            if (v === undefined) continue
            if (typeof v !== "number") typeProblems.push(`${p(key)}: Invalid input: expected number, received ${typeName(v)}`)
            else if (!Number.isInteger(v)) typeProblems.push(`${p(key)}: Invalid input: expected int, received number`)
            else if (v <= 0) typeProblems.push(`${p(key)}: Too small: expected number to be >0`)
          }
          for (const key of ["pruneAfter", "resetArchiveRetention"]) {
            const v = m[key]
            if (v === undefined || (key === "resetArchiveRetention" && v === false)) continue
            if (typeof v === "string") {
              if (parseDurationMs(v, "d") === undefined) formatProblems.push(`${p(key)}: invalid duration (use ms, s, m, h, d)`)
            } else if (typeof v !== "number") {
              typeProblems.push(`${p(key)}: Invalid input: expected string, received ${typeName(v)}`)
            }
          }
          for (const key of ["maxDiskBytes", "highWaterBytes", "rotateBytes"]) {
            const v = m[key]
            if (v === undefined) continue
            if (typeof v === "string") {
              if (parseByteSize(v) === undefined) formatProblems.push(`${p(key)}: invalid size (use b, kb, mb, gb, tb)`)
            } else if (typeof v !== "number") {
              typeProblems.push(`${p(key)}: Invalid input: expected string, received ${typeName(v)}`)
            }
          }
        }
      }
    }
  }
  const agents = config["agents"]
  if (agents !== undefined && isRecord(agents)) {
    const list = agents["list"]
    if (list !== undefined && !Array.isArray(list)) {
      typeProblems.push(`agents.list: Invalid input: expected array, received ${typeName(list)}`)
    }
  }
  const models = config["models"]
  if (isRecord(models) && isRecord(models["providers"])) {
    for (const [name, provider] of Object.entries(models["providers"])) {
      if (!isRecord(provider)) continue
      if (typeof provider["baseUrl"] !== "string") {
        typeProblems.push(
          `models.providers.${name}.baseUrl: Invalid input: expected string, received ${provider["baseUrl"] === undefined ? "undefined" : typeName(provider["baseUrl"])}`
        )
      }
      const list = provider["models"]
      if (Array.isArray(list)) {
        list.forEach((model, i) => {
          if (isRecord(model) && typeof model["name"] !== "string") {
            typeProblems.push(
              `models.providers.${name}.models.${i}.name: Invalid input: expected string, received ${model["name"] === undefined ? "undefined" : typeName(model["name"])}`
            )
          }
        })
      }
    }
  }
  return [...typeProblems, ...formatProblems]
}
