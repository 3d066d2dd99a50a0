// Removes the test run's temporary directory (test/global-setup.js).
const { rmSync } = require('fs');

module.exports = () => {
  const dir = process.env.RAMPART_TEST_RUN_TMPDIR;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
};
