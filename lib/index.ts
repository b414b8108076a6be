// Public entry point of the library. Layers are added here as they land.
export {};
