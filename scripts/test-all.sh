#!/usr/bin/env bash
# Everything a change must pass: lint, type check, build, and all vitest projects (unit,
# integration on PGlite, integration on PostgreSQL when DATABASE_URL is set, and against the
# built server: e2e, realtime (which also runs on Redis: REDIS_URL or 127.0.0.1:6379), ops).
# Run it with `npm run test:all`. The last line is a summary:
# `N passed, M failed[, K skipped][, F file(s) failed outside a test]`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() {
	echo
	echo "==> $*"
}

# Runs a command as root: directly when we are root, otherwise through sudo if present.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		"$@"
	fi
}

step "1/6 Chromium for the end-to-end tests"
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then
	echo "using CHROMIUM_PATH=${CHROMIUM_PATH}"
elif [ -x /usr/bin/chromium ]; then
	echo "using /usr/bin/chromium"
else
	echo "/usr/bin/chromium is missing: installing it with apt-get"
	as_root apt-get update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

step "2/6 Lint (prettier + eslint)"
npm run lint

step "3/6 Type check (svelte-check)"
npm run check

step "4/6 Build"
npm run build

step "5/6 Tests (vitest, all projects)"
if [ -n "${DATABASE_URL:-}" ]; then
	# Never print a password that may be part of the URL.
	shown_url=$(printf '%s' "${DATABASE_URL}" | sed -E 's#^([a-z]+://[^:/@]+):[^@]*@#\1:***@#')
	echo "databases: PGlite (embedded) and PostgreSQL (${shown_url})"
else
	echo "databases: PGlite (embedded) only; set DATABASE_URL to also test on PostgreSQL"
fi
echo "(the e2e tests always use a fresh embedded PGlite database)"
echo "redis for the realtime tests: ${REDIS_URL:-redis://127.0.0.1:6379}"

mkdir -p test-results
rm -f test-results/vitest.json
set +e
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
vitest_status=$?
set -e

step "6/6 Summary"
if [ ! -s test-results/vitest.json ]; then
	echo "vitest wrote no results to test-results/vitest.json (exit code ${vitest_status})" >&2
	if [ "${vitest_status}" -eq 0 ]; then vitest_status=1; fi
	exit "${vitest_status}"
fi
if [ "${vitest_status}" -ne 0 ]; then
	echo "vitest exited with code ${vitest_status}; see the output above"
fi
node -e '
const r = JSON.parse(require("node:fs").readFileSync("test-results/vitest.json", "utf8"));
const skipped = r.numPendingTests ?? 0;
// A file whose hook (e.g. beforeAll) or import fails reports its tests as skipped, not failed.
const broken = r.testResults.filter(
	(f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")
).length;
console.log(
	`${r.numPassedTests} passed, ${r.numFailedTests} failed` +
		(skipped > 0 ? `, ${skipped} skipped` : "") +
		(broken > 0 ? `, ${broken} file${broken === 1 ? "" : "s"} failed outside a test` : "")
);
'
exit "${vitest_status}"
