/**
 * The precisions a bundle's graphs may come in (docs/model-bundle.md, "Precision variants") and "auto", as Settings and
 * the worker's init request name them. On their own, without the bundle format, so that the sandbox's settings schema
 * (plugin runtime: an older language level) can use them.
 */
export type PrecisionPreference = 'auto' | 'fp32' | 'fp16' | 'q8f16' | 'int8';
export const PRECISION_PREFERENCES: readonly PrecisionPreference[] = ['auto', 'fp32', 'fp16', 'q8f16', 'int8'];
