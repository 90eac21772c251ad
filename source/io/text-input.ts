import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from '../core/errors.js';
import { fsErrorText } from './fs-error.js';

/**
 * Streams a text file or standard input (`-`) chunk by chunk, decoding UTF-8 across
 * chunk boundaries. Bad paths become one-line usage errors.
 */
export async function* readTextChunks(source: string): AsyncGenerator<string> {
  let input: NodeJS.ReadableStream;
  if (source === '-') {
    input = process.stdin;
  } else {
    let isFile = false;
    try {
      isFile = statSync(source).isFile();
    } catch (error) {
      throw new UsageError(`cannot read ${source}: ${fsErrorText(error)}`);
    }
    if (!isFile) throw new UsageError(`cannot read ${source}: not a regular file`);
    input = createReadStream(source);
  }
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
