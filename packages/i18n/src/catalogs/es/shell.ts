import type { PartOf } from '../../part.js';
import type { shell as source } from '../en/shell.js';

export const shell: PartOf<typeof source> = {
  'shell.lazyFailed': "No se ha podido cargar esta parte de Secure Base. Revisa la conexión y vuelve a intentarlo.",
  'shell.tryAgain': "Volver a intentarlo",
  'shell.loading': "Cargando…",
};
