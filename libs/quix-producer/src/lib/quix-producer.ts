export function quixProducer(): string {
  return 'quix-producer';
}
