// What dist/hook.js runs, once its loader (src/cli/hook.ts) has compiled it, from V8's code cache
// when it can:
//   hook.js commit-msg <message file>   check the message; print each broken rule and exit 1
//   hook.js pre-push <remote> <url>     size check of the pushed stacks (refs on stdin), per the settings
// git runs hooks in the work tree's top folder, so that is the repository root here. A message
// with a problem never gets past this without a clear line saying which rule and how to skip.
import { setModuleImporter, type ModuleImporter } from '../../core/conventions/configFile';
import { ConventionsError } from '../../core/conventions/errors';
import { addGitCallLog, formatGitCall } from '../../core/git/callLog';
import { commitMsg } from './commitMsg';
import { exit, print } from './output';

async function main(argv: string[]): Promise<number> {
  const [hook, ...args] = argv;
  const root = process.cwd();
  if (hook === 'commit-msg') return commitMsg(root, args[0]);
  if (hook === 'pre-push') return (await import('./prePush.js')).prePush(root);
  throw new ConventionsError(
    'hooks',
    `hook.js does not know the hook ${hook ?? '(none)'}; run stackline hooks install again.`,
  );
}

/**
 * Runs the hook named in argv and exits with its verdict. `importModule` loads repository code
 * (JavaScript configs, plugins): code compiled through the vm module cannot use import() itself.
 */
export function runHook(argv: string[], importModule: ModuleImporter): void {
  setModuleImporter(importModule);
  if (process.env.STACKLINE_DEBUG) addGitCallLog((call) => print([formatGitCall(call)]));
  main(argv).then(exit, (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    print([`stackline: ${message}`, 'Fix that, or skip the check once with --no-verify.']);
    exit(1);
  });
}
