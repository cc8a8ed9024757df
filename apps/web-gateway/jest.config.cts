module.exports = {
  displayName: 'web-gateway',
  preset: '../../jest.preset.js',
};
