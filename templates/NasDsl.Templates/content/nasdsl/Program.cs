// The search host: options, live display, run folders, plots, summary, resume, sweeps. `dotnet run -- spaces` lists
// the spaces in Spaces.cs; `dotnet run -c Release` searches the default one on Fashion-MNIST.
return NasDsl.Cli.SearchHost.Run(args);
