/**
 * The UI ↔ model-host channel: the JSON bodies of the host's HTTP API, declared
 * once and validated by whichever side receives them. Bundle files themselves are
 * raw bytes (GET /v1/models/:id/files/:name); inference follows the KServe v2 /
 * Open Inference Protocol (see ./kserve.ts), so Triton or KServe can stand in.
 */
import { array, boolean, integer, object, optional, string, type Infer } from './schema';

export const modelListSchema = object({
  models: array(
    object({
      id: string,
      name: string,
      variant: string,
      licence: string,
      demo: boolean,
      /** Every file of the bundle, all precisions. */
      totalBytes: integer,
      /** What a load in each precision downloads (docs/model-bundle.md, "Precision variants"); absent from older hosts. */
      precisions: optional(array(object({ precision: string, bytes: integer }))),
      encoderModel: string,
    }),
  ),
});
export type ModelList = Infer<typeof modelListSchema>;

/** Every error the host returns: an HTTP status with this body. */
export const errorBodySchema = object({ error: string });
export type ErrorBody = Infer<typeof errorBodySchema>;

/** The KServe model name of a bundle's image encoder. */
export const encoderModelName = (bundleId: string): string => `${bundleId}.image_encoder`;
