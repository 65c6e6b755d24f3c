/**
 * The tar format (POSIX ustar), as much of it as backups need: regular files only, written and
 * read one by one from file descriptors, so that a data directory of gigabytes never has to fit
 * into memory. Any tar program can list and unpack what `TarWriter` writes.
 *
 * A file is a 512-byte header (name, size, checksum...) followed by its bytes, padded to a multiple
 * of 512; two empty blocks end the archive.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'

const BLOCK = 512
/** The largest size the 11 octal digits of a ustar header hold (8 GiB - 1). */
const MAX_SIZE = 8 ** 11 - 1
const COPY_CHUNK = 1024 * 1024

/** Writes `value` as a NUL-terminated field of `length` bytes at `offset`. */
function writeField(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length - 1), offset, length - 1, 'utf8')
}

const octal = (value: number, digits: number) => value.toString(8).padStart(digits, '0')

/** A name split into ustar's `prefix` (155 bytes) and `name` (100 bytes) at a slash. */
function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name }
  for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
    const prefix = name.slice(0, slash)
    const rest = name.slice(slash + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest }
  }
  throw new Error(`path too long for a tar archive: ${name}`)
}

function checksum(header: Buffer): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!
  return sum
}

function fileHeader(name: string, size: number, mtimeMs: number): Buffer {
  if (size > MAX_SIZE) throw new Error(`file too large for a tar archive: ${name}`)
  const header = Buffer.alloc(BLOCK)
  const split = splitName(name)
  writeField(header, 0, 100, split.name)
  writeField(header, 100, 8, octal(0o644, 7))
  writeField(header, 108, 8, octal(0, 7))
  writeField(header, 116, 8, octal(0, 7))
  writeField(header, 124, 12, octal(size, 11))
  writeField(header, 136, 12, octal(Math.floor(mtimeMs / 1000), 11))
  header.write('0', 156, 'ascii')
  header.write('ustar\u000000', 257, 'ascii')
  writeField(header, 345, 155, split.prefix)
  header.write(`${octal(checksum(header), 6)}\u0000 `, 148, 'ascii')
  return header
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK

export class TarWriter {
  private readonly fd: number
  private readonly buffer = Buffer.alloc(COPY_CHUNK)

  constructor(file: string) {
    this.fd = openSync(file, 'wx')
  }

  /** Adds a file with `content`. */
  addBytes(name: string, content: Uint8Array, mtimeMs = Date.now()): void {
    writeSync(this.fd, fileHeader(name, content.length, mtimeMs))
    writeSync(this.fd, content)
    writeSync(this.fd, Buffer.alloc(padding(content.length)))
  }

  /** Adds the file at `source` under `name`, as it is when opened (a file replaced meanwhile keeps its old bytes). */
  addFile(name: string, source: string): void {
    const input = openSync(source, 'r')
    try {
      const { size, mtimeMs } = fstatSync(input)
      writeSync(this.fd, fileHeader(name, size, mtimeMs))
      for (let copied = 0; copied < size; ) {
        const read = readSync(input, this.buffer, 0, Math.min(COPY_CHUNK, size - copied), copied)
        if (read === 0) throw new Error(`${source} became shorter while it was read`)
        writeSync(this.fd, this.buffer, 0, read)
        copied += read
      }
      writeSync(this.fd, Buffer.alloc(padding(size)))
    } finally {
      closeSync(input)
    }
  }

  /** Ends the archive and closes the file. */
  finish(): void {
    try {
      writeSync(this.fd, Buffer.alloc(2 * BLOCK))
    } finally {
      closeSync(this.fd)
    }
  }
}

/** One file of an archive being read: its name and size, and a way to copy its bytes out. */
export interface TarEntry {
  name: string
  size: number
  /** Writes the entry's bytes to the file descriptor `fd`. */
  copyTo(fd: number): void
  /** The entry's bytes (for small ones). */
  read(): Buffer
}

/** Thrown for anything that is not a well-formed tar archive of regular files. */
export class TarFormatError extends Error {
  override name = 'TarFormatError'
}

function readField(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

/** Calls `visit` with each file of the archive at `file`, in order. */
export function readTar(file: string, visit: (entry: TarEntry) => void): void {
  const fd = openSync(file, 'r')
  try {
    const header = Buffer.alloc(BLOCK)
    const buffer = Buffer.alloc(COPY_CHUNK)
    let position = 0
    for (;;) {
      if (readSync(fd, header, 0, BLOCK, position) !== BLOCK) throw new TarFormatError('the archive ends without its end marker')
      if (header.every((byte) => byte === 0)) return
      const stored = Number.parseInt(readField(header, 148, 8).trim(), 8)
      if (stored !== checksum(header)) throw new TarFormatError(`a damaged header at byte ${position}`)
      const type = String.fromCharCode(header[156]!)
      const prefix = readField(header, 345, 155)
      const name = prefix ? `${prefix}/${readField(header, 0, 100)}` : readField(header, 0, 100)
      const size = Number.parseInt(readField(header, 124, 12).trim() || '0', 8)
      if (type !== '0' && type !== '\u0000') throw new TarFormatError(`${name} is not a regular file`)
      const start = position + BLOCK
      const copy = (write: (chunk: Buffer) => void) => {
        for (let done = 0; done < size; ) {
          const read = readSync(fd, buffer, 0, Math.min(COPY_CHUNK, size - done), start + done)
          if (read === 0) throw new TarFormatError(`${name} is cut off`)
          write(buffer.subarray(0, read))
          done += read
        }
      }
      visit({
        name,
        size,
        copyTo: (out) => copy((chunk) => writeSync(out, chunk)),
        read: () => {
          const chunks: Buffer[] = []
          copy((chunk) => chunks.push(Buffer.from(chunk)))
          return Buffer.concat(chunks)
        },
      })
      position = start + size + padding(size)
    }
  } finally {
    closeSync(fd)
  }
}
