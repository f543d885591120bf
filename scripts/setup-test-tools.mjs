#!/usr/bin/env node
// Installs the Debian packages the core tests compare Stackline with (git-absorb), with apt-get when
// root, as scripts/setup-vscode.mjs does for the VS Code tests; otherwise says what to run. Runs at the
// start of `npm run test:core`; a no-op when everything is there.
import { gitCommandDirs, installDebianPackages, missingTestTools, SetupError } from './setup-vscode.mjs';

const log = (message) => console.log(`[setup-test-tools] ${message}`);
try {
  const missing = missingTestTools(gitCommandDirs());
  if (missing.length > 0) {
    installDebianPackages(missing, log);
    const still = missingTestTools(gitCommandDirs());
    if (still.length > 0) throw new SetupError(`${still.join(', ')} still missing after apt-get install`);
  }
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`[setup-test-tools] error: ${error.message}`);
  process.exit(1);
}
