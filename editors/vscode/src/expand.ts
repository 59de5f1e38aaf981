// Expansion of the few variables that dockerls settings may contain.
// Pure: no `vscode` import, so the unit tests run under plain Node.

import * as path from 'path';

export interface ExpandContext {
  /** File-system path of the workspace folder the setting applies to, if any. */
  workspaceFolder?: string;
  /** The user's home directory. */
  home?: string;
  /** Environment used for `${env:NAME}`. */
  env?: Record<string, string | undefined>;
  /** `path.posix` or `path.win32`; defaults to the running platform's. */
  pathApi?: path.PlatformPath;
}

/**
 * Expands `${workspaceFolder}`, `${workspaceFolderBasename}`, `${userHome}`,
 * `${env:NAME}` and a leading `~`. A variable that has no value is left as
 * written, so that the error message a user finally sees still shows it.
 */
export function expandVariables(value: string, ctx: ExpandContext): string {
  const p = ctx.pathApi ?? path;
  let out = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === 'workspaceFolder' && ctx.workspaceFolder !== undefined) {
      return ctx.workspaceFolder;
    }
    if (name === 'workspaceFolderBasename' && ctx.workspaceFolder !== undefined) {
      return p.basename(ctx.workspaceFolder);
    }
    if (name === 'userHome' && ctx.home !== undefined) {
      return ctx.home;
    }
    if (name.startsWith('env:')) {
      const v = ctx.env?.[name.slice(4)];
      return v ?? '';
    }
    return whole;
  });
  if (ctx.home !== undefined && (out === '~' || out.startsWith('~/') || out.startsWith('~\\'))) {
    out = ctx.home + out.slice(1);
  }
  return out;
}

/**
 * Expands variables, then makes a relative path (one containing a separator,
 * like `.venv/bin/python`) absolute against the workspace folder. A bare
 * name (`python3`) is returned unchanged: it is looked up on PATH.
 */
export function expandPath(value: string, ctx: ExpandContext): string {
  const p = ctx.pathApi ?? path;
  const expanded = expandVariables(value.trim(), ctx);
  if (expanded === '' || p.isAbsolute(expanded) || !hasSeparator(expanded, p)) {
    return expanded;
  }
  if (ctx.workspaceFolder === undefined) {
    return expanded;
  }
  return p.resolve(ctx.workspaceFolder, expanded);
}

export function hasSeparator(value: string, p: path.PlatformPath = path): boolean {
  return value.includes('/') || (p.sep === '\\' && value.includes('\\'));
}
