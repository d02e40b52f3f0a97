namespace EventFramework.Benchmarks.Harness;

/// <summary>A mistake on the command line or in the environment, reported as one plain sentence.</summary>
internal sealed class UsageException(string message) : Exception(message);
