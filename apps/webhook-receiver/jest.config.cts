module.exports = {
  displayName: 'webhook-receiver',
  preset: '../../jest.kafka-preset.js',
};
