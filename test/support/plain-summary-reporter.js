// CI reads a plain "N passed, N failed" line; jest's own summary is in another form. This prints jest's
// real counts in that form, nothing else.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    const skipped = results.numPendingTests + results.numTodoTests
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    )
  }
}
module.exports = PlainSummaryReporter
