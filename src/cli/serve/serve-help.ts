export const SERVE_HELP = `Usage: scatterscope serve --source mic|FILE [--source ...] [options]

Serves the Scatterscope page to a browser, with the engine running here: live analysis of
the microphone and replay of the files given, at http://127.0.0.1:PORT/.

      --source mic      let the page analyse this machine's audio inputs
      --source FILE     offer FILE (an audio file or a session folder) for replay; repeat
                        for several. The page can open nothing else.
      --record-dir DIR  let the page record: each recording is a new session folder in DIR
                        (without it the page cannot record)
      --port N          TCP port (default 7370; 0 picks a free one)
      --host ADDR       listen on ADDR instead of 127.0.0.1 (e.g. 0.0.0.0 for every
                        interface). The server then requires an access token: it prints the
                        URL to open, which carries it (?token=...).
      --J N  --Q Q1[,Q2]  --T N  --max-order 1|2  --oversampling N
                        the engine's starting parameters (the page can change them;
                        default J 10, Q 8,1, T 2^J)
      --precision P     float32 (default) or float64
      --channel C       channel analysed: mix (default) or an index from 0
  -h, --help            show this help

Prints one line with the URL to open. Ctrl-C or SIGTERM stops the server; a recording in
progress is finalised first.

Example:
  scatterscope serve --source mic --source talk.wav --record-dir ~/recordings
`;
