using EventFramework.Benchmarks.Harness;

namespace EventFramework.Benchmarks;

/// <summary>
/// One benchmark suite: a verb on the command line. <see cref="Configure"/> reads every option
/// the suite accepts (unknown ones are rejected before anything runs) and returns the run, which
/// prints its tables to stdout and puts every figure into the report (printed as the JSON last line).
/// </summary>
internal interface ISuite
{
    /// <summary>The verb, e.g. <c>append</c>.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>The options and their defaults (full / --quick), for the usage text.</summary>
    string Usage { get; }

    Func<BenchReport, Task> Configure(BenchOptions options);
}
