import { describe, expect, it } from 'vitest';
import {
	CENTER_RADIUS,
	DEFAULT_MAP_SIZE,
	MIN_NODE_DISTANCE,
	NODE_RADIUS,
	estimateTextWidth,
	layoutNetwork,
	placeLabels,
	ringOf,
	truncateText,
	type Box,
	type NetworkKind,
	type NetworkLayout,
	type NetworkLayoutInput,
	type NetworkRole
} from './network-map';

const ROLES: NetworkRole[] = ['ressource', 'belastning', 'begge', 'neutral'];
const NAMES = [
	'Åse',
	'Bo',
	'Cecilie',
	'Dorthe',
	'Emil',
	'Frida',
	'Gustav',
	'Hanne',
	'Ib',
	'Jens',
	'Karin',
	'Lars',
	'Mette',
	'Niels',
	'Ole',
	'Pia',
	'Rasmus',
	'Sofie',
	'Tove',
	'Ulla',
	'Vagn',
	'William',
	'Yrsa',
	'Zenia',
	'Æbelø',
	'Øjvind',
	'Anders',
	'Birgit',
	'Carl',
	'Ditte'
];

const nameAt = (i: number) => NAMES[i % NAMES.length] ?? `Navn ${i}`;

/** The only element of a list (fails the test otherwise). */
function only<T>(list: readonly T[]): T {
	expect(list).toHaveLength(1);
	return list[0] as T;
}

const contact = (
	id: string,
	name: string,
	kind: NetworkKind,
	closeness: number,
	role: NetworkRole = 'ressource'
): NetworkLayoutInput => ({ id, name, kind, role, closeness, mayInvolve: false });

/** n contacts spread over sides and rings the way a real network might be. */
const sample = (n: number) =>
	Array.from({ length: n }, (_, i) =>
		contact(
			`id-${i}`,
			nameAt(i),
			i % 2 === 0 ? 'privat' : 'professionel',
			(i % 3) + 1,
			ROLES[i % 4]
		)
	);

function minPairDistance(layout: NetworkLayout): number {
	let min = Infinity;
	layout.nodes.forEach((a, i) => {
		for (const b of layout.nodes.slice(i + 1))
			min = Math.min(min, Math.hypot(a.x - b.x, a.y - b.y));
	});
	return min;
}

const dist = (layout: NetworkLayout, n: { x: number; y: number }) =>
	Math.hypot(n.x - layout.center.x, n.y - layout.center.y);

function expectInsideAndClear(layout: NetworkLayout) {
	for (const n of layout.nodes) {
		expect(n.x).toBeGreaterThan(NODE_RADIUS);
		expect(n.x).toBeLessThan(layout.size - NODE_RADIUS);
		expect(n.y).toBeGreaterThan(NODE_RADIUS);
		expect(n.y).toBeLessThan(layout.size - NODE_RADIUS);
		// Never on top of the borger in the middle, never across the divider.
		expect(dist(layout, n)).toBeGreaterThanOrEqual(CENTER_RADIUS + NODE_RADIUS + 4);
		expect(Math.abs(n.x - layout.center.x)).toBeGreaterThanOrEqual(NODE_RADIUS + 2);
	}
}

describe('ringOf', () => {
	it('maps closeness 1–3 to rings and anything else to the middle ring', () => {
		expect(ringOf(1)).toBe(1);
		expect(ringOf(2)).toBe(2);
		expect(ringOf(3)).toBe(3);
		expect(ringOf(0)).toBe(2);
		expect(ringOf(7)).toBe(2);
		expect(ringOf(Number.NaN)).toBe(2);
	});
});

