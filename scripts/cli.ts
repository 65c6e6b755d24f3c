/**
 * What the command-line tools (export, backup, restore) share: exits with a code and a message
 * on standard error instead of a stack trace.
 * Exit codes: 0 done, 2 bad arguments, 3 no such board or data, 1 anything else.
 */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

/** Runs the tool `name`; an `ExitError` exits with its code, anything else with 1. */
export async function runTool(name: string, run: () => void | Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    const code = error instanceof ExitError ? error.code : 1
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = code
  }
}
