// Unit tests of the suite's own counting and reporting; the suite itself runs on demand (README).
module.exports = {
  displayName: 'fault-suite',
  preset: '../../jest.preset.js',
};
