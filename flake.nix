{
  description = "clawkeep: a fast, safe, offline companion for OpenClaw session stores";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs = { self, nixpkgs, flake-utils }:
    flake-utils.lib.eachDefaultSystem (system:
      let
        pkgs = import nixpkgs { inherit system; };
        nodejs = pkgs.nodejs_20;
        clawkeep = pkgs.buildNpmPackage {
          pname = "clawkeep";
          version = (builtins.fromJSON (builtins.readFile ./package.json)).version;
          src = ./.;
          inherit nodejs;
          # Hash of the npm dependencies in package-lock.json. After changing the lock file,
          # refresh it with:
          #   nix run nixpkgs#prefetch-npm-deps package-lock.json
          # and paste the printed hash here (or build once with lib.fakeHash and copy the
          # "got:" hash from the error).
          npmDepsHash = pkgs.lib.fakeHash;
          # `npm run build` = tsc + the esbuild bundle dist/clawkeep.cjs, its launcher
          # dist/clawkeep.mjs and the V8 code cache dist/clawkeep.cjs.cache.
          npmBuildScript = "build";
          doCheck = false;
          installPhase = ''
            runHook preInstall
            mkdir -p $out/lib/clawkeep $out/bin
            cp -r dist package.json $out/lib/clawkeep/
            # the bundle loads sql.js (and its .wasm) from node_modules at run time
            mkdir -p $out/lib/clawkeep/node_modules
            cp -r node_modules/sql.js $out/lib/clawkeep/node_modules/
            makeWrapper ${nodejs}/bin/node $out/bin/clawkeep \
              --add-flags $out/lib/clawkeep/dist/clawkeep.mjs
            runHook postInstall
          '';
          nativeBuildInputs = [ pkgs.makeWrapper ];
          meta = {
            description = "Offline companion for OpenClaw session stores (sessions, cleanup, export-trajectory)";
            license = pkgs.lib.licenses.mit;
            mainProgram = "clawkeep";
          };
        };
      in
      {
        packages.default = clawkeep;
        packages.clawkeep = clawkeep;

        apps.default = {
          type = "app";
          program = "${clawkeep}/bin/clawkeep";
        };

        devShells.default = pkgs.mkShell {
          packages = [ nodejs pkgs.sqlite ];
          shellHook = ''
            echo "clawkeep dev shell: node $(node --version), npm $(npm --version)"
          '';
        };
      });
}
