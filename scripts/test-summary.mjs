// Prints one closing line for the whole test run, "tests: N passed, M failed", summed over the
// Vitest JSON reports given as arguments. A missing report counts as a failure, and so does a
// run that executed no test at all.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`test summary: ${file} was not written (the run crashed before reporting)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load fails no single test, but the run still failed.
  if (!report.success && report.numFailedTests === 0) failed += Math.max(1, report.numFailedTestSuites);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
