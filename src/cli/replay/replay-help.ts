export const REPLAY_HELP = `Usage: scatterscope replay INPUT [options]

Replays an audio file or a recorded session through the live analysis, paced as if it were
being captured (or as fast as possible), optionally recording a new session from it.

INPUT   an audio file (WAV, FLAC, MP3, Ogg Vorbis, Ogg Opus) or a session folder (its audio.wav)

      --speed S         1 (real time, default), any factor such as 2 or 0.5, or max
      --loop            start again at the end, until Ctrl-C
      --play            play it on an output device, which then sets the pace (real time)
      --device D        the output device for --play: index or (part of a) name; default:
                        the system's default output
      --out DIR         record a session folder (audio.wav, scattering.npy, scattering.json,
                        session.json) from the replay
      --J N  --Q Q1[,Q2]  --T N  --max-order 1|2  --oversampling N  --precision P
      --channel C       channel analysed: mix (default) or an index from 0
  -h, --help            show this help

Without --loop, the frames of a WAV or FLAC file equal those of 'scatterscope analyse' on the
same file (its edges included); scattering.npy holds them as [frames, rows].
A session folder is replayed with its own parameters and analysed channel (options given here
win), and a session recorded from a device as a live stream, as when it was recorded: its
scattering.npy is reproduced.
`;
