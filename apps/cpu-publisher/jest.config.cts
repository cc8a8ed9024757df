module.exports = {
  displayName: 'cpu-publisher',
  preset: '../../jest.kafka-preset.js',
};
