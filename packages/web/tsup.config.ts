import { copyFileSync, existsSync } from "node:fs";
import { defineConfig } from "tsup";

/**
 * The page: one browser bundle (dist/app/app.js, with its stylesheet dist/app/app.css) plus
 * dist/index.html, the icon and the bundled Romerike 2013 example, all static files that
 * @rotamatch/service reads and serves (see packages/service/src/web.ts). Nothing is loaded
 * from anywhere else.
 */
const examples = new URL("../../examples/", import.meta.url);
const EXAMPLE_FILES = ["romerike-2013.json", "romerike-2013.xlsx"];
/** The example workbook doubles as the template the page offers for download, when there is one. */
const hasTemplate = existsSync(new URL("romerike-2013.xlsx", examples));

export default defineConfig({
  entry: { app: "src/main.ts" },
  outDir: "dist/app",
  format: ["iife"],
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: false,
  clean: true,
  dts: false,
  outExtension: () => ({ js: ".js" }),
  define: { __HAS_TEMPLATE__: JSON.stringify(hasTemplate) },
  onSuccess: async () => {
    copyFileSync("src/index.html", "dist/index.html");
    copyFileSync("src/icon.svg", "dist/app/icon.svg");
    for (const name of EXAMPLE_FILES) {
      const from = new URL(name, examples);
      if (existsSync(from)) copyFileSync(from, `dist/app/${name}`);
    }
  },
});
