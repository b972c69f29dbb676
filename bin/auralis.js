#!/usr/bin/env node
// Entry point of the `auralis` command. Node >= 22.17 runs the TypeScript sources directly (type stripping).
import '../server/cli.ts';
