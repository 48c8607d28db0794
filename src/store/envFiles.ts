/**
 * OpenClaw's `.env` files (docs/env-files.md): `<cwd>/.env`, `<state dir>/.env` and
 * `~/.config/openclaw/gateway.env`, read through `SessionFs`, parsed with the `dotenv` package
 * OpenClaw itself uses (only its `parse`; it never reads a file here), and applied on top of an
 * environment value — never on `process.env`.
 *
 * OpenClaw applies them twice: once when its CLI starts (only when `<cwd>/.env` or
 * `<state dir>/.env` exists), and again whenever its config loader runs, after the config file
 * has been chosen. The second pass looks for the state-dir file next to `OPENCLAW_CONFIG_PATH`
 * when no `OPENCLAW_STATE_DIR` is set, and reads `gateway.env` even when the first pass was
 * skipped. `loadEnvFiles` replays both passes and keeps the variables as they were between them
 * (`configFileEnv`), which is what chooses the config file.
 */
import { parse } from "dotenv"
import { Effect, Layer } from "effect"
import * as path from "node:path"
import { Environment, expandHomePath, openclawHome, stateDir, type EnvironmentShape } from "./environment.js"
import { SessionFs, type SyncFs } from "./sessionFs.js"

type Vars = Readonly<Record<string, string | undefined>>

// ── which names a file may set ──────────────────────────────────────────────────────────────

/**
 * Names no `.env` file of the working directory may set because they change how programs run
 * (interpreter options, library paths, editors, compilers, …). OpenClaw keeps one list of these
 * for every environment it builds; upper-case comparison.
 */
const HOST_UNSAFE_NAMES: ReadonlySet<string> = new Set(
  (
    "NODE_OPTIONS NODE_PATH PYTHONHOME PYTHONPATH PERL5LIB PERL5OPT RUBYLIB RUBYOPT BASH_ENV ENV BROWSER " +
    "GIT_EDITOR GIT_EXTERNAL_DIFF GIT_DIR GIT_WORK_TREE GIT_COMMON_DIR GIT_EXEC_PATH GIT_INDEX_FILE " +
    "GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_NAMESPACE GIT_SEQUENCE_EDITOR GIT_TEMPLATE_DIR " +
    "GIT_SSL_NO_VERIFY GIT_SSL_CAINFO GIT_SSL_CAPATH CC CXX CARGO_BUILD_RUSTC CARGO_BUILD_RUSTC_WRAPPER " +
    "RUSTC_WRAPPER CMAKE_C_COMPILER CMAKE_CXX_COMPILER SHELL SHELLOPTS PS4 GCONV_PATH IFS SSLKEYLOGFILE " +
    "JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS PYTHONBREAKPOINT DOTNET_STARTUP_HOOKS " +
    "DOTNET_ADDITIONAL_DEPS GLIBC_TUNABLES MAVEN_OPTS MAKEFLAGS MFLAGS SBT_OPTS GRADLE_OPTS ANT_OPTS HGRCPATH " +
    "EXINIT VIMINIT MYVIMRC GVIMINIT LUA_INIT LUA_INIT_5_1 LUA_INIT_5_2 LUA_INIT_5_3 LUA_INIT_5_4 EMACSLOADPATH " +
    "RUBYSHELL GIT_HOOK_PATH SVN_EDITOR SVN_SSH BZR_EDITOR BZR_SSH BZR_PLUGIN_PATH SUDO_ASKPASS JULIA_EDITOR " +
    "CONFIG_SITE CONFIG_SHELL CMAKE_TOOLCHAIN_FILE CATALINA_OPTS CORECLR_PROFILER HELM_PLUGINS " +
    "PACKER_PLUGIN_PATH VAGRANT_VAGRANTFILE ERL_AFLAGS ERL_FLAGS ERL_ZFLAGS ELIXIR_ERL_OPTIONS R_ENVIRON " +
    "R_PROFILE R_ENVIRON_USER R_PROFILE_USER HOSTALIASES"
  ).split(" ")
)
const HOST_UNSAFE_PREFIXES: ReadonlyArray<string> = ["DYLD_", "LD_", "BASH_FUNC_"]

