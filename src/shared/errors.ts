/** What a thrown thing says, for a message to a person: an Error's message, or the thing as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
