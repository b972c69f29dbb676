/** Entry point of the `auralis` command (bin/auralis.js): builds the program and runs it. */
import { buildProgram, exitCodeOf } from './cli/program.ts';

const program = await buildProgram(process.argv);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // commander has already printed its message (or the help); only the exit code is left to set.
  const exitCode = exitCodeOf(error);
  if (exitCode === undefined) throw error;
  process.exitCode = exitCode;
}
