// The parts of potrace (npm, GPL-2.0, bench-only devDependency) that bench/vectorize uses.
// (@types/potrace pins another Jimp and a two-argument getPathTag, so it does not fit the package.)
declare module 'potrace' {
  import type Jimp from 'jimp';
  export class Potrace {
    constructor(options?: Record<string, unknown>);
    loadImage(image: Jimp | string | Buffer, callback: (error: Error | null) => void): void;
    getPathTag(fillColor?: string): string;
  }
}
