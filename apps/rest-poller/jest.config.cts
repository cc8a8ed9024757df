module.exports = {
  displayName: 'rest-poller',
  preset: '../../jest.kafka-preset.js',
};
