/**
 * Help texts: the program's and each command's.
 */
export const PROGRAM_HELP = `Usage: scatterscope <command> [options]

Wavelet scattering transform of audio (Kymatio-compatible).

Commands:
  analyse INPUT --out OUT.npy   scattering coefficients of a WAV or .npy file
  devices [--outputs] [--json]  list the audio input (or output) devices
  record --out DIR              record the microphone into a session folder, analysing it live
  replay INPUT                  replay a file or session through the live analysis
  repair DIR                    complete a recording session a crash left behind
  serve --source mic|FILE       the app in a browser: live analysis, replay and recording

Options:
  -h, --help      show this help (scatterscope <command> --help for a command's)
  -V, --version   show the version

Exit status: 0 success, 1 input or processing error, 2 usage error, 130 interrupted.
`;

export const ANALYSE_HELP = `Usage: scatterscope analyse INPUT --out OUT.npy [options]

Computes the scattering transform S (orders 0, 1, 2) of INPUT, exactly as Kymatio's
Scattering1D (master 11552ed5, 0.4.0.dev0) does, edges included.

INPUT   a WAV file (PCM 8/16/24/32-bit, float 32/64, any channel count) or a 1-D
        float32/float64 .npy array of samples

Output:
  -o, --out OUT.npy     array of shape [rows, frames], dtype of --precision, C order
      --out OUT.csv     or CSV: one line per frame, a column per row (path)
                        Either way OUT.json describes the input, parameters, frame
                        times and every row (order, n1, n2, j1, j2, xi, sigma, in Hz).

Scattering parameters:
      --J N             octaves: largest wavelet scale 2^N samples (default 8; 1 to 16)
      --Q Q1[,Q2]       wavelets per octave for orders 1 and 2 (default 8,1; Q alone is Q,1)
      --T N             width of the low-pass in samples (default 2^J); frames are
                        2^(floor(log2 T) - oversampling) samples apart
      --max-order 1|2   highest order computed (default 2)
      --oversampling N  extra frames per T as a power of two (default 0)
      --precision P     float32 (default) or float64

Input:
      --channel C       mix (default: the mean of all channels) or a channel index from 0
      --sample-rate HZ  sample rate of an .npy input. Without it the rate is unknown:
                        frequencies in OUT.json are only in cycles per sample (the *_hz
                        fields are null) and CSV columns use cycles per sample (cps) and
                        a centre_sample column instead of time_s. WAV files carry their own.

  -h, --help            show this help

Frame t is centred on input sample firstCentre + t * hop (both in OUT.json).
A summary goes to stderr, and a progress bar for inputs over 10 s on a terminal.
Nothing is written unless the whole analysis succeeds.

Example:
  scatterscope analyse speech.wav --out speech.npy --J 8 --Q 8,1
`;

export const REPAIR_HELP = `Usage: scatterscope repair DIR

Completes the recording session in folder DIR after a crash, a kill or a full disk:
  audio.wav        the RIFF and data sizes are set from the file's length
  scattering.npy   the shape [frames, rows] is set from the file's length
  session.json     status "repaired", sample and frame counts and duration recomputed
                   (created if it is missing); scattering.json counts updated
Only whole sample frames and whole scattering frames are kept: a partial one at the end
(a write cut short) is removed. A session that is already whole is left as it is.

Prints one line saying what was repaired. Exit status: 0 repaired or nothing to repair,
1 DIR is not a session or cannot be read or written, 2 usage error.

  -h, --help   show this help

Example:
  scatterscope repair recordings/2026-11-25T06-00-00
`;
