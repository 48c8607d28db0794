/**
 * The journal file's text: what `JSON.parse` reads back is the encoded journal, the top level is
 * indented as `JSON.stringify(…, null, 2)` lays it out, and each removed key and each operation
 * is one line, however many there are (the text is written in pieces).
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { decodeJournal, Journal, type JournalOperation, writeJournalText } from "../../src/maintenance/journal.js"

const operation = (i: number): JournalOperation => ({
  op: i % 2 === 0 ? "archive" : "delete",
  path: `/s/${i}.jsonl`,
  ...(i % 2 === 0 ? { to: `/s/${i}.jsonl.deleted.1` } : {}),
  reason: "transcript-of-removed-row",
  bytes: i,
  status: "pending"
})

const journal = (keys: number, operations: number): Journal =>
  ({
    format: "clawkeep-journal",
    version: 1,
    id: "20261204T000000Z-abc",
    command: "cleanup",
    createdAtMs: 1,
    pid: 2,
    target: { agentId: "main", storePath: "/s/sessions.json" },
    sessionsDir: "/s",
    stateDir: "/",
    writeTarget: "/s/sessions.json",
    storeBefore: { exists: true, size: 3, mtimeMs: 4, ino: 5, sha256: "ab" },
    storeAfterSha256: "",
    removedKeys: Array.from({ length: keys }, (_, i) => `agent:main:k"${i}`),
    trash: false,
    operations: Array.from({ length: operations }, (_, i) => operation(i)),
    status: "prepared",
    finishedAtMs: null,
    notes: ["a note"],
    restoredAtMs: null
  }) as Journal

describe("the journal's text", () => {
  for (const [keys, operations] of [
    [0, 0],
    [1, 1],
    [47, 48],
    [49, 97],
    [511, 512],
    [513, 1025],
    [1500, 3]
  ] as const) {
    it(`${keys} removed keys and ${operations} operations`, () => {
      const j = journal(keys, operations)
      const pieces: Array<string> = []
      writeJournalText(j, (t) => pieces.push(t))
      const text = pieces.join("")
      // read back: the encoded journal, and it decodes to the journal
      const encoded = Schema.encodeSync(Journal)(j)
      expect(JSON.parse(text)).toEqual(encoded)
      const decoded = decodeJournal(text)
      expect(Either.isRight(decoded) && decoded.right).toEqual(j)
      // laid out as JSON.stringify(…, null, 2) would, but one line per list item
      const lines = text.split("\n")
      expect(lines.length).toBe(JSON.stringify({ ...encoded, removedKeys: 0, operations: 0 }, null, 2).split("\n").length + 1 + (keys > 0 ? keys + 1 : 0) + (operations > 0 ? operations + 1 : 0))
      for (const [i, key] of j.removedKeys.entries()) expect(lines).toContain(`    ${JSON.stringify(key)}${i < keys - 1 ? "," : ""}`)
      for (const [i, op] of encoded.operations.entries()) expect(lines).toContain(`    ${JSON.stringify(op)}${i < operations - 1 ? "," : ""}`)
      expect(text.endsWith("}\n")).toBe(true)
      // pieces stay small: no piece holds more than a few hundred list items
      expect(Math.max(...pieces.map((p) => p.split("\n").length))).toBeLessThan(600)
    })
  }
})
