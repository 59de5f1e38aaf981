// VS Code entry point: starts `dockerls serve` over stdio for Dockerfiles.

import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  DidChangeConfigurationNotification,
  DocumentSelector,
  ErrorAction,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from 'vscode-languageclient/node';
import { explainEarlyExit, Explanation } from './messages';
import { commandLine, resolveServerCommand, ServerCommand } from './serverCommand';
import { needsRestart, toServerSettings } from './settings';

const SECTION = 'dockerls';
/** A server that dies within this many milliseconds of its start "exited at once": it is not restarted. */
const EARLY_EXIT_MS = 10_000;
/** A server that crashes more often than this within CRASH_WINDOW_MS is left stopped. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60_000;
const STOP_TIMEOUT_MS = 3_000;
/** A server that has not answered `initialize` by then is reported and stopped. */
const START_TIMEOUT_MS = 30_000;
const STDERR_KEEP = 8_192;

export const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'untitled', language: 'dockerfile' },
  { scheme: 'file', pattern: '**/Containerfile' },
  { scheme: 'file', pattern: '**/*.Dockerfile' },
  { scheme: 'file', pattern: '**/Dockerfile.*' },
];

/** What one server process did: enough to explain its death. */
interface ServerRun {
  command: ServerCommand;
  process?: ChildProcess;
  startedAt: number;
  stderr: string;
  spawnError?: string;
  exit?: { code: number | null; signal: string | null };
  exited: Promise<void>;
  markExited(): void;
}

function newRun(command: ServerCommand): ServerRun {
  let markExited = () => {};
  const exited = new Promise<void>((resolve) => (markExited = resolve));
  return { command, startedAt: Date.now(), stderr: '', exited, markExited };
}

/** Keeps VS Code's own "couldn't create connection" pop-ups away while the extension reports start failures itself. */
class DockerlsClient extends LanguageClient {
  quiet = false;

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, this.quiet ? false : showNotification);
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function firstFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

function settingsFor(scope: vscode.Uri | undefined) {
  const folder = scope !== undefined ? vscode.workspace.getWorkspaceFolder(scope) : firstFolder();
  return toServerSettings(vscode.workspace.getConfiguration(SECTION, scope ?? folder?.uri ?? null), {
    workspaceFolder: folder?.uri.fsPath,
    home: os.homedir(),
    env: process.env,
  });
}

