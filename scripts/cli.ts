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

/**
 * Prepares `argv` for `parseArgs` when every option takes a value and the positionals are ids.
 * Board and series ids are base64url, so one in 64 starts with "-", which `parseArgs` takes for a
 * short option ("-R…": unknown option) or, after an option, for a missing value: so each option is
 * joined with its value (`--series=-Ab…`) and everything else is put after the `--` terminator.
 */
export function argsWithIds(argv: readonly string[], valueOptions: readonly string[]): string[] {
  const options: string[] = []
  const positionals: string[] = []
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1))
      break
    }
    if (!arg.startsWith('--')) positionals.push(arg)
    else if (valueOptions.includes(arg.slice(2)) && index + 1 < argv.length) options.push(`${arg}=${argv[++index]!}`)
    else options.push(arg)
  }
  return [...options, '--', ...positionals]
}