/** Names that must not be overridden from a file: homes, pagers, proxies, credentials, registries, … */
const HOST_OVERRIDE_NAMES: ReadonlySet<string> = new Set(
  (
    "HOME GRADLE_USER_HOME ZDOTDIR GIT_DIR GIT_WORK_TREE GIT_COMMON_DIR GIT_INDEX_FILE GIT_OBJECT_DIRECTORY " +
    "GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_NAMESPACE GIT_SSH_COMMAND GIT_SSH GIT_PROXY_COMMAND GIT_ASKPASS " +
    "GIT_SSL_NO_VERIFY GIT_SSL_CAINFO GIT_SSL_CAPATH SSH_ASKPASS LESSOPEN LESSCLOSE PAGER MANPAGER GIT_PAGER " +
    "EDITOR VISUAL FCEDIT SUDO_EDITOR PROMPT_COMMAND HISTFILE PERL5DB PERL5DBCMD OPENSSL_CONF OPENSSL_ENGINES " +
    "PYTHONSTARTUP WGETRC CURL_HOME CLASSPATH CFLAGS CGO_CFLAGS CGO_LDFLAGS GOFLAGS MAKEFLAGS MFLAGS " +
    "CORECLR_PROFILER_PATH PHPRC PHP_INI_SCAN_DIR DENO_DIR BUN_CONFIG_REGISTRY YARN_RC_FILENAME HTTP_PROXY " +
    "HTTPS_PROXY ALL_PROXY NO_PROXY NODE_TLS_REJECT_UNAUTHORIZED NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR " +
    "REQUESTS_CA_BUNDLE CURL_CA_BUNDLE DOCKER_HOST DOCKER_TLS_VERIFY DOCKER_CERT_PATH PIP_INDEX_URL PIP_PYPI_URL " +
    "PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE PIP_FIND_LINKS PIP_TRUSTED_HOST UV_INDEX UV_INDEX_URL UV_PYTHON " +
    "UV_EXTRA_INDEX_URL UV_DEFAULT_INDEX DOCKER_CONTEXT LIBRARY_PATH LDFLAGS CPATH C_INCLUDE_PATH " +
    "CPLUS_INCLUDE_PATH OBJC_INCLUDE_PATH GOPROXY GONOSUMCHECK GONOSUMDB GONOPROXY GOPRIVATE GOENV GOPATH " +
    "HGRCPATH PYTHONUSERBASE RUSTC_WRAPPER RUSTFLAGS CARGO_HOME VIRTUAL_ENV LUA_PATH LUA_CPATH GEM_HOME GEM_PATH " +
    "BUNDLE_GEMFILE COMPOSER_HOME CARGO_BUILD_RUSTC_WRAPPER XDG_CONFIG_HOME XDG_CONFIG_DIRS AWS_CONFIG_FILE " +
    "KUBECONFIG GOOGLE_APPLICATION_CREDENTIALS AWS_SHARED_CREDENTIALS_FILE AWS_WEB_IDENTITY_TOKEN_FILE " +
    "AZURE_AUTH_LOCATION HELM_HOME ANSIBLE_CONFIG ANSIBLE_LIBRARY ANSIBLE_CALLBACK_PLUGINS " +
    "ANSIBLE_COLLECTIONS_PATH ANSIBLE_CONNECTION_PLUGINS ANSIBLE_FILTER_PLUGINS ANSIBLE_INVENTORY_PLUGINS " +
    "ANSIBLE_LOOKUP_PLUGINS ANSIBLE_MODULE_UTILS ANSIBLE_REMOTE_TEMP ANSIBLE_ROLES_PATH ANSIBLE_STRATEGY_PLUGINS " +
    "R_LIBS_USER TF_CLI_CONFIG_FILE TF_PLUGIN_CACHE_DIR AMQP_URL AWS_ACCESS_KEY_ID " +
    "AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_SECRET_ACCESS_KEY " +
    "AWS_SECURITY_TOKEN AWS_SESSION_TOKEN AZURE_CLIENT_ID AZURE_CLIENT_SECRET DATABASE_URL GH_TOKEN GITHUB_TOKEN " +
    "GITLAB_TOKEN MONGODB_URI NODE_AUTH_TOKEN NPM_TOKEN REDIS_URL SSH_AUTH_SOCK SYSTEMROOT WINDIR"
  ).split(" ")
)
const HOST_OVERRIDE_PREFIXES: ReadonlyArray<string> = ["GIT_CONFIG_", "NPM_CONFIG_", "CARGO_REGISTRIES_", "TF_VAR_"]

/**
 * Further names only the working directory's `.env` may not set: OpenClaw's own variables (every
 * `OPENCLAW_*`, so a project's `.env` cannot move the state dir, the config or the home), `PATH`,
 * proxies, provider keys and endpoints, and platform directories.
 */
