// Builds the dashboard if web/dist is missing or older than web/ (npm start and npm test run this
// first). `--force` builds anyway.
//   node scripts/build-web.ts [--force]
import { distDir, ensureWebBuilt } from './web-build.ts';
import { firstPageScripts } from './web-bundle-size.ts';

const result = await ensureWebBuilt({ force: process.argv.includes('--force') });
if (result === 'built') {
  const first = await firstPageScripts(distDir);
  console.log(`Dashboard built into web/dist: the first page loads ${kb(first.gzipBytes)} of JavaScript gzipped (${kb(first.rawBytes)} raw).`);
} else {
  console.log('Dashboard up to date (web/dist).');
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
