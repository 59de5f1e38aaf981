import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { explainEarlyExit, lastLine } from '../messages';
import { codeList, needsRestart, SettingsSource, toServerSettings } from '../settings';

function source(values: Record<string, unknown>): SettingsSource {
  return { get: (key) => values[key] };
}

const ctx = { workspaceFolder: '/ws', home: '/home/u', pathApi: path.posix };

describe('toServerSettings', () => {
  it('maps every setting the server reads', () => {
    const s = toServerSettings(
      source({
        select: ['APT', 'PIP001'],
        ignore: ['APT002'],
        extendSelect: ['CRG'],
        unsafeFixes: true,
        fixOnWillSave: true,
        configFile: '/etc/dockerls.toml',
        path: ['/x/dockerls'],
        interpreter: '/x/python',
        trace: { server: 'verbose' },
      }),
      ctx,
    );
    assert.deepEqual(s, {
      select: ['APT', 'PIP001'],
      ignore: ['APT002'],
      extendSelect: ['CRG'],
      unsafeFixes: true,
      fixOnWillSave: true,
      configFile: '/etc/dockerls.toml',
    });
  });

  it('omits unset lists and config file, and sends booleans as false by default', () => {
    assert.deepEqual(toServerSettings(source({ select: null, ignore: undefined, configFile: null }), ctx), {
      unsafeFixes: false,
      fixOnWillSave: false,
    });
  });

  it('keeps an explicitly empty list (select nothing)', () => {
    assert.deepEqual(toServerSettings(source({ select: [] }), ctx).select, []);
  });

  it('resolves configFile against the workspace folder and expands variables', () => {
    assert.equal(toServerSettings(source({ configFile: 'ci/dockerls.toml' }), ctx).configFile, '/ws/ci/dockerls.toml');
    assert.equal(toServerSettings(source({ configFile: '${workspaceFolder}/a.toml' }), ctx).configFile, '/ws/a.toml');
    assert.equal(toServerSettings(source({ configFile: '~/dockerls.toml' }), ctx).configFile, '/home/u/dockerls.toml');
    assert.equal(toServerSettings(source({ configFile: '   ' }), ctx).configFile, undefined);
  });

  it('accepts only real booleans (or their string form) as true', () => {
    assert.equal(toServerSettings(source({ unsafeFixes: 'true', fixOnWillSave: 1 }), ctx).unsafeFixes, true);
    assert.equal(toServerSettings(source({ unsafeFixes: 'true', fixOnWillSave: 1 }), ctx).fixOnWillSave, false);
  });
});

describe('codeList', () => {
  it('trims, drops empty entries and duplicates', () => {
    assert.deepEqual(codeList([' APT001 ', '', 'APT001', 'PIP', 3]), ['APT001', 'PIP']);
  });
  it('splits a string on commas and spaces', () => {
    assert.deepEqual(codeList('APT001, PIP  CRG'), ['APT001', 'PIP', 'CRG']);
  });
  it('treats other types as unset', () => {
    assert.equal(codeList(null), undefined);
    assert.equal(codeList({}), undefined);
  });
});

describe('needsRestart', () => {
  const changed = (...sections: string[]) => (s: string) => sections.some((c) => c === s || c.startsWith(s + '.'));

  it('restarts for the server command and the server settings', () => {
    for (const key of ['path', 'interpreter', 'select', 'ignore', 'extendSelect', 'unsafeFixes', 'fixOnWillSave', 'configFile']) {
      assert.equal(needsRestart(changed(`dockerls.${key}`)), true, key);
    }
  });
  it('leaves the trace level to the language client', () => {
    assert.equal(needsRestart(changed('dockerls.trace.server')), false);
  });
  it('ignores other sections', () => {
    assert.equal(needsRestart(changed('editor.fontSize')), false);
  });
});

describe('explainEarlyExit', () => {
  const base = { source: 'dockerls.interpreter' as const, commandLine: '/v/python -m dockerls serve', code: 1, signal: null };

  it('spots a missing module and says where to install it', () => {
    const e = explainEarlyExit({ ...base, stderr: '/v/python: No module named dockerls\n' });
    assert.match(e.message, /exited with code 1/);
    assert.match(e.message, /No module named dockerls/);
    assert.match(e.fix, /pip install/);
  });

  it('spots a dockerls without the serve command', () => {
    const e = explainEarlyExit({ ...base, source: 'PATH', code: 2, stderr: "usage: dockerls ...\ndockerls: error: argument command: invalid choice: 'serve'\n" });
    assert.match(e.fix, /upgrade/);
  });

  it('reports a spawn failure', () => {
    const e = explainEarlyExit({ ...base, code: null, stderr: '', spawnError: 'spawn /v/python EACCES' });
    assert.match(e.message, /could not be started/);
    assert.match(e.message, /EACCES/);
  });

  it('reports a signal', () => {
    const e = explainEarlyExit({ ...base, code: null, signal: 'SIGKILL', stderr: '' });
    assert.match(e.message, /killed by SIGKILL/);
    assert.match(e.fix, /output channel/);
  });
});

describe('lastLine', () => {
  it('returns the last non-empty line, shortened', () => {
    assert.equal(lastLine('a\n\nb  \n\n'), 'b');
    assert.equal(lastLine('x'.repeat(500), 10).length, 10);
    assert.equal(lastLine(''), '');
  });
});