class ServerManager implements vscode.Disposable {
  private client: DockerlsClient | undefined;
  private run: ServerRun | undefined;
  private stopping = false;
  private crashes: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly output: vscode.OutputChannel) {}

  /** Runs restarts one after another, never two at once. */
  restart(reason: string): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        this.log(`(re)starting the server: ${reason}`);
        await this.stop();
        await this.start();
      })
      .catch((err) => this.log(`restart failed: ${String(err)}`));
    return this.queue;
  }

  /** Coalesces bursts of configuration events (one settings.json save can fire several). */
  restartSoon(reason: string): void {
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.restart(reason);
    }, 300);
  }

  async dispose(): Promise<void> {
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
    }
    await this.queue;
    await this.stop();
  }

  private log(line: string): void {
    this.output.appendLine(`[dockerls ${new Date().toLocaleTimeString()}] ${line}`);
  }

  private async start(): Promise<void> {
    const folder = firstFolder();
    const config = vscode.workspace.getConfiguration(SECTION, folder?.uri ?? null);
    const resolution = resolveServerCommand(
      { path: config.get('path'), interpreter: config.get('interpreter') },
      { workspaceFolder: folder?.uri.fsPath, home: os.homedir(), env: process.env, platform: process.platform, isExecutable },
    );
    if (!resolution.ok) {
      this.log(`${resolution.message} ${resolution.fix}`);
      this.report({ message: resolution.message, fix: resolution.fix });
      return;
    }
    const run = newRun(resolution);
    this.run = run;
    this.log(`server command (from ${resolution.source}): ${commandLine(resolution)}`);

    const serverOptions: ServerOptions = () => this.spawnServer(run, folder?.uri.fsPath);
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      diagnosticCollectionName: SECTION,
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: settingsFor(undefined),
      initializationFailedHandler: (error) => {
        this.log(`initialization failed: ${String(error)}`);
        return false;
      },
      errorHandler: {
        error: (_error, _message, count): ErrorHandlerResult => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => this.onClosed(run),
      },
      middleware: {
        workspace: {
          // When the server registers for configuration changes of section
          // `dockerls`, send the mapped settings rather than VS Code's raw
          // section (which also holds `path`, `interpreter`, `trace` and nulls).
          didChangeConfiguration: async (sections, next) => {
            if (sections === undefined || !sections.includes(SECTION)) {
              return next(sections);
            }
            await client.sendNotification(DidChangeConfigurationNotification.type, {
              settings: { [SECTION]: settingsFor(undefined) },
            });
          },
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return params.items.map((item, i) =>
              item.section === SECTION ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answer[i],
            );
          },
        },
      },
    };

    const client = new DockerlsClient(SECTION, 'dockerls', serverOptions, clientOptions);
    this.client = client;
    client.quiet = true;
    const outcome = await Promise.race([
      client.start().then(
        () => ({ ok: true as const }),
        (err: unknown) => ({ ok: false as const, err }),
      ),
      delay(START_TIMEOUT_MS).then(() => undefined),
    ]);
    if (outcome === undefined) {
      this.report({
        message: `The dockerls server did not answer within ${START_TIMEOUT_MS / 1000} s (\`${commandLine(resolution)}\`).`,
        fix: 'Check that this command starts the dockerls language server (`dockerls serve`); see the dockerls output channel.',
      });
      await this.stop();
    } else if (outcome.ok) {
      client.quiet = false;
      this.log('server started');
    } else {
      // Give the process a moment to report how it ended.
      await Promise.race([run.exited, delay(2_000)]);
      if (this.client === client) {
        this.reportRun(run, outcome.err);
      }
    }
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    this.stopping = true;
    client.quiet = true;
    try {
      if (client.isRunning()) {
        await client.stop(STOP_TIMEOUT_MS);
      }
    } catch (err) {
      this.log(`stopping the server: ${String(err)}`);
    } finally {
      try {
        await client.dispose(STOP_TIMEOUT_MS);
      } catch {
        // Already stopped, or never started.
      }
      // After `exit` the server should end by itself; end it if it does not.
      const run = this.run;
      if (run?.process !== undefined && run.exit === undefined) {
        await Promise.race([run.exited, delay(STOP_TIMEOUT_MS)]);
        if (run.exit === undefined) {
          run.process.kill();
        }
      }
      this.stopping = false;
    }
  }

  private spawnServer(run: ServerRun, cwd: string | undefined): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      run.startedAt = Date.now();
      const child = spawn(run.command.command, run.command.args, {
        cwd,
        env: process.env,
        stdio: 'pipe',
        windowsHide: true,
      });
      run.process = child;
      child.stderr?.on('data', (data: Buffer) => {
        run.stderr = (run.stderr + data.toString('utf8')).slice(-STDERR_KEEP);
      });
      child.on('error', (err) => {
        run.spawnError = err.message;
        run.markExited();
        reject(err);
      });
      child.on('exit', (code, signal) => {
        run.exit = { code, signal };
        this.log(`server process ${child.pid ?? '?'} exited (code ${code}, signal ${signal})`);
        run.markExited();
      });
      child.once('spawn', () => {
        this.log(`server process ${child.pid} started`);
        resolve(child);
      });
    });
  }

  private async onClosed(run: ServerRun): Promise<CloseHandlerResult> {
    if (this.stopping || run !== this.run) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    await Promise.race([run.exited, delay(1_000)]);
    const now = Date.now();
    if (now - run.startedAt < EARLY_EXIT_MS) {
      if (this.client !== undefined) {
        this.client.quiet = true;
        // start() reports it if it is still waiting; otherwise report here.
        if (this.client.isRunning()) {
          this.reportRun(run, undefined);
        }
      }
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length > MAX_CRASHES) {
      this.report({
        message: `The dockerls server crashed ${this.crashes.length} times in the last 3 minutes and will not be restarted.`,
        fix: 'See the dockerls output channel, then run "dockerls: Restart Server".',
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.log('the server stopped unexpectedly; restarting it');
    run.startedAt = Date.now();
    return { action: CloseAction.Restart, handled: true };
  }

  private reportRun(run: ServerRun, err: unknown): void {
    const explanation = explainEarlyExit({
      source: run.command.source,
      commandLine: commandLine(run.command),
      code: run.exit?.code ?? null,
      signal: run.exit?.signal ?? null,
      stderr: run.stderr,
      spawnError: run.spawnError,
    });
    if (run.exit === undefined && run.spawnError === undefined && err !== undefined) {
      explanation.message = `The dockerls server did not start: ${err instanceof Error ? err.message : String(err)} (\`${commandLine(run.command)}\`).`;
    }
    this.log(`${explanation.message} ${explanation.fix}`);
    this.report(explanation);
  }

  private report(explanation: Explanation): void {
    const showOutput = 'Show Output';
    const openSettings = 'Open Settings';
    void vscode.window
      .showErrorMessage(`${explanation.message} ${explanation.fix}`, showOutput, openSettings)
      .then((choice) => {
        if (choice === showOutput) {
          this.output.show(true);
        } else if (choice === openSettings) {
          void vscode.commands.executeCommand('workbench.action.openSettings', `@ext:dockerls.dockerls`);
        }
      });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('dockerls');
  context.subscriptions.push(output);
  const mgr = new ServerManager(output);
  manager = mgr;
  context.subscriptions.push(
    vscode.commands.registerCommand('dockerls.restart', () => mgr.restart('restart command')),
    vscode.commands.registerCommand('dockerls.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (needsRestart((section) => e.affectsConfiguration(section))) {
        mgr.restartSoon('configuration changed');
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => mgr.restartSoon('workspace trusted')),
  );
  void mgr.restart('activation');
}

export async function deactivate(): Promise<void> {
  if (manager !== undefined) {
    await manager.dispose();
    manager = undefined;
  }
}
