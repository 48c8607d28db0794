/**
 * Colour roles of the reference's palette, as 16-colour SGR codes (docs/list.md#colours, D10).
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

const hasFlag = (argv: ReadonlyArray<string>, flag: string): boolean => {
  const position = argv.indexOf(flag)
  const terminator = argv.indexOf("--")
  return position !== -1 && (terminator === -1 || position < terminator)
}

/**
 * Whether the reference's palette paints (docs/list.md#colours): its `NO_COLOR` rule on top of chalk's level
 * detection for stdout (`FORCE_COLOR`, TTY, `TERM`, CI variables, `--color`/`--no-color` flags).
 * Only on/off matters: clawkeep always uses the 16-colour codes (D10).
 */
export const colorEnabled = (
  env: Readonly<Record<string, string | undefined>>,
  isTty: boolean,
  argv: ReadonlyArray<string> = [],
  platform: string = process.platform
): boolean => {
  const forceRaw = env["FORCE_COLOR"]
  const hasForceColor = typeof forceRaw === "string" && forceRaw.trim().length > 0 && forceRaw.trim() !== "0"
  if (env["NO_COLOR"] && !hasForceColor) return false
  let force: number | undefined
  if (hasFlag(argv, "--no-color") || hasFlag(argv, "--no-colors") || hasFlag(argv, "--color=false") || hasFlag(argv, "--color=never")) {
    force = 0
  } else if (hasFlag(argv, "--color") || hasFlag(argv, "--colors") || hasFlag(argv, "--color=true") || hasFlag(argv, "--color=always")) {
    force = 1
  }
  if (forceRaw !== undefined) {
    force = forceRaw === "true" ? 1 : forceRaw === "false" ? 0 : forceRaw.length === 0 ? 1 : Math.min(Number.parseInt(forceRaw, 10), 3)
  }
  const level = ((): number => {
    if (force === 0) return 0
    if (hasFlag(argv, "--color=16m") || hasFlag(argv, "--color=full") || hasFlag(argv, "--color=truecolor")) return 3
    if (hasFlag(argv, "--color=256")) return 2
    if ("TF_BUILD" in env && "AGENT_NAME" in env) return 1
    if (!isTty && force === undefined) return 0
    const min = force || 0
    const term = env["TERM"]
    if (term === "dumb") return min
    if (platform === "win32") return 1
    if ("CI" in env) {
      if (["GITHUB_ACTIONS", "GITEA_ACTIONS", "CIRCLECI"].some((k) => k in env)) return 3
      if (["TRAVIS", "APPVEYOR", "GITLAB_CI", "BUILDKITE", "DRONE"].some((k) => k in env) || env["CI_NAME"] === "codeship") return 1
      return min
    }
    if ("TEAMCITY_VERSION" in env) return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env["TEAMCITY_VERSION"] ?? "") ? 1 : 0
    if (env["COLORTERM"] === "truecolor") return 3
    if (term === "xterm-kitty" || term === "xterm-ghostty" || term === "wezterm") return 3
    if (env["TERM_PROGRAM"] === "iTerm.app" || env["TERM_PROGRAM"] === "Apple_Terminal") return 2
    if (term !== undefined && /-256(color)?$/i.test(term)) return 2
    if (term !== undefined && /^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(term)) return 1
    if ("COLORTERM" in env) return 1
    return min
  })()
  return level > 0
}
