import { build, needsBuild } from '../scripts/build-if-needed';

/** Builds the server once for all HTTP and browser tests (skipped when the build is current). */
export default function setup(): void {
  if (needsBuild() && !build()) throw new Error('astro build failed');
}