describe('layoutNetwork', () => {
	it('returns an empty map with three ordered rings for no contacts', () => {
		const layout = layoutNetwork([]);
		expect(layout.nodes).toEqual([]);
		expect(layout.size).toBe(DEFAULT_MAP_SIZE);
		expect(layout.center).toEqual({ x: DEFAULT_MAP_SIZE / 2, y: DEFAULT_MAP_SIZE / 2 });
		expect(layout.rings).toHaveLength(3);
		expect(layout.rings[0]).toBeGreaterThan(CENTER_RADIUS + NODE_RADIUS);
		expect(layout.rings[0]).toBeLessThan(layout.rings[1]);
		expect(layout.rings[1]).toBeLessThan(layout.rings[2]);
		expect(layout.rings[2]).toBeLessThan(DEFAULT_MAP_SIZE / 2);
	});

	it('honours the requested size', () => {
		const layout = layoutNetwork(sample(6), { size: 800 });
		expect(layout.size).toBe(800);
		expect(layout.center).toEqual({ x: 400, y: 400 });
		expect(layout.rings[2]).toBeGreaterThan(layoutNetwork([]).rings[2]);
	});

	it('puts closer contacts on inner rings', () => {
		const layout = layoutNetwork([
			contact('a', 'A', 'privat', 1),
			contact('b', 'B', 'privat', 2),
			contact('c', 'C', 'privat', 3),
			contact('d', 'D', 'professionel', 3),
			contact('e', 'E', 'professionel', 1)
		]);
		const node = (id: string) => only(layout.nodes.filter((n) => n.id === id));
		const byId = { a: node('a'), b: node('b'), c: node('c'), d: node('d'), e: node('e') };
		const [r1, r2, r3] = layout.rings;
		expect(byId.a.ring).toBe(1);
		expect(byId.b.ring).toBe(2);
		expect(byId.c.ring).toBe(3);
		expect(dist(layout, byId.a)).toBeCloseTo(r1, 0);
		expect(dist(layout, byId.b)).toBeCloseTo(r2, 0);
		expect(dist(layout, byId.c)).toBeCloseTo(r3, 0);
		expect(dist(layout, byId.a)).toBeLessThan(dist(layout, byId.b));
		expect(dist(layout, byId.b)).toBeLessThan(dist(layout, byId.c));
		expect(dist(layout, byId.e)).toBeLessThan(dist(layout, byId.d));
	});

	it('puts private contacts on the left and professionals on the right', () => {
		const layout = layoutNetwork(sample(20));
		const kinds = new Map(sample(20).map((c) => [c.id, c.kind]));
		for (const n of layout.nodes) {
			if (kinds.get(n.id) === 'privat') {
				expect(n.side).toBe('left');
				expect(n.x).toBeLessThan(layout.center.x);
				expect(n.labelAnchor).not.toBe('start');
			} else {
				expect(n.side).toBe('right');
				expect(n.x).toBeGreaterThan(layout.center.x);
				expect(n.labelAnchor).not.toBe('end');
			}
		}
	});

	it('places a lone contact straight out to its side with a side label', () => {
		const layout = layoutNetwork([contact('p', 'Mor', 'privat', 2)]);
		const n = only(layout.nodes);
		expect(n.y).toBeCloseTo(layout.center.y, 5);
		expect(n.x).toBeCloseTo(layout.center.x - layout.rings[1], 5);
		expect(n.labelAnchor).toBe('end');
	});

	it('orders a half-ring top to bottom by name (Danish collation)', () => {
		const layout = layoutNetwork([
			contact('3', 'Åse', 'privat', 3),
			contact('1', 'Anna', 'privat', 3),
			contact('2', 'Ørnulf', 'privat', 3),
			contact('4', 'Zacharias', 'privat', 3)
		]);
		const top = [...layout.nodes].sort((a, b) => a.y - b.y).map((n) => n.id);
		// Danish: A … Z, Æ, Ø, Å.
		expect(top).toEqual(['1', '4', '2', '3']);
	});

	it('is deterministic and independent of input order', () => {
		const contacts = sample(17);
		const a = layoutNetwork(contacts);
		const b = layoutNetwork([...contacts].reverse());
		const byId = (l: NetworkLayout) => [...l.nodes].sort((x, y) => x.id.localeCompare(y.id));
		expect(byId(b)).toEqual(byId(a));
		expect(layoutNetwork(contacts)).toEqual(a);
	});

	it('keeps 30 mixed contacts apart and inside the drawing', () => {
		const layout = layoutNetwork(sample(30));
		expect(layout.nodes).toHaveLength(30);
		expect(minPairDistance(layout)).toBeGreaterThanOrEqual(MIN_NODE_DISTANCE - 0.05);
		expectInsideAndClear(layout);
	});

	it('staggers a crowded ring instead of letting nodes overlap', () => {
		const crowded = Array.from({ length: 9 }, (_, i) => contact(`c${i}`, nameAt(i), 'privat', 1));
		const layout = layoutNetwork(crowded);
		const radii = layout.nodes.map((n) => dist(layout, n));
		expect(Math.max(...radii) - Math.min(...radii)).toBeGreaterThan(5);
		expect(minPairDistance(layout)).toBeGreaterThanOrEqual(MIN_NODE_DISTANCE - 0.05);
		expectInsideAndClear(layout);
	});

	it('still avoids overlaps in the worst case: 30 contacts in one half-ring', () => {
		for (const closeness of [1, 2, 3]) {
			const crowded = Array.from({ length: 30 }, (_, i) =>
				contact(`c${i}`, nameAt(i), 'professionel', closeness)
			);
			const layout = layoutNetwork(crowded);
			expect(layout.size).toBeGreaterThanOrEqual(DEFAULT_MAP_SIZE);
			expect(minPairDistance(layout)).toBeGreaterThanOrEqual(MIN_NODE_DISTANCE - 0.05);
			expectInsideAndClear(layout);
			expect(layout.rings[0]).toBeLessThan(layout.rings[1]);
			expect(layout.rings[1]).toBeLessThan(layout.rings[2]);
		}
	});

	it('keeps staggered neighbouring rings apart', () => {
		const both = [1, 2, 3].flatMap((closeness) =>
			Array.from({ length: 12 }, (_, i) =>
				contact(`${closeness}-${i}`, nameAt(i), 'privat', closeness)
			)
		);
		const layout = layoutNetwork(both);
		expect(minPairDistance(layout)).toBeGreaterThanOrEqual(MIN_NODE_DISTANCE - 0.05);
		expectInsideAndClear(layout);
	});
});

