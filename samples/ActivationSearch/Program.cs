using NasDsl.Cli;

// The whole command line (options, live display, run folder, plots, summary, resume, sweeps, signals, exit codes)
// comes from the host; it offers the spaces declared in Spaces.cs to --space by name.
return SearchHost.Run(args, defaultSpace: "rnn");
