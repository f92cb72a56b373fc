/**
 * Atomic file replacement: write to a temporary file in the destination's directory, fsync it,
 * rename it over the destination, then fsync the directory. Readers see either the old file or
 * the complete new one, never a partial write; on any failure the temporary file is removed and
 * the destination is untouched. The temp file must live in the same directory because rename is
 * only atomic within one filesystem.
 */

import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Content accepted by the atomic writers: bytes, a UTF-8 string, or a sequence of byte chunks. */
export type AtomicContent = Uint8Array | string | Iterable<Uint8Array>;

function tempPathFor(path: string): string {
  // Hidden, unique per process and call; the .tmp suffix makes leftovers from a crash recognizable.
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

function chunksOf(data: AtomicContent): Iterable<Uint8Array> {
  if (typeof data === "string") return [Buffer.from(data, "utf8")];
  if (data instanceof Uint8Array) return [data];
  return data;
}

/**
 * Atomically replaces `path` with `data` (async). `mode` applies to newly created files
 * (default 0o666 minus the umask, like fs.writeFile).
 */
export async function atomicWriteFile(
  path: string,
  data: AtomicContent | AsyncIterable<Uint8Array>,
  mode = 0o666,
): Promise<void> {
  const tmp = tempPathFor(path);
  const fh = await open(tmp, "wx", mode);
  let closed = false;
  try {
    const chunks =
      typeof data === "object" && data !== null && Symbol.asyncIterator in data
        ? (data as AsyncIterable<Uint8Array>)
        : chunksOf(data as AtomicContent);
    for await (const chunk of chunks) {
      let off = 0;
      while (off < chunk.byteLength) {
        const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off);
        off += bytesWritten;
      }
    }
    await fh.sync();
    await fh.close();
    closed = true;
    await rename(tmp, path);
  } catch (err) {
    if (!closed) await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(path));
}

/** Synchronous variant of {@link atomicWriteFile}. */
export function atomicWriteFileSync(path: string, data: AtomicContent, mode = 0o666): void {
  const tmp = tempPathFor(path);
  const fd = openSync(tmp, "wx", mode);
  let closed = false;
  try {
    for (const chunk of chunksOf(data)) {
      let off = 0;
      while (off < chunk.byteLength) off += writeSync(fd, chunk, off, chunk.byteLength - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(tmp, path);
  } catch (err) {
    if (!closed) {
      try {
        closeSync(fd);
      } catch {
        /* already failing; keep the original error */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* temp may not exist */
    }
    throw err;
  }
  try {
    const dfd = openSync(dirname(path), "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* directory fsync is unsupported on some platforms (Windows); the rename already happened */
  }
}

/** fsync a directory so the rename itself is durable; best effort (unsupported on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* see atomicWriteFileSync */
  }
}
