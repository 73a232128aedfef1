// Core is imported when a command runs, not at start-up, so --help and --version load none of it.
type Core = typeof import("@heron-webhooks/core");
type Testing = typeof import("@heron-webhooks/core/testing");

export const loadCore = (): Promise<Core> => import("@heron-webhooks/core");
export const loadTesting = (): Promise<Testing> => import("@heron-webhooks/core/testing");
