export declare const NEWER_NODE_MAJORS: readonly string[];
export declare function nodeBinary(major: string): string;
export declare function nodeRuntimes(): { version: string; binary: string }[];
