// Keeps Jest snapshots out of test/ and under snapshots/, mirroring the test tree:
// test/stacks/platform.test.ts -> snapshots/stacks/platform.test.ts.snap
const path = require('path');

const root = __dirname;
const testRoot = path.join(root, 'test');
const snapshotRoot = path.join(root, 'snapshots');

module.exports = {
  resolveSnapshotPath: (testPath, extension) =>
    path.join(snapshotRoot, path.relative(testRoot, testPath)) + extension,
  resolveTestPath: (snapshotPath, extension) =>
    path.join(testRoot, path.relative(snapshotRoot, snapshotPath).slice(0, -extension.length)),
  testPathForConsistencyCheck: path.join(testRoot, 'stacks', 'example.test.ts'),
};
