/**
 * Headings and paragraphs in the house style of the meeting minutes and the audit report
 * (pdfkit's built-in Helvetica, so no font files ship with the app).
 */
export const PDF_COLOURS = { heading: '#1e3a5f', text: '#1f2937', muted: '#6b7280' } as const;

export function pdfText(doc: PDFKit.PDFDocument, headingGap = 0.8) {
	const h = (text: string, size = 13) =>
		doc
			.moveDown(headingGap)
			.font('Helvetica-Bold')
			.fontSize(size)
			.fillColor(PDF_COLOURS.heading)
			.text(text)
			.fillColor(PDF_COLOURS.text);
	const p = (text: string, opts: { muted?: boolean; bold?: boolean } = {}) =>
		doc
			.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
			.fontSize(10)
			.fillColor(opts.muted ? PDF_COLOURS.muted : PDF_COLOURS.text)
			.text(text);
	return { h, p };
}
