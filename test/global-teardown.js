// Removes the test run's temporary directory (test/global-setup.js).
const { rmSync } = require('fs');

module.exports = () => {
  const dir = process.env.RAMPART_TEST_RUN_TMPDIR;
  if (dir === undefined) return;
  rmSync(dir, { recursive: true, force: true });
  const outer = process.env.RAMPART_TEST_RUN_OUTER_TMPDIR;
  if (outer) process.env.TMPDIR = outer;
  else delete process.env.TMPDIR;
  delete process.env.RAMPART_TEST_RUN_TMPDIR;
};
