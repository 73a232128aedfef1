// Core is imported when a command runs, not at start-up, so --help and --version load none of it.
export const loadCore = () => import("@heron-webhooks/core");
export const loadTesting = () => import("@heron-webhooks/core/testing");