const WORKSPACE_NAMES: ReadonlySet<string> = new Set(
  (
    "ALL_PROXY ANTHROPIC_API_KEY ANTHROPIC_OAUTH_TOKEN BROWSER_EXECUTABLE_PATH CLAWHUB_AUTH_TOKEN " +
    "CLAWHUB_CONFIG_PATH CLAWHUB_TOKEN CLAWHUB_URL CLOUDSDK_PYTHON COMSPEC HTTP_PROXY HTTPS_PROXY " +
    "HOMEBREW_BREW_FILE HOMEBREW_PREFIX IRC_HOST LOCALAPPDATA MATTERMOST_URL MATRIX_HOMESERVER MINIMAX_API_HOST " +
    "NODE_TLS_REJECT_UNAUTHORIZED NO_PROXY NPM_EXECPATH OPENAI_API_KEY OPENAI_API_KEYS PATH " +
    "PI_CODING_AGENT_DIR PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH PROGRAMFILES PROGRAMFILES(X86) PROGRAMW6432 STATE_DIRECTORY " +
    "SYNOLOGY_CHAT_INCOMING_URL SYNOLOGY_NAS_HOST UV_PYTHON"
  ).split(" ")
)
const WORKSPACE_PREFIXES: ReadonlyArray<string> = ["ANTHROPIC_API_KEY_", "CLAWHUB_", "OPENAI_API_KEY_", "OPENCLAW_"]
const WORKSPACE_SUFFIXES: ReadonlyArray<string> = ["_API_HOST", "_BASE_URL", "_HOMESERVER"]

const listed = (upper: string, names: ReadonlySet<string>, prefixes: ReadonlyArray<string>): boolean =>
  names.has(upper) || prefixes.some((p) => upper.startsWith(p))

/** Whether `<cwd>/.env` may not set `name` (case-insensitive). */
export const blockedInWorkspaceFile = (name: string): boolean => {
  const upper = name.toUpperCase()
  return (
    listed(upper, HOST_UNSAFE_NAMES, HOST_UNSAFE_PREFIXES) ||
    listed(upper, HOST_OVERRIDE_NAMES, HOST_OVERRIDE_PREFIXES) ||
    listed(upper, WORKSPACE_NAMES, WORKSPACE_PREFIXES) ||
    WORKSPACE_SUFFIXES.some((s) => upper.endsWith(s))
  )
}

/** The state-dir `.env` and `gateway.env` are the user's own: every portable name is allowed. */
const blockedInRuntimeFile = (_name: string): boolean => false

// ── reading one file ────────────────────────────────────────────────────────────────────────

const PORTABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

interface EnvFile {
  readonly path: string
  /** The variables the file defines, in the file's order, after the name rules. */
  readonly entries: ReadonlyArray<readonly [string, string]>
}

/**
 * Reads and parses one file. A missing or unreadable file counts as absent, silently (OpenClaw
 * loads these files quietly). Names are trimmed; names that are not portable (`A-Z a-z 0-9 _`,
 * not starting with a digit) and names the file may not set are dropped.
 */
const readEnvFile = (fs: SyncFs, file: string, blocked: (name: string) => boolean): EnvFile | undefined => {
  let parsed: Record<string, string>
  try {
    parsed = parse(fs.readText(file))
  } catch {
    return undefined
  }
  const entries: Array<readonly [string, string]> = []
  for (const [raw, value] of Object.entries(parsed)) {
    const name = raw.trim()
    if (!PORTABLE_NAME.test(name) || blocked(name)) continue
    entries.push([name, value])
  }
  return { path: file, entries }
}

// ── applying files ──────────────────────────────────────────────────────────────────────────

/** The working directory's file: each allowed name is set unless the environment defines it. */
const applyWorkspaceFile = (vars: Vars, fs: SyncFs, cwd: string): Vars => {
  const file = readEnvFile(fs, path.join(cwd, ".env"), blockedInWorkspaceFile)
  if (file === undefined) return vars
  const out: Record<string, string | undefined> = { ...vars }
  for (const [name, value] of file.entries) if (out[name] === undefined) out[name] = value
  return out
}

/**
 * The state-dir file, then `gateway.env` (skipped when `OPENCLAW_STATE_DIR` is set and names
 * another directory than `<home>/.openclaw`). A name the environment defines is never set; a name
 * both files define keeps the first file's value, and differing values are reported.
 */
