module.exports = {
  displayName: 'timing',
  preset: '../../jest.preset.js',
};
