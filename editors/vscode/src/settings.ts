// The settings object the server receives, both as `initializationOptions`
// and as the answer to `workspace/configuration` for section `dockerls`.
// Pure: no `vscode` import.

import { ExpandContext, expandPath } from './expand';

/** What the server is sent. Keys that the user left unset are omitted. */
export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  extendSelect?: string[];
  unsafeFixes: boolean;
  fixOnWillSave: boolean;
  configFile?: string;
}

/** Anything with `get`, such as `vscode.WorkspaceConfiguration` or a `Map`. */
export interface SettingsSource {
  get(key: string): unknown;
}

export const SERVER_SETTING_KEYS = ['select', 'ignore', 'extendSelect', 'unsafeFixes', 'fixOnWillSave', 'configFile'] as const;

/**
 * A list of rule codes or prefixes. Accepts an array or a comma/space-separated
 * string; trims entries and drops empty ones and duplicates. `undefined` means
 * "unset" (null, missing or of another type), so the server falls back to the
 * configuration file.
 */
export function codeList(value: unknown): string[] | undefined {
  let items: unknown[];
  if (Array.isArray(value)) {
    items = value;
  } else if (typeof value === 'string') {
    items = value.split(/[\s,]+/);
  } else {
    return undefined;
  }
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      continue;
    }
    const code = item.trim();
    if (code !== '' && !out.includes(code)) {
      out.push(code);
    }
  }
  return out;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Maps the `dockerls` configuration section to the object the server expects. */
export function toServerSettings(config: SettingsSource, ctx: ExpandContext = {}): ServerSettings {
  const settings: ServerSettings = {
    unsafeFixes: flag(config.get('unsafeFixes')),
    fixOnWillSave: flag(config.get('fixOnWillSave')),
  };
  for (const key of ['select', 'ignore', 'extendSelect'] as const) {
    const list = codeList(config.get(key));
    if (list !== undefined) {
      settings[key] = list;
    }
  }
  const configFile = config.get('configFile');
  if (typeof configFile === 'string' && configFile.trim() !== '') {
    settings.configFile = expandPath(configFile, ctx);
  }
  return settings;
}

/** The settings that decide which server command runs. */
export const COMMAND_SETTING_KEYS = ['path', 'interpreter'] as const;

/**
 * Whether a configuration change calls for a restart. `affects(section)` is
 * `ConfigurationChangeEvent.affectsConfiguration`. Only the trace level is
 * applied without one (the language client follows it by itself).
 */
export function needsRestart(affects: (section: string) => boolean): boolean {
  if (!affects('dockerls')) {
    return false;
  }
  return [...COMMAND_SETTING_KEYS, ...SERVER_SETTING_KEYS].some((key) => affects(`dockerls.${key}`));
}
