/** An edit the session refuses (no such sheet, a name taken, text in an input's cell): the page shows its message, nothing changed. */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}
