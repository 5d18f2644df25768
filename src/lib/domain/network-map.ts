/**
 * Layout of the ego-centred network map (netværkskort): the borger in the middle, three
 * concentric rings by closeness (1 = tæt på, innermost), private contacts on the left
 * half and professional contacts on the right half. Pure geometry, no I/O, so the same
 * picture comes out on the server and in the browser.
 */

export type NetworkKind = 'privat' | 'professionel';
export type NetworkRole = 'ressource' | 'belastning' | 'begge' | 'neutral';
export type NetworkSide = 'left' | 'right';

export interface NetworkLayoutInput {
	id: string;
	name: string;
	kind: NetworkKind;
	role: NetworkRole;
	closeness: number;
	mayInvolve: boolean;
}

/** What the network map component draws for one contact (a network item's data plus its id). */
export interface NetworkMapContact extends NetworkLayoutInput {
	relation: string;
	organisation?: string | null;
}

export interface NetworkNode {
	id: string;
	x: number;
	y: number;
	/** 1 = tæt på (inner), 2 = nogen kontakt, 3 = perifer (outer). */
	ring: 1 | 2 | 3;
	side: NetworkSide;
	/** Where the label goes: 'end' to the left of the node, 'start' to the right, 'middle' above/below. */
	labelAnchor: 'start' | 'end' | 'middle';
}

export interface NetworkLayout {
	/** Width and height of the square drawing (viewBox units). Grows when a ring is crowded. */
	size: number;
	center: { x: number; y: number };
	/** Radii of the three rings, inner first. */
	rings: [number, number, number];
	nodes: NetworkNode[];
}

export const DEFAULT_MAP_SIZE = 520;
/** Radius of the borger's circle in the middle. */
export const CENTER_RADIUS = 24;
/** Radius of a contact's circle in viewBox units. */
export const NODE_RADIUS = 11;
/** Nodes are at least this far apart (centre to centre): circle, consent badge and a gap. */
export const MIN_NODE_DISTANCE = 30;
/** Room outside the outer ring for the labels of the outermost nodes. */
const LABEL_MARGIN = 112;
/** Default ring radii as fractions of the outer ring. */
const RING_FRACTIONS = [1 / 3, 2 / 3, 1] as const;
/** How far a crowded ring moves every second node in and out. */
const STAGGER = 10;
/** Nodes whose direction from the centre is more horizontal than this get a side label. */
const SIDE_LABEL_MIN_HORIZONTAL = 0.42;
/** Vertical room a two-line side label needs; nodes of other rings keep out of it. */
const LABEL_CLEARANCE = 28;
/** Where the first node of a half-ring starts, as a fraction of the spacing (0.5 = centred). */
const PHASES = [0.5, 0.3, 0.7, 0.15, 0.85, 0.4, 0.6] as const;

const collator = new Intl.Collator('da', { sensitivity: 'base', numeric: true });

/** Closeness 1–3; anything else falls back to 2 (the form's default). */
export function ringOf(closeness: number): 1 | 2 | 3 {
	const c = Math.round(Number(closeness));
	return c === 1 || c === 2 || c === 3 ? c : 2;
}

interface Polar {
	/** Angle from straight up, in radians, 0..π (the side decides left or right). */
	a: number;
	r: number;
}

/**
 * Angles and radii for n nodes on one half-ring. Nodes are spread evenly over the half,
 * top to bottom, keeping clear of the vertical divider; with `lanes` = 2 every second
 * node moves slightly in and the others slightly out.
 */
function placeGroup(n: number, radius: number, lanes: 1 | 2, phase = 0.5): Polar[] {
	const innermost = lanes === 1 ? radius : radius - STAGGER;
	// Keep every node at least half a node-distance from the divider line.
	const clear = Math.asin(Math.min(1, MIN_NODE_DISTANCE / 2 / innermost));
	const span = Math.PI - 2 * clear;
	const out: Polar[] = [];
	for (let i = 0; i < n; i++) {
		out.push({
			a: clear + ((i + phase) / n) * span,
			r: lanes === 1 ? radius : radius + (i % 2 === 0 ? -STAGGER : STAGGER)
		});
	}
	return out;
}

const toXY = (p: Polar) => ({ x: p.r * Math.sin(p.a), y: -p.r * Math.cos(p.a) });
const hasSideLabel = (p: Polar) => Math.sin(p.a) >= SIDE_LABEL_MIN_HORIZONTAL;

