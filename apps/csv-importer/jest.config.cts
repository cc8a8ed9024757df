module.exports = {
  displayName: 'csv-importer',
  preset: '../../jest.kafka-preset.js',
};
