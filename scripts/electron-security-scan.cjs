// Runs electronegativity (Doyensec's Electron security scanner) over the desktop app's sources
// and fails when a HIGH severity finding, or any finding of MEDIUM or above that needs a manual
// review, is not explained in electron/security-review.json.
//
// electronegativity's command line reads its options with an older commander than the one npm
// installs beside it, so this calls its runner directly. The runner also tries to fetch
// translations and Electron's release list over the network; without a network it says so and
// goes on, and a timer it leaves behind can throw later: the result is printed and the process
// exits as soon as the scan is done.
'use strict';
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { resolve, join } = require('node:path');
const run = require('@doyensec/electronegativity/dist/runner.js');

const ROOT = resolve(__dirname, '..');
const SCANNED = ['electron', 'renderer'];
const ELECTRON_VERSION = require('electron/package.json').version;
const SEVERITY = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

/** { "CHECK_ID": "why it does not apply here" } */
const reviewed = JSON.parse(readFileSync(join(ROOT, 'electron', 'security-review.json'), 'utf8'));

/**
 * Scans the app's folders together (its global checks, such as "navigation is limited", look
 * at the main process and the page at once), from a copy so that nothing else in the project
 * is read.
 */
async function scan() {
  const staging = mkdtempSync(join(tmpdir(), 'scatterscope-scan-'));
  for (const folder of SCANNED) {
    if (existsSync(join(ROOT, folder)))
      cpSync(join(ROOT, folder), join(staging, folder), { recursive: true });
  }
  try {
    return await scanFolder(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function scanFolder(input) {
  const result = await run(
    {
      input,
      customScan: [],
      excludeFromScan: [],
      isRelative: true,
      isVerbose: false,
      parserPlugins: [],
      electronVersionOverride: ELECTRON_VERSION,
    },
    false,
  );
  return result.issues.map((issue) => ({
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    manualReview: Boolean(issue.manualReview),
    where: `${issue.file}:${issue.location.line}`,
  }));
}

async function main() {
  const findings = await scan();
  let unexplained = 0;
  for (const finding of findings) {
    const rank = SEVERITY[finding.severity] ?? 3;
    const blocking = rank >= SEVERITY.HIGH || (rank >= SEVERITY.MEDIUM && finding.manualReview);
    const reason = reviewed[finding.id];
    const verdict =
      reason !== undefined ? `explained: ${reason}` : blocking ? 'UNEXPLAINED' : 'noted';
    if (blocking && reason === undefined) unexplained += 1;
    console.log(
      `${finding.severity.padEnd(13)} ${finding.id.padEnd(34)} ${finding.where}  ${verdict}`,
    );
  }
  console.log(
    `electronegativity ${ELECTRON_VERSION}: ${findings.length} findings in ${SCANNED.join(', ')}, ${unexplained} unexplained at HIGH (or MEDIUM needing review)`,
  );
  process.exit(unexplained === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(
    `electronegativity failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(2);
});
