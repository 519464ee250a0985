/** The name outputs give as their maker (PDF Creator/Producer, EPUB and HTML generator). */
export const generator = 'folio'
