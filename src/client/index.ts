// Filled in by the client work; kept so the build project has an input.
export {};
