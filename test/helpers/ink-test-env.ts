/**
 * Import this FIRST in ink-testing-library tests. Ink reads CI at import time and in CI
 * draws nothing until unmount; the product hides CI from Ink on a TTY (source/io/ink-env.ts),
 * and frame tests must see frames whatever CI the test run has.
 */
for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
  if (key === 'CI' || key in process.env) process.env[key] = '0';
}
