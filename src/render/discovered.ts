/**
 * The `--discover` note of the text outputs: one line per store found on disk whose agent is
 * not in the config (list, cleanup and du print it above their own output).
 */
import type { Palette } from "./colors.js"

export interface MaybeDiscovered {
  readonly agentId: string
  readonly storePath: string
  readonly discovered?: boolean | undefined
}

/** `Discovered store (agent not in the config): retired /…/sessions.json`, per discovered store. */
export const discoveredLines = (stores: ReadonlyArray<MaybeDiscovered>, palette: Palette): ReadonlyArray<string> =>
  stores
    .filter((s) => s.discovered === true)
    .map((s) => palette.paint("warn", `Discovered store (agent not in the config): ${s.agentId} ${s.storePath}`))
