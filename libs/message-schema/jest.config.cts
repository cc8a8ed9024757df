module.exports = {
  displayName: 'message-schema',
  preset: '../../jest.preset.js',
};
