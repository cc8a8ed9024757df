module.exports = {
  displayName: 'web-gateway',
  preset: '../../jest.kafka-preset.js',
};
