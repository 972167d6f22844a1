import { assertNodeVersion } from '../../src/node-version.ts';

assertNodeVersion();
