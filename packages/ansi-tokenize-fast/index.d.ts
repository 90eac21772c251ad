export * from 'ansi-tokenize-original';
/** The code-unit ranges the fast path of `tokenize` takes (inclusive), for the tests. */
export declare const SIMPLE_RANGES_FOR_TESTS: ReadonlyArray<readonly [number, number]>;
