// Every temporary directory of a test run (the suites' outdirs, aws-cdk-lib's `cdk.out*` for an App
// without one, what the processes the suites start write) goes under one directory, which
// test/global-teardown.js removes when the run ends: runs left about 450 MB each in the system's
// temporary directory, tens of GB after a few days. jest starts its workers after this, so they and
// their children inherit TMPDIR (os.tmpdir() reads it on every call).
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = () => {
  // The system's own, kept for the teardown to restore (`jest --watch` runs the setup again).
  process.env.RAMPART_TEST_RUN_OUTER_TMPDIR = process.env.TMPDIR ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'rampart-test-run-'));
  process.env.RAMPART_TEST_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
