/**
 * Opening the authorization URL in the user's browser, where there is one: `open` on macOS,
 * `xdg-open` under a Linux desktop session, `rundll32 url.dll` on Windows (no shell, so the URL's
 * `&` is not a command separator), through execa. Never in CI, over SSH without a display, or
 * in a container without one: there the URL is printed and the user opens it anywhere.
 */
import { importPackage } from '../import-package.js';

type Env = Record<string, string | undefined>;

/** The command that opens a URL here, or undefined when no browser can be opened. */
export function browserCommand(
  platform: NodeJS.Platform,
  env: Env,
): [string, string[]] | undefined {
  if (env.CI || env.MCPO_NO_BROWSER) return undefined;
  if (platform === 'darwin') return env.SSH_CONNECTION ? undefined : ['open', []];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler']];
  return env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open', []] : undefined;
}

/** True when a browser was started; false (never an error) when none could be. */
export async function openBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: Env = process.env,
): Promise<boolean> {
  const command = browserCommand(platform, env);
  if (!command) return false;
  try {
    const { execa } = await importPackage<typeof import('execa')>('execa');
    // Not waited for: `xdg-open` may become the browser itself, which must outlive mcpo.
    const child = execa(command[0], [...command[1], url], { stdio: 'ignore', detached: true });
    child.catch(() => {});
    const started = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    });
    child.unref();
    return started;
  } catch {
    return false;
  }
}
