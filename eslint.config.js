// Lint rules, including the layering of docs/design.md (who may import whom).
//
// Each layer's rule is a `no-restricted-imports` list of regular expressions over the import
// specifier, plus the same expressions for dynamic `import()` (how native modules are loaded
// lazily). Relative specifiers are matched by the folder they reach: `../io/x.js` and
// `../../io/x.js` both reach the io layer, whatever the depth of the importing file.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names) => `(?:${names.map(escape).join('|')})`;

// Specifier patterns (regular expression sources).
const nodeApi = `^(?:node:|${anyOf(builtinModules)}(?:/|$))`;
const pkg = (...names) => `^${anyOf(names)}(?:/|$)`;
const bareExcept = (...allowed) =>
  `^(?!\\.\\.?/${allowed.length ? `|${anyOf(allowed)}(?:/|$)` : ''})`;
/** A relative path that climbs out of the current folder into one of src's layers. */
const srcLayer = (...layers) => `^(?:\\./)?(?:\\.\\./)+(?:src/)?${anyOf(layers)}(?:/|$)`;
/** A relative path into a top-level folder of the repository (renderer, electron, test). */
const topFolder = (...folders) => `^(?:\\./)?(?:\\.\\./)+${anyOf(folders)}(?:/|$)`;

const LAYERS = ['protocol', 'dsp', 'pipeline', 'io', 'worker', 'engine', 'cli'];
/** Folders beside src that src never imports: the app shells, tests and benchmarks. */
const ABOVE_SRC = ['renderer', 'electron', 'test', 'bench'];
const layersExcept = (...allowed) => LAYERS.filter((layer) => !allowed.includes(layer));

/**
 * Forbids imports whose specifier matches any of the patterns: static imports and re-exports
 * through `no-restricted-imports`, dynamic `import('literal')` through `no-restricted-syntax`.
 */
const restrict = (message, ...patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((regex) => ({ regex, message, caseSensitive: true })) },
  ],
  'no-restricted-syntax': [
    'error',
    ...patterns.map((regex) => ({
      // esquery regular expressions end at the first slash: spell slashes as \x2F.
      selector: `ImportExpression > Literal.source[value=/${regex.replaceAll('/', '\\x2F')}/]`,
      message,
    })),
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.vite/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(block) => stream.push(block)` as a callback is clear; a void value used anywhere else
      // (assigned, returned from a block body, passed on) is still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: globals.node,
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },

  // ---- Layers (docs/design.md, "Layers"). ----
  {
    files: ['src/protocol/**'],
    rules: restrict(
      'src/protocol is shared by every layer, the renderer included: it imports nothing but itself.',
      bareExcept(),
      srcLayer(...layersExcept('protocol')),
      topFolder(...ABOVE_SRC),
    ),
  },
  {
    files: ['src/dsp/**'],
    rules: {
      ...restrict(
        'src/dsp is pure computation on typed arrays: it imports only src/dsp, src/protocol, fft.js and @echogarden/pffft-wasm.',
        bareExcept('fft.js', '@echogarden/pffft-wasm'),
        srcLayer(...layersExcept('dsp', 'protocol')),
        topFolder(...ABOVE_SRC),
      ),
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'src/dsp is deterministic.' },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'performance', 'Date'].map((name) => ({
          name,
          message: 'src/dsp is deterministic: time comes from sample counts, not clocks or timers.',
        })),
      ],
      // Indexed loops over typed arrays: for-of measured 30% slower on the whole engine (V8, Node 24).
      '@typescript-eslint/prefer-for-of': 'off',
    },
  },
  {
    files: ['src/pipeline/**'],
    rules: restrict(
      'src/pipeline is platform-free: it imports src/dsp, src/protocol and rxjs; no Node APIs, Electron or audio drivers.',
      nodeApi,
      pkg('electron', 'naudiodon'),
      srcLayer(...layersExcept('pipeline', 'dsp', 'protocol')),
      topFolder(...ABOVE_SRC),
    ),
  },
  {
    files: ['src/io/**'],
    rules: restrict(
      'src/io runs in the engine host, below Electron and the renderer.',
      pkg('electron'),
      topFolder(...ABOVE_SRC),
    ),
  },
  {
    files: ['src/worker/**', 'src/engine/**', 'src/cli/**'],
    rules: restrict(
      'Only src/io loads audio drivers (naudiodon); Electron and the renderer sit above this layer.',
      pkg('electron', 'naudiodon'),
      topFolder(...ABOVE_SRC),
    ),
  },
  {
    files: ['electron/**'],
    rules: restrict(
      'electron/ talks to the renderer through the preload and ports, never by import.',
      topFolder('renderer'),
    ),
  },
  {
    files: ['renderer/**'],
    rules: restrict(
      'renderer/ runs in a sandboxed page: it imports src/protocol, uplot and DOM APIs only.',
      nodeApi,
      pkg('electron', 'naudiodon'),
      `^(?:\\./)?(?:\\.\\./)+(?:src/)?(?!protocol(?:/|$))${anyOf(LAYERS)}(?:/|$)`,
      topFolder('electron'),
    ),
  },

  // ---- Tests and benchmarks: fixtures are known to be present. ----
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
