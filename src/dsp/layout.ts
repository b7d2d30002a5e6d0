/**
 * The rows of the transform in Kymatio's order, with the metadata of its `meta()`.
 */
import type { PathMeta, ScatteringLayout } from './engine-types.js';
import { filterBankSpec } from './filter-bank.js';
import type { ScatteringParams } from './params.js';

export function scatteringLayout(params: ScatteringParams): ScatteringLayout {
  const bank = filterBankSpec(params);
  const paths: PathMeta[] = [
    {
      order: 0,
      n1: null,
      n2: null,
      j1: null,
      j2: null,
      xi1: null,
      sigma1: null,
      xi2: null,
      sigma2: null,
    },
  ];
  for (const psi1 of bank.psi1) {
    paths.push({
      order: 1,
      n1: psi1.n,
      n2: null,
      j1: psi1.j,
      j2: null,
      xi1: psi1.xi,
      sigma1: psi1.sigma,
      xi2: null,
      sigma2: null,
    });
  }
  for (const psi1 of bank.psi1) {
    for (const psi2 of bank.psi2) {
      if (psi2.j <= psi1.j) continue;
      paths.push({
        order: 2,
        n1: psi1.n,
        n2: psi2.n,
        j1: psi1.j,
        j2: psi2.j,
        xi1: psi1.xi,
        sigma1: psi1.sigma,
        xi2: psi2.xi,
        sigma2: psi2.sigma,
      });
    }
  }
  return { params, paths };
}
