// Where an operation runs for a repository open in VS Code: its git runner, its location, the
// stackline.trunk setting, and a lock wait long enough for a CLI command running beside it.
import * as vscode from 'vscode';
import type { RepoSession } from '../../core/operations/session';
import type { Repository } from '../repository';

export function repoSession(repo: Repository): RepoSession {
  return {
    git: repo.git,
    repo: repo.location,
    trunk: vscode.workspace.getConfiguration('stackline', vscode.Uri.file(repo.root)).get<string>('trunk') || undefined,
    lockWaitMs: 30_000,
  };
}
