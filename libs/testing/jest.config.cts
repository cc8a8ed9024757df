module.exports = {
  displayName: 'testing',
  preset: '../../jest.kafka-preset.js',
};
