// VS Code client for yaml-lsp: starts the server over stdio for YAML files
// and forwards the `yaml` and `yamlint` settings sections. Diagnostics
// (document and workspace), hover, completion, formatting, quick fixes and
// "fix all", symbols, folding, selection, links, anchors and the schema
// code lens all come from the server; the extension adds the schema in the
// status bar and a quick pick for choosing a file's schema.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandSignature,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

// serverCommand finds yaml-lsp without configuration: the setting when set,
// else the binary bundled in a platform-specific package (bin/yaml-lsp), else
// yaml-lsp on PATH.
export function serverCommand(extensionPath: string, setting: string | undefined): string {
  if (setting) {
    return setting;
  }
  const exe = process.platform === "win32" ? "yaml-lsp.exe" : "yaml-lsp";
  const bundled = path.join(extensionPath, "bin", exe);
  if (fs.existsSync(bundled)) {
    return bundled;
  }
  return "yaml-lsp";
}

interface SchemaChoice {
  name: string;
  url: string;
  description?: string;
}

interface SchemaStatus {
  name: string;
  url: string;
  source: string;
  kubernetesVersion?: string;
}

const automatic = "$(sync) Automatic";

// pickSchema asks for a schema; undefined = cancelled, "" = automatic.
async function pickSchema(c: LanguageClient): Promise<string | undefined> {
  const choices = (await c.sendRequest("workspace/executeCommand", {
    command: "yamlint.listSchemas",
    arguments: [],
  })) as SchemaChoice[];
  const items: (vscode.QuickPickItem & { url: string })[] = [
    { label: automatic, description: "modeline, settings or catalog", url: "" },
    ...(choices || []).map((ch) => ({ label: ch.name, description: ch.description, detail: ch.url, url: ch.url })),
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: "Schema for this file" });
  return picked?.url;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("yamlint");
  const command = serverCommand(context.extensionPath, cfg.get<string>("serverPath"));
  const output = vscode.window.createOutputChannel("yamlint");
  output.appendLine(`yaml-lsp: ${command}`);

  const serverOptions: ServerOptions = {
    run: { command, args: ["--stdio"], transport: TransportKind.stdio },
    debug: { command, args: ["--stdio", "--log", context.logUri.fsPath + ".log"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
    ],
    outputChannel: output,
    synchronize: {
      // The server re-checks open files when the project config changes;
      // it registers watchers for schemas and CRDs itself.
      configurationSection: ["yaml", "yamlint"],
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.yamlint.{yaml,yml}"),
    },
    middleware: {
      // The code lens and the status bar run yamlint.selectSchema with the
      // file's URI only: ask which schema, then let the server set it.
      executeCommand: async (cmd: string, args: any[], next: ExecuteCommandSignature) => {
        if (cmd === "yamlint.selectSchema" && args.length === 1 && client) {
          const url = await pickSchema(client);
          if (url === undefined) {
            return undefined;
          }
          const result = await next(cmd, [args[0], url]);
          void updateStatus();
          return result;
        }
        return next(cmd, args);
      },
    },
  };

  client = new LanguageClient("yamlint", "yamlint", serverOptions, clientOptions);

  // The schema of the active YAML file in the status bar; click to change.
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = "yamlint schema";
  context.subscriptions.push(status);
  let pending: NodeJS.Timeout | undefined;
  async function updateStatus(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!client || !editor || editor.document.languageId !== "yaml") {
      status.hide();
      return;
    }
    const uri = editor.document.uri.toString();
    try {
      const st = (await client.sendRequest("workspace/executeCommand", {
        command: "yamlint.schemaStatus",
        arguments: [uri],
      })) as SchemaStatus;
      if (!st || !st.url) {
        status.text = "$(json) No schema";
        status.tooltip = "yamlint: no schema applies to this file; click to choose one";
      } else if (st.source === "kubernetes") {
        status.text = `$(json) K8s ${(st.kubernetesVersion || "").replace(/^v/, "")} ${st.name}`;
        status.tooltip = `yamlint: Kubernetes schema ${st.url}`;
      } else {
        status.text = `$(json) ${st.name}`;
        status.tooltip = `yamlint: ${st.url} (${st.source}); click to choose another`;
      }
      status.command = { title: "Select schema", command: "yamlint.selectSchema", arguments: [uri] };
      status.show();
    } catch (e) {
      status.hide();
    }
  }
  function scheduleStatus(): void {
    if (pending) {
      clearTimeout(pending);
    }
    pending = setTimeout(() => void updateStatus(), 300);
  }
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(scheduleStatus),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) {
        scheduleStatus();
      }
    }),
  );

  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  scheduleStatus();
  e2eHook(context, status);
}

// e2eHook serves the end-to-end test (scripts/vscode-e2e-test.sh) only: with
// YAMLINT_E2E_OUT set in VS Code's environment, it opens YAMLINT_E2E_OPEN
// and writes the diagnostics VS Code holds for it, and the status bar text,
// to YAMLINT_E2E_OUT as JSON whenever they change.
function e2eHook(context: vscode.ExtensionContext, status: vscode.StatusBarItem): void {
  const out = process.env.YAMLINT_E2E_OUT;
  const open = process.env.YAMLINT_E2E_OPEN;
  if (!out || !open) {
    return;
  }
  const target = vscode.Uri.file(open);
  const write = () => {
    const diags = vscode.languages.getDiagnostics(target).map((d) => ({
      line: d.range.start.line + 1,
      character: d.range.start.character + 1,
      message: d.message,
      source: d.source,
      code: typeof d.code === "object" ? String(d.code.value) : String(d.code ?? ""),
    }));
    fs.writeFileSync(out, JSON.stringify({ uri: target.toString(), status: status.text, diagnostics: diags }) + "\n");
  };
  context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(() => write()));
  void vscode.workspace.openTextDocument(target).then((doc) => vscode.window.showTextDocument(doc));
  setInterval(write, 1000);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
