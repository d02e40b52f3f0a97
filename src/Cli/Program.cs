using EventFramework.Cli.CommandLine;
using Spectre.Console;

// The standalone efx knows no projection code: it parses, helps and validates, and sends every
// projections command to the service (exit code 3). Services call Efx.Run with their catalog instead.
return await new EfxCommandLine(catalog: null, AnsiConsole.Console, Console.Error).RunUntilInterrupted(args);
