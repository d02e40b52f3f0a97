namespace EventFramework.Benchmarks.Harness;

/// <summary>Anything a suite measures against the others; its name prefixes its JSON keys.</summary>
internal interface IContender
{
    string Name { get; }
}
