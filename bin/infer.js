#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the `prepare` script); launch.ts
// picks the code-cached bundle or the modules.
import { launch } from "../dist/src/cli/launch.js";
launch(process.argv.slice(2)).then((code) => { process.exitCode = code; });
