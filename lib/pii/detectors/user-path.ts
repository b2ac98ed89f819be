// Detector: the user segment of home-directory paths (docs/pii-rules.md, "user_path").

import type { Push } from '../types';

export const USER_PATH_RE =
  /(?:(?<![A-Za-z0-9_.~\-/])(?:file:\/\/)?(?:\/var)?\/home\/|(?<![A-Za-z0-9_.~\-/])(?:file:\/\/)?\/Users\/|(?<![A-Za-z0-9])[A-Za-z]:(?:\\\\|\\|\/)+(?:Users|Documents and Settings)(?:\\\\|\\|\/)+)([^\\/\s:"'*?<>|`,;()[\]{}=]+)/gi;
export const NON_PERSONAL_HOME = new Set([
  'public', 'default', 'default user', 'all users', 'shared', 'root', 'ubuntu', 'ec2-user', 'runner', 'vagrant',
  'node', 'app', 'jenkins', 'circleci', 'www-data', 'nobody', 'docker', 'azureuser', 'centos', 'debian', 'fedora',
  'admin', 'administrator', 'defaultapppool', 'gitlab-runner', 'buildkite-agent', 'travis', 'pi', 'linuxbrew',
  'username', 'user_name', 'yourname', 'your_name', 'youruser', '$user', '%username%', '${user}', '*', '...', '.', '..',
]);

export function detectUserPath(text: string, push: Push): void {
  USER_PATH_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = USER_PATH_RE.exec(text)) !== null) {
    const user = m[1];
    const end = m.index + m[0].length;
    const start = end - user.length;
    const prefix = m[0].slice(0, m[0].length - user.length).toLowerCase();
    // case-insensitive only for the Windows form; macOS "/Users/" is capitalised, "/home/" lower-case
    if (prefix.endsWith('/users/') && !/^[a-z]:/.test(prefix) && !/^(?:file:\/\/)?\/Users\//.test(m[0])) continue;
    if (prefix.includes('/home/') && !m[0].includes('/home/')) continue;
    if (NON_PERSONAL_HOME.has(user.toLowerCase())) continue;
    if (/^[<{$%]/.test(user) || user.includes('[redacted')) continue;
    // the path must be a path, not a URL route such as https://example.com/home/index
    const before = text.slice(Math.max(0, m.index - 200), m.index);
    const tokStart = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t'), before.lastIndexOf('"'), before.lastIndexOf("'"), before.lastIndexOf('('), before.lastIndexOf('='));
    const token = before.slice(tokStart + 1);
    if (/[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(token) && !/^file:/i.test(token)) continue;
    if (/[A-Za-z0-9_.-]$/.test(token)) continue; // "/api/home/x" style: "/home" is not the path root
    push('user_path', start, end);
  }
}
