{
  "variables": {
    "pffft_src": "<!(node -p \"const p = require('path'); p.relative(process.cwd(), p.join(p.dirname(require.resolve('@echogarden/pffft-wasm/simd')), '..', '..', 'src'))\")"
  },
  "targets": [
    {
      "target_name": "pffft_native",
      "sources": [
        "pffft-addon.c",
        "four-step-fft.c",
        "four-step-kernels.c",
        "<(pffft_src)/pffft.c"
      ],
      "include_dirs": ["<(pffft_src)"],
      "cflags": ["-O3", "-std=gnu11"],
      "cflags!": ["-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
