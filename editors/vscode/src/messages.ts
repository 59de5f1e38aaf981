// Error messages for a server that could not be started. Pure: no `vscode` import.

import { ServerSource } from './serverCommand';

export interface EarlyExit {
  source: ServerSource;
  /** The command line that was run. */
  commandLine: string;
  code: number | null;
  signal: string | null;
  /** What the server wrote to stderr (the end of it is enough). */
  stderr: string;
  /** Set when the process could not be started at all (spawn error). */
  spawnError?: string;
}

export interface Explanation {
  message: string;
  fix: string;
}

/** The last non-empty line of `text`, shortened to `max` characters. */
export function lastLine(text: string, max = 300): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const line = lines.length > 0 ? lines[lines.length - 1] : '';
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

/** Explains why the server did not come up, and what to do about it. */
export function explainEarlyExit(exit: EarlyExit): Explanation {
  const setting = exit.source === 'PATH' ? 'the `dockerls` found on PATH' : `\`${exit.source}\``;
  if (exit.spawnError !== undefined) {
    return {
      message: `The dockerls server could not be started (${exit.spawnError}): \`${exit.commandLine}\`.`,
      fix: `Check ${setting}; it must name an executable that this window can run.`,
    };
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
  const tail = lastLine(exit.stderr);
  const said = tail !== '' ? ` It said: "${tail}".` : '';
  const message = `The dockerls server ${how} right after starting (\`${exit.commandLine}\`).${said}`;
  if (/No module named '?dockerls/.test(exit.stderr)) {
    return {
      message,
      fix: 'dockerls is not installed in that Python environment: install it there (`<python> -m pip install dockerls-mounts`), or set `dockerls.interpreter` to a python that has it.',
    };
  }
  if (/invalid choice: '?serve|unrecognized arguments|No such command|usage:/i.test(exit.stderr)) {
    return {
      message,
      fix: `This dockerls does not understand \`serve\`: upgrade it, or point ${setting} at a newer installation.`,
    };
  }
  return {
    message,
    fix: `See the dockerls output channel for the full log; check ${setting}, or run the command in a terminal to see what goes wrong.`,
  };
}
