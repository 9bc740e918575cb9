// Filled in by the component work; kept so the build project has an input.
export {};
