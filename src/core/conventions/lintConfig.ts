// What the linter needs from a repository's commitlint config, once loaded and resolved
// (commitlintConfig.ts builds it; lint.ts and the rule views read it).
import type { PluginRecords, QualifiedRules, UserPromptConfig } from '@commitlint/types' with {
  'resolution-mode': 'import',
};
import type { ConfigFile } from './configFile';

export interface LintConfig {
  /** The config file, or undefined when the default rules apply. */
  file?: ConfigFile;
  /** Where the rules come from, for messages: "commitlint.config.mjs" or the default's name. */
  label: string;
  rules: QualifiedRules;
  parserOpts: Record<string, unknown>;
  ignores: ((message: string) => boolean)[];
  defaultIgnores: boolean;
  plugins: PluginRecords;
  helpUrl: string;
  prompt: UserPromptConfig;
}
