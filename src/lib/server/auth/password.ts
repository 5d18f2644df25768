import { hash, verify } from '@node-rs/argon2';
import { z } from '$lib/zod';
import { t } from '$lib/i18n/da';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const passwordSchema = z.string().min(10, t.password.tooShort).max(200, t.password.tooLong);

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// A fixed hash to verify against when the e-mail is unknown, so that response time
// does not reveal which e-mails have accounts.
let dummy: Promise<string> | undefined;
export async function verifyDummy(password: string): Promise<void> {
	dummy ??= hashPassword('not-a-real-password-for-timing');
	await verifyPassword(await dummy, password);
}
