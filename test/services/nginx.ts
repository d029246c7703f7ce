/**
 * A private nginx in front of relay nodes, for one test file: Debian's `nginx` (installed by
 * scripts/ensure-services) running infra/nginx/securebase.conf, the configuration operators deploy,
 * with only its addresses, ports and paths rewritten: the `server relay-N:8787` lines become the
 * test's nodes, `listen 443 ssl` / `listen 80` free ports of 127.0.0.1, and the certificate a
 * self-signed one for localhost made with openssl. It runs in the foreground (`daemon off`) from a
 * temporary directory (`nginx -p DIR -c DIR/nginx.conf`), so stopping it is killing our own child.
 *
 *   const proxy = await startPrivateNginx({ upstreams: ['127.0.0.1:41001', '127.0.0.1:41002'] });
 *   await fetch(`${proxy.httpsUrl}/healthz`);   // trust proxy.caPem for TLS (a self-signed cert)
 *   proxy.accessLog();                            // ['2026-… GET 200 0.002 upstream=127.0.0.1:41001', …]
 *   await proxy.stop();
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './postgres.js';

const run = promisify(execFile);

/** The configuration this proxy runs (the deployed one). */
export const NGINX_TEMPLATE = fileURLToPath(new URL('../../infra/nginx/securebase.conf', import.meta.url));

export interface PrivateNginx {
  /** https://localhost:PORT (the certificate names localhost and 127.0.0.1). */
  httpsUrl: string;
  /** http://localhost:PORT: the plain-HTTP server, which only redirects. */
  httpUrl: string;
  /** The self-signed certificate to trust for httpsUrl. */
  caPem: string;
  /** The configuration nginx was started with, as generated. */
  config: string;
  /** Access log lines so far (the template's format: time method status seconds upstream=ADDR). */
  accessLog(): string[];
  /** Stop nginx (SIGQUIT: graceful; SIGKILL after 5 s) and delete its directory. */
  stop(): Promise<void>;
}

export interface PrivateNginxOptions {
  /** host:port of each relay node, in place of the template's relay-1:8787, relay-2:8787, … */
  upstreams: string[];
  /** Another template (default infra/nginx/securebase.conf). */
  template?: string;
}

/** Debian's nginx binary, or undefined. */
export function findNginx(): string | undefined {
  return ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
}

/** Replace every match of `pattern` (global) in `text`; throw if there is none, so a changed template is noticed. */
function rewrite(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`${NGINX_TEMPLATE}: no ${what} to rewrite for the test (pattern ${pattern.source}); update test/services/nginx.ts with the template`);
  return text.replace(pattern, replacement);
}

/** The template with the test's nodes, ports and paths: the rest of it exactly as deployed. */
export function testConfigFrom(template: string, options: { upstreams: string[]; httpsPort: number; httpPort: number; dir: string }): string {
  const { upstreams, httpsPort, httpPort, dir } = options;
  let config = template;
  const servers = [...config.matchAll(/^(\s*)server relay-\d+:8787( [^;]*)?;$/gm)];
  if (servers.length === 0) throw new Error(`${NGINX_TEMPLATE}: no "server relay-N:8787" lines in the upstream block`);
  // Keep each line's parameters (max_fails, fail_timeout): one line per test node, like the first.
  const [first] = servers;
  const indent = first?.[1] ?? '    ';
  const parameters = first?.[2] ?? '';
  config = config.replace(first?.[0] ?? '', upstreams.map((address) => `${indent}server ${address}${parameters};`).join('\n'));
  for (const extra of servers.slice(1)) config = config.replace(`${extra[0]}\n`, '');
  config = rewrite(config, /^\s*listen \[::\]:\d+[^;]*;\n/gm, '', 'IPv6 listen lines');
  config = rewrite(config, /listen 443 ssl;/g, `listen 127.0.0.1:${httpsPort} ssl;`, '"listen 443 ssl"');
  config = rewrite(config, /listen 80;/g, `listen 127.0.0.1:${httpPort};`, '"listen 80"');
  config = rewrite(config, /\$\{SECUREBASE_DOMAIN\}/g, 'localhost', '${SECUREBASE_DOMAIN}');
  config = rewrite(config, /\/etc\/nginx\/tls\//g, `${dir}/tls/`, 'certificate paths');
  config = rewrite(config, /\/var\/log\/nginx\//g, `${dir}/`, 'log paths');
  config = rewrite(config, /\/var\/www\/acme/g, `${dir}/acme`, 'ACME webroot');
  return config;
}

/** True once something accepts TCP connections on the port. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Start nginx in front of `upstreams`; resolves once it accepts TLS connections. */
export async function startPrivateNginx(options: PrivateNginxOptions): Promise<PrivateNginx> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx not found: run scripts/ensure-services (it installs Debian\'s nginx package)');
  const dir = mkdtempSync(join(tmpdir(), 'securebase-nginx-'));
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  mkdirSync(join(dir, 'tls'));
  mkdirSync(join(dir, 'acme'));
  mkdirSync(join(dir, 'tmp'));
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir, 'tls', 'privkey.pem'), '-out', join(dir, 'tls', 'fullchain.pem'),
  ]);
  const site = testConfigFrom(readFileSync(options.template ?? NGINX_TEMPLATE, 'utf8'), { upstreams: options.upstreams, httpsPort, httpPort, dir });
  writeFileSync(join(dir, 'securebase.conf'), site);

  // As root, nginx's workers drop to nobody: they must reach their temp directory, nothing else.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o711);
    chownSync(join(dir, 'tmp'), 65534, 65534);
  }
  const main = [
    'daemon off;',
    'worker_processes 1;',
    asRoot ? 'user nobody nogroup;' : '',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log notice;`,
    'events { worker_connections 1024; }',
    'http {',
    `  client_body_temp_path ${dir}/tmp/body;`,
    `  proxy_temp_path ${dir}/tmp/proxy;`,
    `  fastcgi_temp_path ${dir}/tmp/fastcgi;`,
    `  uwsgi_temp_path ${dir}/tmp/uwsgi;`,
    `  scgi_temp_path ${dir}/tmp/scgi;`,
    `  include ${dir}/securebase.conf;`,
    '}',
    '',
  ].join('\n');
  const mainFile = join(dir, 'nginx.conf');
  writeFileSync(mainFile, main);
  const args = ['-p', dir, '-e', join(dir, 'error.log'), '-c', mainFile];
  try {
    await run(nginx, [...args, '-t', '-q']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx refused the generated configuration (from ${NGINX_TEMPLATE}): ${String(error)}`);
  }

  const child: ChildProcess = spawn(nginx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; !(await accepting(httpsPort)); waited += 50) {
    if (waited > 10_000 || child.exitCode !== null) {
      child.kill('SIGKILL');
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000) : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start listening: ${stderr}${log}`);
    }
    await sleep(50);
  }
  const accessFile = join(dir, 'securebase.access.log');
  return {
    httpsUrl: `https://localhost:${httpsPort}`,
    httpUrl: `http://localhost:${httpPort}`,
    caPem: readFileSync(join(dir, 'tls', 'fullchain.pem'), 'utf8'),
    config: site,
    accessLog: () => (existsSync(accessFile) ? readFileSync(accessFile, 'utf8').split('\n').filter((line) => line !== '') : []),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // Our own child, by its handle: never by name.
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.kill('SIGQUIT');
        await exited;
        clearTimeout(kill);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
