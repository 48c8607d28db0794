/**
 * Scratch directories for tests, removed when the test file is done.
 *
 * `tempDir(prefix)` creates a fresh directory (under the OS temp dir, or at `prefix` itself when it
 * is an absolute path such as "/tmp/ckg-") and records it. Importing this module registers an
 * `afterAll` hook on the importing test file that removes every recorded directory recursively;
 * tests that want a directory gone sooner may still remove it themselves (or call
 * `removeTempDirs`).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll } from "vitest"

const created = new Set<string>()

/** A new empty directory whose name starts with `prefix`, removed after the test file's tests. */
export const tempDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.isAbsolute(prefix) ? prefix : path.join(os.tmpdir(), prefix))
  created.add(dir)
  return dir
}

/** Removes every directory `tempDir` has created so far (recursively; missing ones are fine). */
export const removeTempDirs = (): void => {
  for (const dir of created) {
    fs.rmSync(dir, { recursive: true, force: true })
    created.delete(dir)
  }
}

afterAll(removeTempDirs)
