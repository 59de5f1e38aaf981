import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandLine, pathSetting, ResolveContext, resolveServerCommand, which } from '../serverCommand';

function ctx(executables: string[], extra: Partial<ResolveContext> = {}): ResolveContext {
  const files = new Set(executables);
  return {
    platform: 'linux',
    pathApi: path.posix,
    workspaceFolder: '/ws',
    home: '/home/u',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    isExecutable: (f) => files.has(f),
    ...extra,
  };
}

describe('resolveServerCommand', () => {
  it('uses dockerls.path as program and arguments', () => {
    const r = resolveServerCommand({ path: ['/opt/venv/bin/dockerls', 'serve', '--stdio'] }, ctx(['/opt/venv/bin/dockerls']));
    assert.deepEqual(r, { ok: true, source: 'dockerls.path', command: '/opt/venv/bin/dockerls', args: ['serve', '--stdio'] });
  });

  it('appends serve when dockerls.path names only the program', () => {
    const r = resolveServerCommand({ path: ['/opt/venv/bin/dockerls'] }, ctx(['/opt/venv/bin/dockerls']));
    assert.ok(r.ok);
    assert.deepEqual(r.args, ['serve']);
  });

  it('accepts a plain string for dockerls.path', () => {
    const r = resolveServerCommand({ path: '/opt/venv/bin/dockerls' }, ctx(['/opt/venv/bin/dockerls']));
    assert.ok(r.ok);
    assert.equal(r.command, '/opt/venv/bin/dockerls');
  });

  it('prefers dockerls.path over dockerls.interpreter and PATH', () => {
    const r = resolveServerCommand(
      { path: ['/a/dockerls', 'serve'], interpreter: '/b/python' },
      ctx(['/a/dockerls', '/b/python', '/usr/bin/dockerls']),
    );
    assert.ok(r.ok);
    assert.equal(r.source, 'dockerls.path');
  });

  it('expands ${workspaceFolder}, ~ and resolves relative paths against the workspace folder', () => {
    assert.deepEqual(
      resolveServerCommand({ path: ['${workspaceFolder}/.venv/bin/dockerls', 'serve'] }, ctx(['/ws/.venv/bin/dockerls'])),
      { ok: true, source: 'dockerls.path', command: '/ws/.venv/bin/dockerls', args: ['serve'] },
    );
    const home = resolveServerCommand({ interpreter: '~/venv/bin/python' }, ctx(['/home/u/venv/bin/python']));
    assert.ok(home.ok);
    assert.equal(home.command, '/home/u/venv/bin/python');
    const rel = resolveServerCommand({ interpreter: '.venv/bin/python' }, ctx(['/ws/.venv/bin/python']));
    assert.ok(rel.ok);
    assert.equal(rel.command, '/ws/.venv/bin/python');
  });

  it('expands variables in the arguments too', () => {
    const r = resolveServerCommand({ path: ['/x/dockerls', 'serve', '--log=${workspaceFolder}/log'] }, ctx(['/x/dockerls']));
    assert.ok(r.ok);
    assert.deepEqual(r.args, ['serve', '--log=/ws/log']);
  });

  it('looks a bare program name of dockerls.path up on PATH', () => {
    const r = resolveServerCommand({ path: ['dockerls', 'serve'] }, ctx(['/usr/bin/dockerls']));
    assert.ok(r.ok);
    assert.equal(r.command, '/usr/bin/dockerls');
  });

  it('reports a dockerls.path that does not exist, with a fix', () => {
    const r = resolveServerCommand({ path: ['/nope/dockerls', 'serve'] }, ctx(['/usr/bin/dockerls']));
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.source, 'dockerls.path');
    assert.match(r.message, /\/nope\/dockerls/);
    assert.match(r.fix, /dockerls\.path/);
  });

  it('runs <python> -m dockerls serve for dockerls.interpreter', () => {
    const r = resolveServerCommand({ path: [], interpreter: '/venv/bin/python' }, ctx(['/venv/bin/python']));
    assert.deepEqual(r, { ok: true, source: 'dockerls.interpreter', command: '/venv/bin/python', args: ['-I', '-m', 'dockerls', 'serve'] });
  });

  it('looks a bare interpreter name up on PATH', () => {
    const r = resolveServerCommand({ interpreter: 'python3' }, ctx(['/usr/bin/python3']));
    assert.ok(r.ok);
    assert.equal(r.command, '/usr/bin/python3');
  });

  it('reports a missing interpreter', () => {
    const r = resolveServerCommand({ interpreter: '/venv/bin/python' }, ctx([]));
    assert.ok(!r.ok);
    assert.equal(r.source, 'dockerls.interpreter');
    assert.match(r.message, /\/venv\/bin\/python/);
  });

  it('treats empty settings as unset and falls back to dockerls on PATH', () => {
    const r = resolveServerCommand({ path: [''], interpreter: '  ' }, ctx(['/usr/bin/dockerls']));
    assert.deepEqual(r, { ok: true, source: 'PATH', command: '/usr/bin/dockerls', args: ['serve'] });
  });

  it('takes the first dockerls on PATH', () => {
    const r = resolveServerCommand({}, ctx(['/usr/bin/dockerls', '/usr/local/bin/dockerls']));
    assert.ok(r.ok);
    assert.equal(r.command, '/usr/local/bin/dockerls');
  });

  it('explains how to install when nothing is found', () => {
    const r = resolveServerCommand({}, ctx([]));
    assert.ok(!r.ok);
    assert.equal(r.source, 'PATH');
    assert.match(r.message, /not found/);
    assert.match(r.fix, /pip install/);
    assert.match(r.fix, /dockerls\.interpreter/);
    assert.match(r.fix, /dockerls\.path/);
  });

  it('ignores values of the wrong type', () => {
    const r = resolveServerCommand({ path: 42, interpreter: ['x'] }, ctx(['/usr/bin/dockerls']));
    assert.ok(r.ok);
    assert.equal(r.source, 'PATH');
  });

  it('finds dockerls.exe through PATHEXT on Windows', () => {
    const win = ctx(['C:\\venv\\Scripts\\dockerls.EXE'], {
      platform: 'win32',
      pathApi: path.win32,
      workspaceFolder: 'C:\\ws',
      env: { Path: 'C:\\Windows;C:\\venv\\Scripts', PATHEXT: '.COM;.EXE' },
    });
    const r = resolveServerCommand({}, win);
    assert.ok(r.ok);
    assert.equal(r.command, 'C:\\venv\\Scripts\\dockerls.EXE');
  });
});

describe('which', () => {
  it('skips empty PATH entries and returns undefined when absent', () => {
    assert.equal(which('dockerls', ctx([], { env: { PATH: '::/usr/bin' } })), undefined);
    assert.equal(which('dockerls', ctx(['/usr/bin/dockerls'], { env: { PATH: '::/usr/bin' } })), '/usr/bin/dockerls');
  });
});

describe('pathSetting', () => {
  it('keeps only strings', () => {
    assert.deepEqual(pathSetting(['a', 1, 'b']), ['a', 'b']);
    assert.deepEqual(pathSetting(null), []);
    assert.deepEqual(pathSetting(''), []);
  });
});

describe('commandLine', () => {
  it('quotes arguments a shell would split', () => {
    assert.equal(commandLine({ command: '/a b/python', args: ['-m', 'dockerls', 'serve'] }), "'/a b/python' -m dockerls serve");
    assert.equal(commandLine({ command: '/x', args: ["it's"] }), "/x 'it'\\''s'");
  });
});
