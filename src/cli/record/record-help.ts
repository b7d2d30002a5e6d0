export const RECORD_HELP = `Usage: scatterscope record --out DIR [options]

Records the microphone into a session folder while analysing it live:
  DIR/audio.wav         every captured sample (32-bit float, at the device's rate)
  DIR/scattering.npy    the scattering frames, [frames, rows] (appended as they come)
  DIR/scattering.json   what each row is, and where each frame sits in time
  DIR/session.json      device, rates, parameters, counts, duration and status
The files are brought up to date every second: after a crash, 'scatterscope repair DIR'
completes them with everything up to the last second.

Input:
      --device D        input device: index or (part of a) name (see 'scatterscope devices');
                        default: the system's default input
      --rate HZ         sample rate (default: the device's, 48000 for the default device)
      --channels N      channels to record (default 1)
      --format F        capture format, float32 (default) or int16
      --duration S      stop after S seconds (default: until Ctrl-C or SIGTERM)

Scattering parameters (see 'scatterscope analyse --help'):
      --J N  --Q Q1[,Q2]  --T N  --max-order 1|2  --oversampling N  --precision P
      --channel C       channel analysed: mix (default) or an index from 0

  -h, --help            show this help

On a terminal, one status line shows elapsed time, level, and any dropped analysis blocks.
If the device disappears, the recording stops cleanly with its files complete (exit 1).
If a write fails (a full disk, a file-size limit, the folder deleted), the recording stops
at once with what was written kept and the reason shown; the analysis and the status line go
on until --duration or Ctrl-C, and the command then exits 1 naming the error.
`;
