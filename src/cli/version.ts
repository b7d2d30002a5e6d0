/** The program's version: the one in Scatterscope's package.json. */
import { ownPackage } from '../io/own-package.js';

export function programVersion(): string {
  const version = ownPackage()?.version;
  return typeof version === 'string' ? version : 'unknown';
}
