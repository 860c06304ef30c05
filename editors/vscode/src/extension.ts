// Minimal VS Code client for yaml-lsp: starts the server over stdio for YAML
// files and forwards the `yaml` and `yamlint` settings sections (the server
// reads yaml.schemas, yaml.customTags, yaml.validate, yaml.hover,
// yaml.completion and yamlint.*). Diagnostics, hover, completion, quick
// fixes, symbols and go-to-definition all come from the server.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("yamlint");
  const command = cfg.get<string>("serverPath") || "yaml-lsp";

  const serverOptions: ServerOptions = {
    run: { command, args: ["--stdio"], transport: TransportKind.stdio },
    debug: { command, args: ["--stdio", "--log", context.logUri.fsPath + ".log"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
    ],
    synchronize: {
      // The server re-checks open files when the project config changes.
      configurationSection: ["yaml", "yamlint"],
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.yamlint.{yaml,yml}"),
    },
  };

  client = new LanguageClient("yamlint", "yamlint", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