const applyRuntimeFiles = (
  vars: Vars,
  base: EnvironmentShape,
  fs: SyncFs,
  stateEnvFile: string,
  warnings: Array<string>
): Vars => {
  const e = { ...base, env: vars }
  const home = openclawHome(e)
  const explicitStateDir =
    vars["OPENCLAW_STATE_DIR"] !== undefined &&
    path.resolve(base.cwd, stateEnvFile) !== path.resolve(base.cwd, path.join(home, ".openclaw", ".env"))
  const candidates = [readEnvFile(fs, stateEnvFile, blockedInRuntimeFile)]
  if (!explicitStateDir) candidates.push(readEnvFile(fs, path.join(home, ".config", "openclaw", "gateway.env"), blockedInRuntimeFile))
  const out: Record<string, string | undefined> = { ...vars }
  const first = new Map<string, { readonly value: string; readonly file: string }>()
  const conflicts = new Map<string, { readonly kept: string; readonly ignored: string; readonly names: Set<string> }>()
  for (const file of candidates) {
    if (file === undefined) continue
    for (const [name, value] of file.entries) {
      if (vars[name] !== undefined) continue
      const seen = first.get(name)
      if (seen === undefined) {
        first.set(name, { value, file: file.path })
        out[name] = value
        continue
      }
      if (seen.value === value) continue
      const pair = `${seen.file}\u0000${file.path}`
      const conflict = conflicts.get(pair) ?? { kept: seen.file, ignored: file.path, names: new Set<string>() }
      conflict.names.add(name)
      conflicts.set(pair, conflict)
    }
  }
  for (const { kept, ignored, names } of conflicts.values()) {
    const sorted = [...names].sort()
    warnings.push(`[infra:dotenv] Conflicting values in ${kept} and ${ignored} for ${sorted.join(", ")}; keeping ${kept}.`)
  }
  return out
}

/**
 * The directory whose `.env` the config loader reads: `OPENCLAW_STATE_DIR`, else the directory of
 * `OPENCLAW_CONFIG_PATH`, else `<home>/.openclaw` (no legacy `.clawdbot` fallback here).
 */
const configLoaderDir = (e: EnvironmentShape): string => {
  const state = e.env["OPENCLAW_STATE_DIR"]?.trim()
  if (state) return expandHomePath(e, state)
  const config = e.env["OPENCLAW_CONFIG_PATH"]?.trim()
  if (config) return path.dirname(expandHomePath(e, config))
  return path.join(openclawHome(e), ".openclaw")
}

export interface EnvFilesResult {
  /** The environment with the files applied; `configFileEnv` holds the variables that choose the config file. */
  readonly environment: EnvironmentShape
  /** Lines OpenClaw prints on stderr while loading (two files disagreeing on a value). */
  readonly warnings: ReadonlyArray<string>
}

/**
 * Applies OpenClaw's `.env` files to `base` (see the module comment and docs/env-files.md). An
 * environment that has been through here already (it has `configFileEnv`) is returned as it is.
 */
export const loadEnvFiles = (base: EnvironmentShape, fs: SyncFs): EnvFilesResult => {
  // an environment that already went through here carries `configFileEnv`: nothing more to read
  if (base.configFileEnv !== undefined) return { environment: base, warnings: [] }
  const warnings: Array<string> = []
  const withVars = (env: Vars): EnvironmentShape => ({ ...base, env })
  // first pass: when the CLI starts, if `<cwd>/.env` or `<state dir>/.env` exists
  let vars: Vars = base.env
  if (fs.exists(path.join(base.cwd, ".env")) || fs.exists(path.join(stateDir(base, fs.exists), ".env"))) {
    vars = applyWorkspaceFile(vars, fs, base.cwd)
    vars = applyRuntimeFiles(vars, base, fs, path.join(stateDir(withVars(vars), fs.exists), ".env"), warnings)
  }
  const configFileEnv = vars
  // second pass: the config loader, after the config file has been chosen
  vars = applyWorkspaceFile(vars, fs, base.cwd)
  vars = applyRuntimeFiles(vars, base, fs, path.join(configLoaderDir(withVars(vars)), ".env"), warnings)
  return { environment: { ...base, env: vars, configFileEnv }, warnings }
}

/**
 * Replaces the `Environment` in context by the same one with OpenClaw's `.env` files applied,
 * read through the `SessionFs` in context. Loading warnings are dropped (the CLI prints them).
 */
export const withEnvFiles: Layer.Layer<Environment, never, Environment | SessionFs> = Layer.effect(
  Environment,
  Effect.gen(function* () {
    const base = yield* Environment
    const fs = yield* SessionFs
    return loadEnvFiles(base, fs.sync).environment
  })
)
