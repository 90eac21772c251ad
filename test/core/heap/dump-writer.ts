/** Writes small synthetic heap dumps in the go1.7 format, for tests. */
export class DumpWriter {
  private readonly bytes: number[] = [];
  constructor() {
    for (const c of 'go1.7 heap dump\n') this.bytes.push(c.charCodeAt(0));
  }
  uvarint(value: number): this {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
    return this;
  }
  string(s: string): this {
    const b = new TextEncoder().encode(s);
    this.uvarint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  /** A memory range of `words` 8-byte little-endian words. */
  words(words: number[]): this {
    this.uvarint(words.length * 8);
    for (const w of words) {
      let v = w;
      for (let i = 0; i < 8; i++) {
        this.bytes.push(v % 256);
        v = Math.floor(v / 256);
      }
    }
    return this;
  }
  fields(offsets: number[]): this {
    for (const o of offsets) this.uvarint(1).uvarint(o);
    return this.uvarint(0);
  }
  params(arenaStart = 0x1000, arenaEnd = 0x100000): this {
    return this.uvarint(6)
      .uvarint(0)
      .uvarint(8)
      .uvarint(arenaStart)
      .uvarint(arenaEnd)
      .string('amd64')
      .string('go1.26.8')
      .uvarint(2);
  }
  /** An object at `address` with `words`; pointer fields are the word indices in `pointerWords`. */
  object(address: number, words: number[], pointerWords: number[]): this {
    return this.uvarint(1)
      .uvarint(address)
      .words(words)
      .fields(pointerWords.map((i) => i * 8));
  }
  segment(kind: 'data' | 'bss', address: number, words: number[], pointerWords: number[]): this {
    return this.uvarint(kind === 'data' ? 12 : 13)
      .uvarint(address)
      .words(words)
      .fields(pointerWords.map((i) => i * 8));
  }
  goroutine(id: number): this {
    this.uvarint(4).uvarint(0x9000).uvarint(0x9100).uvarint(id).uvarint(0x401000).uvarint(4);
    return this.uvarint(0)
      .uvarint(0)
      .uvarint(0)
      .string('chan receive')
      .uvarint(0)
      .uvarint(0)
      .uvarint(0)
      .uvarint(0);
  }
  frame(name: string, words: number[], pointerWords: number[]): this {
    this.uvarint(5).uvarint(0x9100).uvarint(0).uvarint(0).words(words);
    this.uvarint(0x401000).uvarint(0x401010).uvarint(0x401010).string(name);
    return this.fields(pointerWords.map((i) => i * 8));
  }
  memProf(bucket: number, frames: string[]): this {
    this.uvarint(16).uvarint(bucket).uvarint(64).uvarint(frames.length);
    for (const f of frames) this.string(f).string('/src/main.go').uvarint(10);
    return this.uvarint(1).uvarint(0);
  }
  allocSample(address: number, bucket: number): this {
    return this.uvarint(17).uvarint(address).uvarint(bucket);
  }
  memStats(): this {
    this.uvarint(10);
    for (let i = 0; i < 281; i++) this.uvarint(i === 22 ? 1.76e18 : i);
    return this;
  }
  others(): this {
    this.uvarint(3).uvarint(0x5000).uvarint(64).string('main.T').uvarint(1); // type
    this.uvarint(8).uvarint(0x5100).uvarint(0x5000); // itab
    this.uvarint(9).uvarint(0x6000).uvarint(1).uvarint(1234); // osthread
    this.uvarint(7)
      .uvarint(0x2000)
      .uvarint(0x7000)
      .uvarint(0x401000)
      .uvarint(0x5000)
      .uvarint(0x5000); // finalizer
    this.uvarint(11)
      .uvarint(0x2000)
      .uvarint(0x7000)
      .uvarint(0x401000)
      .uvarint(0x5000)
      .uvarint(0x5000); // queued
    this.uvarint(2).string('other root').uvarint(0x2000); // otherroot
    this.uvarint(14)
      .uvarint(0xa000)
      .uvarint(0x9000)
      .uvarint(0x9100)
      .uvarint(0x401000)
      .uvarint(0)
      .uvarint(0)
      .uvarint(0); // defer
    this.uvarint(15)
      .uvarint(0xb000)
      .uvarint(0x9000)
      .uvarint(0x5000)
      .uvarint(0x2000)
      .uvarint(0)
      .uvarint(0); // panic
    return this;
  }
  eof(): Uint8Array {
    this.uvarint(0);
    return Uint8Array.from(this.bytes);
  }
  /** The bytes so far, without the end record. */
  partial(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
