// Placeholder until this module is built; replaced by its first real file.
