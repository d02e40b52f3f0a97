using EventFramework.Benchmarks;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Suites;

// Every suite, by verb. To add one: write Suites/XyzSuite.cs implementing ISuite and list it here.
ISuite[] suites = [new AppendSuite(), new ReadAllSuite(), new ProjectionsSuite(), new RelaySuite(), new SagasSuite(), new AdaptersSuite()];

var report = new BenchReport();
var exitCode = 0;
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
    {
        PrintUsage();
        throw new UsageException("no suite given");
    }
    var suite = suites.FirstOrDefault(s => s.Name == args[0])
        ?? throw new UsageException($"unknown suite '{args[0]}'; suites: {string.Join(", ", suites.Select(s => s.Name))}");
    report.Set("suite", suite.Name);
    var options = BenchOptions.Parse(args[1..]);
    report.Set("quick", options.Quick);
    var run = suite.Configure(options);
    options.RejectUnknown();
    await run(report);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    report.Set("error", e.Message);
    exitCode = 2;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    report.Set("error", Measurements.Describe(e));
    exitCode = 1;
}

// The contract with scripts: the last stdout line is the JSON object, whatever happened above.
Console.WriteLine(report.ToJson());
return exitCode;

void PrintUsage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/EventFramework.Benchmarks -- <suite> [--quick] [options]");
    Console.Error.WriteLine($"PostgreSQL comes from ${BenchDatabase.Variable}. Suites:");
    foreach (var s in suites) Console.Error.WriteLine($"  {s.Name,-10} {s.Summary}\n  {"",-10} {s.Usage}");
}
