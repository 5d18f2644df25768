/**
 * Reference servers for `npm run bench:realtime`, run as a child process of the bench so
 * that, like Tavla, they have a process (and a core) of their own and do not share the
 * event loop with the benchmark clients.
 *
 *   node --import tsx bench/lib/realtime-peers.ts bare        socket.io broadcast, nothing else
 *   node --import tsx bench/lib/realtime-peers.ts hocuspocus  @hocuspocus/server, in memory
 *
 * Listens on a free port on 127.0.0.1 and prints one line `READY <port>` when it accepts
 * connections. Stops on SIGTERM/SIGINT or when stdin closes (the bench died).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { Server as HocuspocusServer } from '@hocuspocus/server';

/** The floor: the same transport as Tavla (socket.io over WebSocket), no auth, no database. */
export async function startBare(): Promise<{ port: number; close: () => Promise<void> }> {
	const http = createServer();
	const io = new SocketServer(http, { serveClient: false, maxHttpBufferSize: 1_000_000 });
	io.on('connection', (socket) => {
		socket.on('join', (room: string, ack?: (r: unknown) => void) => {
			void socket.join(room);
			ack?.({ ok: true });
		});
		// Relay to everybody else in the room, then acknowledge: what a server without
		// persistence does for an edit.
		socket.on('edit', (msg: { room: string }, ack?: (r: unknown) => void) => {
			socket.to(msg.room).emit('edit', msg);
			ack?.({ ok: true });
		});
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	return {
		port: (http.address() as AddressInfo).port,
		close: () => new Promise<void>((resolve) => io.close(() => resolve()))
	};
}

/** The peer: the reference Yjs server with no extensions (documents live in memory only). */
export async function startHocuspocus(): Promise<{ port: number; close: () => Promise<void> }> {
	const server = new HocuspocusServer({
		port: 0,
		address: '127.0.0.1',
		quiet: true,
		stopOnSignals: false
	});
	await server.listen();
	return { port: server.address.port, close: () => server.destroy() };
}

const kind = process.argv[2];
if (kind === 'bare' || kind === 'hocuspocus') {
	const peer = kind === 'bare' ? await startBare() : await startHocuspocus();
	let closing = false;
	const stop = () => {
		if (closing) return;
		closing = true;
		void peer.close().finally(() => process.exit(0));
		setTimeout(() => process.exit(0), 2_000).unref();
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	process.stdin.on('end', stop);
	process.stdin.resume();
	process.stdout.write(`READY ${peer.port}\n`);
}
