import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '$lib/server/trpc/router';

/**
 * What each procedure takes and returns, for browser code. Types only: the router's
 * module never reaches the browser bundle, and components need not import `$lib/server`.
 */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
