/**
 * Which process this is and whether another one is still running: a journal left by a live
 * clawkeep (an apply in progress) is never recovered by another command. A service with the
 * real answers as its default; tests replace it to play a killed process.
 */
import { Context } from "effect"

export interface ProcessesShape {
  /** This process's id. */
  readonly pid: number
  /** Whether a process with this id is running (signal 0 probe; EPERM means it is). */
  readonly isAlive: (pid: number) => boolean
}

const liveProcesses: ProcessesShape = {
  pid: process.pid,
  isAlive: (pid) => {
    if (!Number.isInteger(pid) || pid <= 0) return false
    try {
      process.kill(pid, 0)
      return true
    } catch (error) {
      return (error as { code?: string }).code === "EPERM"
    }
  }
}

export class Processes extends Context.Reference<Processes>()("clawkeep/Processes", { defaultValue: () => liveProcesses }) {}
