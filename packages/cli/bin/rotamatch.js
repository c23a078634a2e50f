#!/usr/bin/env node
// The installed command. npm links this file when it installs the workspace, before the
// "prepare" step builds dist/, so the link points at a file that always exists.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("cli.js")) {
    console.error("rotamatch: the command line is not built yet; run `npm run build` at the repository root.");
    process.exitCode = 1;
    return;
  }
  throw error;
});
