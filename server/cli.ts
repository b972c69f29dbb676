/** Entry point of the `auralis` command (bin/auralis.js): builds the program and runs it. */
import { buildProgram } from './cli/program.ts';

const program = await buildProgram(process.argv);
await program.parseAsync(process.argv);
