/**
 * What every published package carries besides its code, checked from the repository (the
 * round trip in pack-install.test.ts checks the tarballs themselves): the root's MIT licence,
 * copied byte for byte, a README, the fields a registry page shows, and real version ranges
 * for the workspace packages instead of `"*"`, which would be published as it is.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const repoRoot = new URL("../", import.meta.url);
const REPOSITORY = "https://github.com/rotamatch/rotamatch";

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly files?: readonly string[];
  readonly repository?: { readonly type: string; readonly url: string; readonly directory: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url: string };
  readonly publishConfig?: { readonly access?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** The published packages, by directory under packages/. */
const PUBLISHED = ["core", "sheets", "service", "cli"] as const;
const ALL = [...PUBLISHED, "web"] as const;

const read = (path: string): string => readFileSync(new URL(path, repoRoot), "utf8");
const manifest = (dir: string): PackageJson => JSON.parse(read(`packages/${dir}/package.json`)) as PackageJson;

describe.each(PUBLISHED)("packages/%s", (dir) => {
  const pkg = manifest(dir);

  it("carries the root's LICENSE, unchanged, and a README that links to the docs by URL", () => {
    expect(read(`packages/${dir}/LICENSE`)).toBe(read("LICENSE"));
    expect(pkg.license).toBe("MIT");
    expect(pkg.files).toEqual(expect.arrayContaining(["LICENSE", "README.md"]));
    const readme = read(`packages/${dir}/README.md`);
    expect(readme).toMatch(new RegExp(`^# ${pkg.name.replace("/", "\\/")}\\n`));
    expect(readme).toContain("## Install");
    expect(readme).toContain(`${REPOSITORY}/blob/main/docs/`);
    // Relative links would break on the registry's page.
    expect(readme).not.toMatch(/\]\((?!https:\/\/)/);
  });

  it("is public, with its repository, homepage and issue tracker", () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.repository).toEqual({ type: "git", url: `git+${REPOSITORY}.git`, directory: `packages/${dir}` });
    expect(pkg.homepage).toBe(`${REPOSITORY}/tree/main/packages/${dir}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPOSITORY}/issues` });
    if (pkg.name.startsWith("@")) expect(pkg.publishConfig).toEqual({ access: "public" });
  });

  it("depends on public packages only, with real ranges", () => {
    const privateNames = ALL.map(manifest)
      .filter((p) => p.private === true)
      .map((p) => p.name);
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      expect(privateNames, name).not.toContain(name);
      expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
  });
});

describe("the workspace's own dependencies", () => {
  it.each(ALL)("packages/%s names the others by a range that their version satisfies", (dir) => {
    const versions = new Map(ALL.map(manifest).map((p) => [p.name, p.version]));
    const pkg = manifest(dir);
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies })) {
      const version = versions.get(name);
      if (version !== undefined) expect(range, `${dir} -> ${name}`).toBe(`^${version}`);
    }
  });

  it("has the sheets package share the core's types: core is a peer (and a devDependency, for the workspace)", () => {
    const sheets = manifest("sheets");
    expect(sheets.dependencies?.["@rotamatch/core"]).toBeUndefined();
    expect(sheets.peerDependencies?.["@rotamatch/core"]).toBe("^0.1.0");
    expect(sheets.devDependencies?.["@rotamatch/core"]).toBe("^0.1.0");
  });

  it("keeps the private page and swagger-ui-dist (with its @scarf/scarf) out of the service's production dependencies", () => {
    const service = manifest("service");
    expect(Object.keys(service.dependencies ?? {})).not.toContain("@rotamatch/web");
    expect(Object.keys(service.dependencies ?? {})).not.toContain("swagger-ui-dist");
    expect(Object.keys(service.devDependencies ?? {})).toEqual(expect.arrayContaining(["@rotamatch/web", "swagger-ui-dist"]));
    expect(manifest("web").private).toBe(true);
  });
});

describe("package-lock.json, for `npm ci` on any machine", () => {
  const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, Partial<PackageJson>> };

  it.each(ALL)("agrees with packages/%s/package.json, as `npm ci` demands", (dir) => {
    const pkg = manifest(dir);
    const locked = lock.packages[`packages/${dir}`];
    for (const field of ["dependencies", "devDependencies", "peerDependencies"] as const) {
      expect(locked?.[field], `${dir} ${field}`).toEqual(pkg[field]);
    }
  });

  // An install on one platform with an existing node_modules writes only that platform's
  // optional binaries, and `npm ci` elsewhere then fails.
  it.each(["@rollup/rollup-darwin-arm64", "@rollup/rollup-win32-x64-msvc", "@turbo/darwin-arm64", "@turbo/windows-64", "@esbuild/win32-x64"])(
    "lists other platforms' optional binaries too: %s",
    (name) => {
      expect(Object.keys(lock.packages).some((path) => path.endsWith(`node_modules/${name}`))).toBe(true);
    },
  );
});
