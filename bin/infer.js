#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the `prepare` script); launch.cts
// picks the code-cached bundle or the modules. CommonJS (bin/package.json), for a faster start.
"use strict";
const { launch } = require("../dist/src/cli/launch.cjs");
launch(process.argv.slice(2)).then((code) => { process.exitCode = code; });
