/**
 * A tiny structured logger: one line per event, `time level event key=value ...`.
 *
 * Call sites pass an event name and a few fields; never pass secrets (licence keys, request
 * headers, document content). Values are quoted only when they contain spaces or quotes.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>

/** The logging surface every server module receives. */
export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export const LOG_LEVELS = Object.keys(RANK) as readonly LogLevel[]

export interface LoggerOptions {
  /** Lines below this level are dropped. Default 'info'. */
  level?: LogLevel
  /** Where finished lines go. Default: stdout for debug/info, stderr for warn/error. */
  sink?: (line: string, level: Exclude<LogLevel, 'silent'>) => void
  /** Fields every line carries after its own (the server's id, so that several servers' logs can be told apart). */
  always?: LogFields
}

function defaultSink(line: string, level: Exclude<LogLevel, 'silent'>): void {
  if (level === 'warn' || level === 'error') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value)
  return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)
}

/** ` key=value` for each field that is set. */
function formatFields(fields: LogFields): string {
  let formatted = ''
  for (const key in fields) {
    const value = fields[key]
    if (value !== undefined) formatted += ` ${key}=${formatValue(value)}`
  }
  return formatted
}

/** Creates a logger; `level: 'silent'` drops everything. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info']
  const sink = options.sink ?? defaultSink
  const always = options.always ? formatFields(options.always) : ''
  const write = (level: Exclude<LogLevel, 'silent'>) => (event: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${event}`
    sink(fields ? line + formatFields(fields) + always : line + always, level)
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

/** A short description of an unknown thrown value, safe for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
