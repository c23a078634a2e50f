#!/usr/bin/env node
// The installed command. npm links this file when it installs the workspace, before the
// "prepare" step builds dist/, so the link points at a file that always exists.
import("../dist/server.js").then(
  (server) => server.main(),
  (error) => {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("server.js")) {
      console.error("rotamatch-service: the service is not built yet; run `npm run build` at the repository root.");
      process.exitCode = 1;
      return;
    }
    throw error;
  },
);
