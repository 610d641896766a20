// Jest transformer: esbuild strips TypeScript types and keeps ES modules. It needs no TypeScript
// compiler API (ts-jest does, and TypeScript 7's native compiler no longer ships it) and no
// platform binaries beyond esbuild's own, which the project already uses to build.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'esm',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return require('node:crypto').createHash('sha1').update(source).update(filename).update('esbuild-1').digest('hex');
  },
};