/**
 * How well a half-ring's nodes keep out of the way of the nodes already placed on inner
 * rings of the same side: side labels run horizontally (so nodes should differ in
 * height), labels above/below run vertically (so they should differ in x). Spokes from
 * the centre are kept off inner nodes by the same measure.
 */
function clearance(group: Polar[], inner: Polar[]): number {
	let min = Infinity;
	for (const p of group) {
		const a = toXY(p);
		for (const q of inner) {
			const b = toXY(q);
			const d = hasSideLabel(p) || hasSideLabel(q) ? Math.abs(a.y - b.y) : Math.abs(a.x - b.x);
			min = Math.min(min, d);
		}
	}
	return min;
}

function minDistance(points: Polar[]): number {
	let min = Infinity;
	const xy = points.map(toXY);
	xy.forEach((a, i) => {
		for (const b of xy.slice(i + 1)) min = Math.min(min, Math.hypot(a.x - b.x, a.y - b.y));
	});
	return min;
}

const fits = (n: number, radius: number, lanes: 1 | 2) =>
	radius - (lanes === 2 ? STAGGER : 0) > MIN_NODE_DISTANCE / 2 &&
	minDistance(placeGroup(n, radius, lanes)) >= MIN_NODE_DISTANCE - 1e-9;

/** Lanes and the smallest radius (≥ `radius`) at which n nodes fit on a half-ring. */
function fitGroup(n: number, radius: number): { lanes: 1 | 2; radius: number } {
	if (n <= 1 || fits(n, radius, 1)) return { lanes: 1, radius };
	if (fits(n, radius, 2)) return { lanes: 2, radius };
	let r = radius;
	while (!fits(n, r, 2)) r += 2;
	return { lanes: 2, radius: r };
}

/**
 * Positions for every contact. Deterministic: the same contacts (in any order) always
 * give the same picture; within a half-ring they are sorted by name (Danish collation).
 */
