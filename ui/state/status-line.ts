/** The status line under the plugin: one message, an error or not, and an action that can recover from it. */
export interface StatusLine {
  text: string;
  error: boolean;
  /** e.g. Retry after the model host was down. */
  retry?: () => void;
}

export type SetStatus = (s: StatusLine | null | ((prev: StatusLine | null) => StatusLine | null)) => void;

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
