// The files `stackline hooks install` writes into a repository. They are committed, so every clone
// has them: a launcher that finds Node, the hook scripts that call it, and hook.js, the single
// bundled file with the checks (no npx, no node_modules needed).

/** Folder (relative to the repository root) that holds Stackline's committed hook files. */
export const STACKLINE_DIR = '.stackline';
export const HOOKS_DIR = `${STACKLINE_DIR}/hooks`;
export const LAUNCHER = `${STACKLINE_DIR}/run-hook.sh`;
export const BUNDLE = `${STACKLINE_DIR}/hook.js`;

export type HookName = 'commit-msg' | 'pre-push';

/** Where the launcher hands NODE_EXTRA_CA_CERTS to the hook, which puts it back (src/cli/hook/extraCerts.ts). */
export const DEFERRED_CERTS_VAR = 'STACKLINE_EXTRA_CA_CERTS';

/** The launcher's answer from git for the commit-msg hook: core.commentChar (src/cli/hook/commitMsg.ts). */
export const COMMENT_CHAR_VAR = 'STACKLINE_COMMENT_CHAR';

/** Marks the lines Stackline adds to another tool's hook file, so they can be found and removed. */
export const MARKER = '# stackline:';

/**
 * Finds Node the way a GUI git client's environment allows: PATH first; VS Code's own runtime
 * (VSCODE_GIT_ASKPASS_NODE, set for git commands VS Code runs; Electron acts as Node with
 * ELECTRON_RUN_AS_NODE=1); then nvm's newest version, Volta, Homebrew and /usr/local. It runs on
 * every commit, so it starts no process but git and Node (no dirname). Node starts without
 * NODE_EXTRA_CA_CERTS, handed over as STACKLINE_EXTRA_CA_CERTS (src/cli/hook/extraCerts.ts says
 * why), unless a JavaScript config is there: that code would make the hook restart with it. For
 * commit-msg it asks git for core.commentChar itself: cheaper from here than loading Node's
 * child_process to ask.
 */
export function launcherScript(): string {
  return `#!/bin/sh
# Stackline hook launcher, written by \`stackline hooks install\`. It finds Node (GUI git clients
# often run hooks without it on PATH) and runs the bundled checks in hook.js. Commit this folder.
dir=\${0%/*}
[ "$dir" = "$0" ] && dir=.
hook=$1
node=""
saved_ifs=$IFS
IFS=:
for folder in $PATH; do
  if [ -f "\${folder:-.}/node" ] && [ -x "\${folder:-.}/node" ]; then
    node=\${folder:-.}/node
    break
  fi
done
IFS=$saved_ifs
if [ -n "$node" ]; then
  :
elif [ -n "$VSCODE_GIT_ASKPASS_NODE" ] && [ -x "$VSCODE_GIT_ASKPASS_NODE" ]; then
  node=$VSCODE_GIT_ASKPASS_NODE
  ELECTRON_RUN_AS_NODE=1
  export ELECTRON_RUN_AS_NODE
else
  best=0
  for candidate in "\${NVM_DIR:-$HOME/.nvm}"/versions/node/v*/bin/node; do
    [ -x "$candidate" ] || continue
    version=\${candidate%/bin/node}
    version=\${version##*/v}
    major=\${version%%.*}
    if [ "$major" -gt "$best" ] 2>/dev/null; then
      node=$candidate
      best=$major
    fi
  done
  if [ -z "$node" ]; then
    for candidate in "$HOME/.volta/bin/node" /opt/homebrew/bin/node /usr/local/bin/node; do
      if [ -x "$candidate" ]; then
        node=$candidate
        break
      fi
    done
  fi
fi
if [ -z "$node" ]; then
  echo "stackline: Node.js not found (looked on PATH, in VSCODE_GIT_ASKPASS_NODE, nvm, Volta, /opt/homebrew and /usr/local), so the $hook check did not run. Install Node.js or put it on PATH." >&2
  exit 0
fi
if [ ! -f "$dir/hook.js" ]; then
  echo "stackline: $dir/hook.js is missing, so the $hook check did not run. Run stackline hooks install." >&2
  exit 0
fi
if [ -n "\${NODE_EXTRA_CA_CERTS:-}" ]; then
  code=""
  for config in .commitlintrc.js .commitlintrc.cjs .commitlintrc.mjs commitlint.config.js commitlint.config.cjs commitlint.config.mjs; do
    [ -f "$config" ] && code=1
  done
  if [ -z "$code" ]; then
    ${DEFERRED_CERTS_VAR}=$NODE_EXTRA_CA_CERTS
    export ${DEFERRED_CERTS_VAR}
    unset NODE_EXTRA_CA_CERTS
  fi
fi
if [ "$hook" = commit-msg ]; then
  ${COMMENT_CHAR_VAR}=$(git config --default '#' --get core.commentChar 2>/dev/null)
  export ${COMMENT_CHAR_VAR}
fi
exec "$node" "$dir/hook.js" "$@"
`;
}

/** A hook in Stackline's own hooks folder (used when core.hooksPath points there). */
export function hookScript(hook: HookName): string {
  const skip = hook === 'commit-msg' ? 'git commit --no-verify' : 'git push --no-verify';
  return `#!/bin/sh
# Stackline ${hook} hook, written by \`stackline hooks install\`. Skip it once with ${skip}.
dir=\${0%/*}
[ "$dir" = "$0" ] && dir=.
exec sh "$dir/../run-hook.sh" ${hook} "$@"
`;
}

/**
 * The lines added to a hook file of husky or of a hooks folder the repository already uses. They go
 * near the top (an earlier `exit` would skip them) and stop the hook when the check fails, with or
 * without `sh -e`.
 */
export function hookBlock(hook: HookName): string {
  return `${MARKER} ${hook} check (stackline hooks install)\nsh ${LAUNCHER} ${hook} "$@" || exit $?\n`;
}

/** The lefthook command that runs a check ({1}, {2}: the hook's arguments). */
export function lefthookCommand(hook: HookName): { run: string; useStdin: boolean } {
  return hook === 'commit-msg'
    ? { run: `sh ${LAUNCHER} commit-msg {1}`, useStdin: false }
    : { run: `sh ${LAUNCHER} pre-push {1} {2}`, useStdin: true };
}

export const GITATTRIBUTES = `# hook.js is generated by stackline hooks install.\nhook.js linguist-generated=true -diff\n`;
