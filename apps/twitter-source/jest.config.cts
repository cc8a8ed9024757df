module.exports = {
  displayName: 'twitter-source',
  preset: '../../jest.kafka-preset.js',
};