describe('truncateText', () => {
	it('keeps short text and shortens long text with an ellipsis', () => {
		expect(truncateText('Mor', 10)).toBe('Mor');
		expect(truncateText('  Mor  ', 10)).toBe('Mor');
		expect(truncateText('Kriminalforsorgen', 10)).toBe('Kriminalf…');
		expect(truncateText('Kriminalforsorgen', 10)).toHaveLength(10);
	});
});

describe('placeLabels', () => {
	const lines = (c: NetworkLayoutInput) => [
		{ text: c.name, size: 12, bold: true },
		{ text: 'Relation', size: 11 }
	];
	const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

	it('puts a lone label beside its node, away from the centre', () => {
		const c = contact('p', 'Mor', 'privat', 2);
		const layout = layoutNetwork([c]);
		const label = only(placeLabels(layout, [{ id: 'p', lines: lines(c) }]));
		expect(label.anchor).toBe('end');
		expect(label.x).toBeLessThan(only(layout.nodes).x);
		expect(label.lines.map((l) => l.text)).toEqual(['Mor', 'Relation']);
		expect(label.box).not.toBeNull();
	});

	it('shortens text that would run off the drawing', () => {
		const c = contact('p', 'Kommunens Jobcenter, Ydelsesafdelingen', 'professionel', 3);
		const layout = layoutNetwork([c]);
		const label = only(placeLabels(layout, [{ id: 'p', lines: lines(c) }]));
		expect(label.lines[0]?.text).toMatch(/…$/);
		expect(label.box?.x2).toBeLessThanOrEqual(layout.size);
	});

	it('keeps labels inside the bounds and off each other for a busy map', () => {
		for (const n of [12, 20, 30]) {
			const contacts = sample(n);
			const layout = layoutNetwork(contacts);
			const bounds = { x1: 0, y1: 0, x2: layout.size, y2: layout.size };
			const placed = placeLabels(
				layout,
				contacts.map((c) => ({ id: c.id, lines: lines(c) })),
				{ bounds }
			);
			expect(placed).toHaveLength(n);
			const boxes = placed.flatMap((l) => (l.box ? [l.box] : []));
			// Most labels find a place; the rest are left out rather than drawn on top of others.
			expect(boxes.length).toBeGreaterThanOrEqual(Math.ceil(n * 0.8));
			for (const b of boxes) {
				expect(b.x1).toBeGreaterThanOrEqual(bounds.x1);
				expect(b.x2).toBeLessThanOrEqual(bounds.x2);
			}
			let clashes = 0;
			boxes.forEach((a, i) => {
				for (const b of boxes.slice(i + 1)) if (overlaps(a, b)) clashes++;
			});
			expect(clashes).toBe(0);
		}
	});

	it('gives every label of the sample a free spot at the usual size', () => {
		const contacts = sample(12);
		const layout = layoutNetwork(contacts);
		const placed = placeLabels(
			layout,
			contacts.map((c) => ({ id: c.id, lines: lines(c) }))
		);
		expect(placed.every((l) => l.lines.length > 0)).toBe(true);
	});

	it('estimates wider text for bold and longer strings', () => {
		const plain = estimateTextWidth({ text: 'Mette', size: 12 });
		expect(estimateTextWidth({ text: 'Mette', size: 12, bold: true })).toBeGreaterThan(plain);
		expect(estimateTextWidth({ text: 'Mette Hansen', size: 12 })).toBeGreaterThan(plain);
	});
});
