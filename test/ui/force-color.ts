// Imported right after ink-test-env by frame tests: chalk decides its colour level at import,
// and the colour-on frames must really carry colours for the NO_COLOR test to mean anything.
if (!('FORCE_COLOR' in process.env)) process.env.FORCE_COLOR = '1';
