/**
 * Colour roles of the reference's palette, as 16-colour SGR codes (list §7, D10).
 */

export type ColorRole = "heading" | "accent" | "accentBright" | "info" | "warn" | "error" | "success" | "muted"

const OPEN_CLOSE: Readonly<Record<ColorRole, readonly [string, string]>> = {
  heading: ["\u001b[1m\u001b[91m", "\u001b[39m\u001b[22m"],
  accent: ["\u001b[91m", "\u001b[39m"],
  accentBright: ["\u001b[91m", "\u001b[39m"],
  info: ["\u001b[93m", "\u001b[39m"],
  warn: ["\u001b[93m", "\u001b[39m"],
  error: ["\u001b[31m", "\u001b[39m"],
  success: ["\u001b[32m", "\u001b[39m"],
  muted: ["\u001b[31m", "\u001b[39m"]
}

export interface Palette {
  readonly enabled: boolean
  readonly paint: (role: ColorRole, text: string) => string
}

export const makePalette = (enabled: boolean): Palette => ({
  enabled,
  paint: (role, text) => (enabled ? `${OPEN_CLOSE[role][0]}${text}${OPEN_CLOSE[role][1]}` : text)
})

/**
 * Colour on: FORCE_COLOR set to a non-empty value other than `0`, or (NO_COLOR empty/unset and
 * stdout a TTY whose terminal is not `dumb`).
 */
export const colorEnabled = (env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean => {
  const force = env["FORCE_COLOR"]
  if (force !== undefined && force !== "") return force !== "0" && force !== "false"
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false
  return isTty && env["TERM"] !== "dumb"
}
