/**
 * Start-up leaves garbage behind (migrations' data, modules' set-up, schema building) that V8 only
 * collects once the heap grows again, which an idle service may not do for a long time. `npm start`
 * runs its processes with `--expose-gc` so that each collects it once when it is ready; elsewhere
 * (production, tests) `gc` is not exposed and this does nothing.
 */
export function collectStartUpGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
