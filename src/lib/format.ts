import { format, parseISO } from 'date-fns';
import { da } from 'date-fns/locale';

/** Dates as Danish people write them: 3. feb. 2026. */
export function formatDate(value: string | Date | null | undefined): string {
	if (!value) return '';
	const d = typeof value === 'string' ? parseISO(value) : value;
	return format(d, 'd. MMM yyyy', { locale: da });
}

export function formatDateTime(value: string | Date | null | undefined): string {
	if (!value) return '';
	const d = typeof value === 'string' ? parseISO(value) : value;
	return format(d, "d. MMM yyyy 'kl.' HH:mm", { locale: da });
}
