// The only globals outside ECMAScript that contracts may use, declared as narrowly as
// they are used. Every runtime that loads the modules using them provides them: timers
// exist in the Figma sandbox, browsers, workers and Node; TextEncoder/TextDecoder in
// browsers, workers and Node (kserve.ts is never loaded in the sandbox). Only
// contracts/tsconfig.json reads this file; the runtimes' tsconfigs leave it out and check
// contracts against their own, real declarations.
// Timer handles are numbers in the sandbox and browsers (Node's objects are checked by model-host's tsconfig).
declare function setTimeout(callback: () => void, ms: number): number;
declare function clearTimeout(handle: number | undefined): void;
declare class TextEncoder {
  encode(input: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  decode(input: Uint8Array): string;
}
