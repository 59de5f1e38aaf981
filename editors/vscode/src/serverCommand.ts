// How the extension finds the dockerls server. Pure: the file system and the
// environment come in through `ResolveContext`, so every case is unit-tested.

import * as path from 'path';
import { ExpandContext, expandPath, expandVariables, hasSeparator } from './expand';

export interface ServerCommandSettings {
  /** `dockerls.path`: program followed by arguments. */
  path?: unknown;
  /** `dockerls.interpreter`: a Python interpreter with dockerls installed. */
  interpreter?: unknown;
}

export interface ResolveContext extends ExpandContext {
  platform: NodeJS.Platform;
  /** True when `file` exists, is a regular file and may be executed. */
  isExecutable(file: string): boolean;
}

export type ServerSource = 'dockerls.path' | 'dockerls.interpreter' | 'PATH';

export interface ServerCommand {
  ok: true;
  command: string;
  args: string[];
  source: ServerSource;
}

export interface ServerNotFound {
  ok: false;
  source: ServerSource;
  /** What went wrong, in one sentence. */
  message: string;
  /** What the user can do about it. */
  fix: string;
}

export type Resolution = ServerCommand | ServerNotFound;

export const SERVER_NAME = 'dockerls';
export const SERVE_ARGS = ['serve'];

const INSTALL_HINT =
  'Install dockerls into a Python environment (`pip install dockerls-mounts`), then set ' +
  '`dockerls.interpreter` to that environment\'s python, or `dockerls.path` to ' +
  '`["<venv>/bin/dockerls", "serve"]`.';

/** Normalizes `dockerls.path`: accepts an array (or, leniently, a single string). */
export function pathSetting(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.trim() === '' ? [] : [value];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((v): v is string => typeof v === 'string');
}

/**
 * Resolves the server command: `dockerls.path`, else `dockerls.interpreter`
 * (`<python> -m dockerls serve`), else `dockerls serve` with `dockerls` found
 * on PATH.
 */
export function resolveServerCommand(settings: ServerCommandSettings, ctx: ResolveContext): Resolution {
  const argv = pathSetting(settings.path);
  if (argv.length > 0 && argv[0].trim() !== '') {
    const [program, ...rest] = argv;
    const args = rest.map((a) => expandVariables(a, ctx));
    const found = locate(program, ctx);
    if (found === undefined) {
      return {
        ok: false,
        source: 'dockerls.path',
        message: `The server command from \`dockerls.path\` was not found: ${describe(program, ctx)}.`,
        fix: 'Point `dockerls.path` at the `dockerls` executable (for example `["<venv>/bin/dockerls", "serve"]`), or clear it to use `dockerls.interpreter` or PATH.',
      };
    }
    return { ok: true, source: 'dockerls.path', command: found, args: args.length > 0 ? args : [...SERVE_ARGS] };
  }

  const interpreter = typeof settings.interpreter === 'string' ? settings.interpreter.trim() : '';
  if (interpreter !== '') {
    const found = locate(interpreter, ctx);
    if (found === undefined) {
      return {
        ok: false,
        source: 'dockerls.interpreter',
        message: `The Python interpreter from \`dockerls.interpreter\` was not found: ${describe(interpreter, ctx)}.`,
        fix: 'Set `dockerls.interpreter` to the python of an environment where dockerls is installed (for example `<venv>/bin/python`), or clear it.',
      };
    }
    // -I: the workspace folder is the working directory, and without isolation a
    // `dockerls/` (or `pygls.py`) in the opened repository would be imported instead.
    return { ok: true, source: 'dockerls.interpreter', command: found, args: ['-I', '-m', SERVER_NAME, ...SERVE_ARGS] };
  }

  const onPath = which(SERVER_NAME, ctx);
  if (onPath === undefined) {
    return {
      ok: false,
      source: 'PATH',
      message: 'The dockerls server was not found: `dockerls.path` and `dockerls.interpreter` are not set and there is no `dockerls` on PATH.',
      fix: INSTALL_HINT,
    };
  }
  return { ok: true, source: 'PATH', command: onPath, args: [...SERVE_ARGS] };
}

function pathApi(ctx: ResolveContext): path.PlatformPath {
  return ctx.pathApi ?? (ctx.platform === 'win32' ? path.win32 : path.posix);
}

/** A program given with a directory part is checked as a file; a bare name is looked up on PATH. */
function locate(program: string, ctx: ResolveContext): string | undefined {
  const p = pathApi(ctx);
  const expanded = expandPath(program, { ...ctx, pathApi: p });
  if (expanded === '') {
    return undefined;
  }
  if (p.isAbsolute(expanded) || hasSeparator(expanded, p)) {
    return candidates(expanded, ctx).find((c) => ctx.isExecutable(c));
  }
  return which(expanded, ctx);
}

function describe(program: string, ctx: ResolveContext): string {
  const p = pathApi(ctx);
  const expanded = expandPath(program, { ...ctx, pathApi: p });
  if (p.isAbsolute(expanded) || hasSeparator(expanded, p)) {
    return `\`${expanded}\` does not exist or is not executable`;
  }
  return `there is no \`${expanded}\` on PATH`;
}

/** On Windows a name may omit its extension (`dockerls` for `dockerls.exe`). */
function candidates(file: string, ctx: ResolveContext): string[] {
  if (ctx.platform !== 'win32') {
    return [file];
  }
  const exts = (ctx.env?.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
  if (exts.some((e) => file.toLowerCase().endsWith(e.toLowerCase()))) {
    return [file];
  }
  return [...exts.map((e) => file + e), file];
}

/** Looks `name` up in the PATH of `ctx.env`, like a shell would. */
export function which(name: string, ctx: ResolveContext): string | undefined {
  const p = pathApi(ctx);
  const env = ctx.env ?? {};
  const pathVar = env.PATH ?? env.Path ?? '';
  const delimiter = ctx.platform === 'win32' ? ';' : ':';
  for (const dir of pathVar.split(delimiter)) {
    if (dir === '') {
      continue;
    }
    for (const c of candidates(p.join(dir, name), ctx)) {
      if (ctx.isExecutable(c)) {
        return c;
      }
    }
  }
  return undefined;
}

/** The command line as a user would type it, for messages and logs. */
export function commandLine(cmd: { command: string; args: string[] }): string {
  return [cmd.command, ...cmd.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
