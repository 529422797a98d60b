/**
 * Benchmark 6: writes through the gateway (batch enrollment of 1,000 workers, concurrent single
 * enrollments per second). The write path owns its benchmark (bench/batch-enroll.ts, also
 * `npm run bench:writes`); the suite runs it in its own process so its figures print here too.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

export function writesSuite(): Promise<void> {
  console.log('\n## 6. Writes (bench/batch-enroll.ts, through the gateway)\n');
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, '..', 'batch-enroll.js'), [], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the writes benchmark exited with code ${code}`)),
    );
  });
}
