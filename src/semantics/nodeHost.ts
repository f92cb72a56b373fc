/**
 * The file-system `ModuleHost` used by the CLI (modules.ts stays free of `node:fs`).
 */
import { readdirSync, readFileSync } from "node:fs";

import type { ModuleHost } from "./modules.js";

/** Reads files as UTF-8; unreadable files and directories read as undefined. */
export function createNodeHost(): ModuleHost {
  return {
    readFile(path) {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
    listDir(dir) {
      try {
        return readdirSync(dir);
      } catch {
        return undefined;
      }
    },
  };
}
