module.exports = {
  displayName: 'quix-producer',
  preset: '../../jest.kafka-preset.js',
};
