/** Agent id normalisation as OpenClaw does it (docs/store-model.md#agents). */
const SIMPLE = /^[a-z0-9][a-z0-9_-]{0,63}$/i

export const DEFAULT_AGENT_ID = "main"

export const normalizeAgentId = (value: string | undefined | null): string => {
  const trimmed = (value ?? "").trim()
  if (trimmed === "") return DEFAULT_AGENT_ID
  if (SIMPLE.test(trimmed)) return trimmed.toLowerCase()
  const collapsed = trimmed
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+/, "")
    .replace(/-+$/, "")
    .slice(0, 64)
  return collapsed === "" ? DEFAULT_AGENT_ID : collapsed
}
