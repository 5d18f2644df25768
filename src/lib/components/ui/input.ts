/** Shared classes for text inputs and selects, so every form control looks the same. */
export const inputClass =
	'h-10 w-full rounded-md border border-border bg-surface px-3 text-text placeholder:text-muted aria-[invalid=true]:border-danger';

/** A multi-line text area in the same look. */
export const textareaClass = `${inputClass} h-auto py-2`;
