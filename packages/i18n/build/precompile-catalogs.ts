/**
 * Vite/Rolldown plugin for the browser builds: each catalog part
 * (packages/i18n/src/catalogs/<lang>/<part>.ts, plain data) is replaced by its messages compiled
 * with Lingui's compiler, so pages format with `@lingui/core`'s small runtime and the ~7 KB
 * compiler never ships. Runs after TypeScript is stripped (`enforce: 'post'`).
 *
 *   plugins: [precompileCatalogs()]   (apps/web/vite.config.ts, apps/extension/vite.config.ts)
 */
import { compileMessage } from '@lingui/message-utils/compileMessage';

const PART = /[\\/]packages[\\/]i18n[\\/]src[\\/]catalogs[\\/][a-z]{2}[\\/][a-z-]+\.ts$/;

interface CatalogPlugin {
  name: string;
  enforce: 'post';
  transform: (code: string, id: string) => Promise<{ code: string; map: null } | null>;
}

export function precompileCatalogs(): CatalogPlugin {
  return {
    name: 'securebase-precompile-catalogs',
    enforce: 'post',
    async transform(code, id) {
      if (!PART.test(id)) return null;
      // A part is data only (type imports are already gone), so it evaluates on its own.
      const part = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, Record<string, string>>;
      const exports = Object.entries(part).map(([name, messages]) => {
        const compiled = Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, compileMessage(message)]));
        return `export const ${name} = ${JSON.stringify(compiled)};`;
      });
      return { code: exports.join('\n'), map: null };
    },
  };
}
