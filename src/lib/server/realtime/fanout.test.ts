import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Server, Socket } from 'socket.io';
import { fanOut, registerRelay } from './fanout';

const BORGER = 'borger:3f1c2a9e-7b7d-4d0e-9a51-2b0c8f6f0a11';
const TEAM = 'team:6a0f8d2c-1e4b-4c55-8f3a-9d2e7c1b5a40';
const NOTE = 'note:3f1c2a9e-7b7d-4d0e-9a51-2b0c8f6f0a11:netvaerk';

/** Just enough of socket.io's Server for the fan-out: local emits, relays, the peer count. */
function fakeIo(opts: { clustered: boolean; servers?: number | Error }) {
	const local: { rooms: string[]; except: string | null; event: string; payload: unknown }[] = [];
	const relayed: unknown[] = [];
	const handlers = new Map<string, (raw: unknown) => void>();
	const target = (rooms: string[], except: string | null = null) => ({
		except: (id: string) => target(rooms, id),
		emit: (event: string, payload: unknown) => local.push({ rooms, except, event, payload })
	});
	const adapter = opts.clustered
		? {
				doPublish: () => {},
				serverCount: async () => {
					if (opts.servers instanceof Error) throw opts.servers;
					return opts.servers ?? 1;
				}
			}
		: { serverCount: async () => 1 };
	const io = {
		local: { to: (rooms: string | string[]) => target([rooms].flat()) },
		of: () => ({ adapter }),
		serverSideEmit: (event: string, message: unknown) => relayed.push({ event, message }),
		on: (event: string, h: (raw: unknown) => void) => handlers.set(event, h)
	};
	return { io: io as unknown as Server, local, relayed, handlers };
}

const sender = { id: 'sock-1' } as Socket;
const note = { borgerId: 'b', section: 'netvaerk', update: 'AQID' };
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

describe('fanOut', () => {
	it('delivers locally, except to the sender, and publishes nothing without a cluster adapter', async () => {
		const f = fakeIo({ clustered: false });
		fanOut(f.io, sender, [NOTE], 'note', note);
		await tick();
		expect(f.local).toEqual([{ rooms: [NOTE], except: 'sock-1', event: 'note', payload: note }]);
		expect(f.relayed).toEqual([]);
	});

	it('sends one message to a socket in two rooms (one emit to both rooms)', async () => {
		const f = fakeIo({ clustered: false });
		fanOut(f.io, null, [BORGER, TEAM], 'live', { type: 'borger.changed' });
		expect(f.local).toHaveLength(1);
		expect(f.local[0]!.rooms).toEqual([BORGER, TEAM]);
	});

	it('relays while no other instance is known only during the startup window', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
		const f = fakeIo({ clustered: true, servers: 1 });
		registerRelay(f.io);
		fanOut(f.io, sender, [NOTE], 'note', note);
		await tick();
		expect(f.relayed).toHaveLength(1); // just started: its peers may not have answered yet

		vi.setSystemTime(new Date('2026-11-23T10:00:30Z'));
		fanOut(f.io, sender, [NOTE], 'note', note);
		await tick();
		expect(f.relayed).toHaveLength(1); // alone: no pg_notify per keystroke
		expect(f.local).toHaveLength(2); // local delivery never waits for the cluster
	});

	it('relays, in order, when another instance has sent a heartbeat', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
		const f = fakeIo({ clustered: true, servers: 2 });
		registerRelay(f.io);
		vi.setSystemTime(new Date('2026-11-23T10:05:00Z'));
		fanOut(f.io, sender, [NOTE], 'note', { ...note, update: 'AQ==' });
		fanOut(f.io, null, [BORGER, TEAM], 'live', { type: 'borger.changed' });
		await tick();
		expect(f.relayed).toEqual([
			{
				event: 'tavla:relay',
				message: { rooms: [NOTE], event: 'note', payload: { ...note, update: 'AQ==' } }
			},
			{
				event: 'tavla:relay',
				message: { rooms: [BORGER, TEAM], event: 'live', payload: { type: 'borger.changed' } }
			}
		]);
	});

	it('relays when the peer count fails, rather than dropping the message', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
		const f = fakeIo({ clustered: true, servers: new Error('adapter gone') });
		registerRelay(f.io);
		vi.setSystemTime(new Date('2026-11-23T10:05:00Z'));
		fanOut(f.io, sender, [NOTE], 'note', note);
		await tick();
		expect(f.relayed).toHaveLength(1);
	});
});

describe('registerRelay', () => {
	it('delivers a relayed message to the local sockets of its rooms', () => {
		const f = fakeIo({ clustered: true });
		registerRelay(f.io);
		f.handlers.get('tavla:relay')!({
			rooms: [BORGER, TEAM],
			event: 'live',
			payload: { type: 'x' }
		});
		expect(f.local).toEqual([
			{ rooms: [BORGER, TEAM], except: null, event: 'live', payload: { type: 'x' } }
		]);
	});

	it('delivers a relayed keystroke to the note room only', () => {
		const f = fakeIo({ clustered: true });
		registerRelay(f.io);
		f.handlers.get('tavla:relay')!({ rooms: [NOTE], event: 'note', payload: note });
		expect(f.local).toEqual([{ rooms: [NOTE], except: null, event: 'note', payload: note }]);
	});

	it('ignores malformed relays: bad rooms, a text event to a team room, no payload type', () => {
		const f = fakeIo({ clustered: true });
		registerRelay(f.io);
		const relay = f.handlers.get('tavla:relay')!;
		relay({ rooms: ['lobby'], event: 'live', payload: { type: 'x' } });
		relay({ rooms: [TEAM], event: 'note', payload: note });
		// Keystrokes never go to the whole record's room: only to those who synced the note.
		relay({ rooms: [BORGER], event: 'note', payload: note });
		relay({ rooms: [BORGER], event: 'awareness', payload: note });
		relay({ rooms: [BORGER], event: 'live', payload: {} });
		relay({ rooms: [BORGER, TEAM, BORGER], event: 'live', payload: { type: 'x' } });
		relay('junk');
		expect(f.local).toEqual([]);
	});
});
