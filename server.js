// Production entry: one HTTP server for SvelteKit (adapter-node's handler) and,
// from the realtime work on, socket.io on the same port.
import { createServer } from 'node:http';
import { attachRealtime } from './src/lib/server/realtime/bootstrap.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

// adapter-node assumes https when it cannot tell the origin, which breaks sign-in
// (CSRF origin check) on a plain local run. Behind a proxy, set ORIGIN or
// PROTOCOL_HEADER/HOST_HEADER; otherwise we serve http://localhost:PORT.
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) {
	process.env.ORIGIN = `http://localhost:${port}`;
}

// Import files arrive base64-encoded in a tRPC body: allow up to 2 MB files.
process.env.BODY_SIZE_LIMIT ??= '4M';

// Imported after the environment is settled: the handler reads it at load time, and
// loading it runs the server `init` hook (migrations, demo seed).
const server = createServer();
// socket.io first (it refuses connections until the init hook registers handlers),
// then the SvelteKit handler for everything else.
const io = await attachRealtime(server);
const { handler } = await import('./build/handler.js');
server.on('request', handler);

server.listen(port, host, () => {
	console.log(`\nTavla kører på ${process.env.ORIGIN ?? `http://localhost:${port}`}`);
	if (process.env.TAVLA_DEMO === '1') {
		console.log('Log ind med en af demo-brugerne ovenfor. Stop med Ctrl+C.');
	}
	console.log('');
});

function shutdown(signal) {
	console.log(`${signal}: lukker ned`);
	// Tell live clients to reconnect (to another instance), then finish open requests.
	io.close();
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
