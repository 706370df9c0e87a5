// `npm run build`: every app's own build, in two lanes on two cores: `next build` beside the type-checks
// (Node apps compiled by tsc; the worker and the page checked with no Node types) and the esbuild bundles.
import { spawn } from "node:child_process";

function run(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (code === 0) resolve(console.log(`built: ${[command, ...args].join(" ")} (${seconds} s)`));
      else reject(new Error(`${[command, ...args].join(" ")} exited with ${code}`));
    });
  });
}

const bin = (name) => `node_modules/.bin/${name}`;
await Promise.all([
  run(bin("next"), ["build", "nextjs"]),
  (async () => {
    await run(bin("tsc"), ["-p", "tsconfig.node.json"]);
    await run(bin("tsc"), ["-p", "tsconfig.web.json"]);
    await run("node", ["spa/build.mjs"]);
    await run("node", ["worker/build.mjs"]);
  })(),
]);
