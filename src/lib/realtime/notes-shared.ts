/** Name of the Y.Text that holds a note, in every client's and the server's Y.Doc. */
export const NOTE_TEXT = 'text';