export function layoutNetwork(
	contacts: readonly NetworkLayoutInput[],
	opts: { size?: number } = {}
): NetworkLayout {
	const baseSize = Math.max(240, opts.size ?? DEFAULT_MAP_SIZE);
	const outer = baseSize / 2 - LABEL_MARGIN;

	// Group by ring and side, each group sorted by name.
	const groups = new Map<string, NetworkLayoutInput[]>();
	for (const c of contacts) {
		const key = `${ringOf(c.closeness)}:${c.kind === 'professionel' ? 'right' : 'left'}`;
		const list = groups.get(key);
		if (list) list.push(c);
		else groups.set(key, [c]);
	}
	for (const list of groups.values()) {
		list.sort(
			(a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
		);
	}
	const count = (ring: number, side: NetworkSide) => groups.get(`${ring}:${side}`)?.length ?? 0;

	// Ring radii: the defaults, pushed outwards when a ring is too crowded. Neighbouring
	// rings stay a node-distance apart, plus room for staggered (crowded) rings.
	const rings: number[] = [];
	const lanes: Record<string, 1 | 2> = {};
	let prevStagger = 0;
	let prevRadius = 0;
	for (const [k, fraction] of RING_FRACTIONS.entries()) {
		const ring = k + 1;
		const floor = (own: number) =>
			k === 0
				? CENTER_RADIUS + MIN_NODE_DISTANCE / 2 + 2 + own
				: prevRadius + MIN_NODE_DISTANCE + prevStagger + own;
		let r = Math.max(outer * fraction, floor(0));
		let staggered = false;
		for (const side of ['left', 'right'] as const) {
			const fit = fitGroup(count(ring, side), r);
			r = Math.max(r, fit.radius);
			staggered ||= fit.lanes === 2;
		}
		if (staggered) r = Math.max(r, floor(STAGGER));
		// Both halves share the ring radius; decide lanes at the final radius.
		prevStagger = 0;
		for (const side of ['left', 'right'] as const) {
			const l = fitGroup(count(ring, side), r).lanes;
			lanes[`${ring}:${side}`] = l;
			if (l === 2) prevStagger = STAGGER;
		}
		rings.push(r);
		prevRadius = r;
	}

	const size = Math.max(baseSize, Math.ceil(2 * (prevRadius + prevStagger + LABEL_MARGIN)));
	const center = { x: size / 2, y: size / 2 };
	const round = (v: number) => Math.round(v * 100) / 100;

	const nodes: NetworkNode[] = [];
	for (const side of ['left', 'right'] as const) {
		const dir = side === 'left' ? -1 : 1;
		const inner: Polar[] = [];
		for (const [k, radius] of rings.entries()) {
			const ring = (k + 1) as 1 | 2 | 3;
			const list = groups.get(`${ring}:${side}`) ?? [];
			const l = lanes[`${ring}:${side}`] ?? 1;
			// Centred unless another phase keeps clearly better out of the inner rings' way.
			let placed = placeGroup(list.length, radius, l);
			let best = clearance(placed, inner);
			if (best < LABEL_CLEARANCE) {
				for (const phase of PHASES.slice(1)) {
					const candidate = placeGroup(list.length, radius, l, phase);
					const score = clearance(candidate, inner);
					if (score > best + 1) {
						placed = candidate;
						best = score;
					}
				}
			}
			placed.forEach((p, i) => {
				const c = list[i];
				if (!c) return;
				const { x, y } = toXY(p);
				nodes.push({
					id: c.id,
					x: round(center.x + dir * x),
					y: round(center.y + y),
					ring,
					side,
					labelAnchor: hasSideLabel(p) ? (side === 'left' ? 'end' : 'start') : 'middle'
				});
			});
			inner.push(...placed);
		}
	}

	const [r1 = 0, r2 = 0, r3 = 0] = rings.map(round);
	return { size, center, rings: [r1, r2, r3], nodes };
}

// --- Labels -------------------------------------------------------------------------

export interface LabelLine {
	text: string;
	/** Font size in viewBox units. */
	size: number;
	bold?: boolean;
}

export interface PlacedLabel {
	id: string;
	/** Anchor point of the text and the baseline of its first line. */
	x: number;
	y: number;
	anchor: 'start' | 'end' | 'middle';
	/** The lines to draw, possibly shortened to fit; empty when no readable place was found. */
	lines: LabelLine[];
	/** Distance between baselines. */
	lineHeight: number;
	/** The estimated area the text covers; null when the label was left out. */
	box: Box | null;
}

export interface Box {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

/** Rough text width; sans-serif glyphs average a little over half the font size. */
export function estimateTextWidth(line: LabelLine): number {
	return line.text.length * line.size * (line.bold ? 0.62 : 0.55);
}

/** Shorten text with an ellipsis to at most `max` characters. */
export function truncateText(text: string, max: number): string {
	const t = text.trim();
	return t.length > max ? `${t.slice(0, Math.max(1, max - 1)).trimEnd()}…` : t;
}

const LINE_HEIGHT = 13;
const LABEL_GAP = NODE_RADIUS + 4;
/** A label is not shortened below this many characters to make it fit. */
const MIN_LABEL_CHARS = 7;

const overlapArea = (a: Box, b: Box) =>
	Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) *
	Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));

/**
 * Places one label per node where it overlaps no other label, node or reserved area
 * (captions, ring names): first beside the node away from the centre (or above/below for
 * nodes near the divider), then a little higher or lower, then above/below, and last on
 * the inner side. Text that would run off the drawing is shortened. When nothing is free,
 * the label goes where it overlaps least, reduced to its first line; if even that
 * overlaps badly the label is left out (the node's tooltip and the list still name it).
 */
