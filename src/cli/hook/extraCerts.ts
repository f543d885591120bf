// NODE_EXTRA_CA_CERTS makes Node read that certificate file and build its TLS root store while it
// starts, before any of the hook runs (about 35 ms per commit measured here), for connections the
// hook never makes. So the launcher (run-hook.sh) starts Node without it and hands the value over
// in STACKLINE_EXTRA_CA_CERTS. It goes back into the environment at once, so every process the hook
// starts gets it, and before repository code loads (a JavaScript config may connect somewhere) the
// hook restarts in a Node that starts with it: that code runs exactly as it would have.
import { DEFERRED_CERTS_VAR } from '../../core/conventions/hooks/scripts';

/** Puts NODE_EXTRA_CA_CERTS back; true when the launcher had moved it (this Node started without it). */
export function restoreExtraCerts(): boolean {
  const value = process.env[DEFERRED_CERTS_VAR];
  if (value === undefined) return false;
  delete process.env[DEFERRED_CERTS_VAR];
  process.env.NODE_EXTRA_CA_CERTS = value;
  return true;
}

/** Runs this hook again in a Node that starts with the certificates, and exits as it does. */
export function restartWithExtraCerts(): never {
  // Loaded here, not up front: most runs never restart, and child_process is a good part of Node to load.
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const result = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
