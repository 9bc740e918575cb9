// Filled in by the stack work; kept so the build project has an input.
export {};