export function placeLabels(
	layout: NetworkLayout,
	labels: { id: string; lines: LabelLine[] }[],
	opts: { bounds?: Box; reserved?: Box[] } = {}
): PlacedLabel[] {
	const { center } = layout;
	const bounds = opts.bounds ?? { x1: 0, y1: 0, x2: layout.size, y2: layout.size };
	const pad = 2;
	const obstacles: Box[] = [
		...(opts.reserved ?? []),
		{
			x1: center.x - CENTER_RADIUS - pad,
			y1: center.y - CENTER_RADIUS - pad,
			x2: center.x + CENTER_RADIUS + pad,
			y2: center.y + CENTER_RADIUS + pad
		},
		...layout.nodes.map((n) => ({
			x1: n.x - NODE_RADIUS - pad,
			y1: n.y - NODE_RADIUS - pad - 2, // the consent badge sticks out at the top
			x2: n.x + NODE_RADIUS + pad + 2,
			y2: n.y + NODE_RADIUS + pad
		}))
	];
	const byId = new Map(labels.map((l) => [l.id, l.lines]));

	// Shorten lines to a width; null when that would leave too little to read.
	const fitLines = (lines: LabelLine[], width: number): LabelLine[] | null => {
		const out: LabelLine[] = [];
		for (const line of lines) {
			const perChar = line.size * (line.bold ? 0.62 : 0.55);
			const max = Math.floor(width / perChar);
			if (line.text.length <= max) out.push(line);
			else if (max >= MIN_LABEL_CHARS) out.push({ ...line, text: truncateText(line.text, max) });
			else return null;
		}
		return out;
	};

	const placed: PlacedLabel[] = [];
	for (const node of layout.nodes) {
		const all = byId.get(node.id) ?? [];
		if (all.length === 0) continue;
		const outward = node.side === 'left' ? 'end' : 'start';
		const inward = node.side === 'left' ? 'start' : 'end';
		const up = node.y < center.y;

		type Spot = { anchor: 'start' | 'end' | 'middle'; x: number; y: (n: number) => number };
		const side = (anchor: 'start' | 'end', shift: number): Spot => ({
			anchor,
			x: anchor === 'end' ? node.x - LABEL_GAP : node.x + LABEL_GAP,
			// Centre the block of lines on the node, then shift.
			y: (n) => node.y + 4 - ((n - 1) * LINE_HEIGHT) / 2 + shift
		});
		const above: Spot = {
			anchor: 'middle',
			x: node.x,
			y: (n) => node.y - LABEL_GAP - 1 - (n - 1) * LINE_HEIGHT
		};
		const below: Spot = { anchor: 'middle', x: node.x, y: () => node.y + LABEL_GAP + 9 };
		const [outwards, inwards] = up ? [above, below] : [below, above];
		const besides = [side(outward, 0), side(outward, -9), side(outward, 9)];
		const spots: Spot[] = [
			...(node.labelAnchor === 'middle' ? [outwards, ...besides] : [...besides, outwards]),
			inwards,
			side(inward, 0)
		];

		let best: { label: PlacedLabel; box: Box; cost: number } | null = null;
		for (const lines of [all, all.slice(0, 1)]) {
			for (const spot of spots) {
				const room =
					spot.anchor === 'end'
						? spot.x - bounds.x1
						: spot.anchor === 'start'
							? bounds.x2 - spot.x
							: 2 * Math.min(spot.x - bounds.x1, bounds.x2 - spot.x);
				const fitted = fitLines(lines, room - pad);
				if (!fitted) continue;
				const width = Math.max(...fitted.map(estimateTextWidth));
				const y = spot.y(fitted.length);
				const x1 =
					spot.anchor === 'end'
						? spot.x - width
						: spot.anchor === 'start'
							? spot.x
							: spot.x - width / 2;
				const box = {
					x1,
					y1: y - (fitted[0]?.size ?? 12) * 0.8,
					x2: x1 + width,
					y2: y + (fitted.length - 1) * LINE_HEIGHT + 3
				};
				if (box.y1 < bounds.y1 || box.y2 > bounds.y2) continue;
				const cost = obstacles.reduce((sum, o) => sum + overlapArea(box, o), 0);
				const label = {
					id: node.id,
					x: spot.x,
					y,
					anchor: spot.anchor,
					lines: fitted,
					lineHeight: LINE_HEIGHT,
					box
				};
				// Fewer lines only when it is the only way to get a free spot.
				const penalty = lines.length < all.length ? 1e-3 : 0;
				if (!best || cost + penalty < best.cost) best = { label, box, cost: cost + penalty };
				if (cost === 0) break;
			}
			if (best && best.cost < 1) break;
		}

		const area = best ? (best.box.x2 - best.box.x1) * (best.box.y2 - best.box.y1) : 0;
		if (best && best.cost <= area * 0.15) {
			placed.push(best.label);
			obstacles.push(best.box);
		} else {
			placed.push({
				id: node.id,
				x: node.x,
				y: node.y,
				anchor: 'middle',
				lines: [],
				lineHeight: LINE_HEIGHT,
				box: null
			});
		}
	}
	return placed;
}
