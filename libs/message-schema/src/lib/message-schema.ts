export function messageSchema(): string {
  return 'message-schema';
}
