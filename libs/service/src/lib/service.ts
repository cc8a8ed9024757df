export function service(): string {
  return 'service';
}
