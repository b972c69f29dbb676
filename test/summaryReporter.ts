import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that CI systems read to
 * count tests (vitest's own summary is coloured and split over several lines).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = (state: 'passed' | 'failed' | 'skipped') =>
      testModules.reduce((sum, module) => sum + [...module.children.allTests(state)].length, 0);
    // A file that fails before its tests run (an import error, a failing hook) counts as one failure.
    const brokenModules = testModules.filter(
      (module) => module.state() === 'failed' && [...module.children.allTests('failed')].length === 0,
    ).length;
    process.stdout.write(
      `\ntests: ${count('passed')} passed, ${count('failed') + brokenModules} failed, ${count('skipped')} skipped\n`,
    );
  }
}
