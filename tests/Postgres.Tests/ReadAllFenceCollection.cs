namespace EventFramework.Postgres.Tests;

/// <summary>
/// Transaction ids are cluster-wide, so a transaction another test holds open fences every
/// schema's readers. Tests that hold transactions open on purpose, or that assert nothing is
/// held back, run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadAllFenceCollection
{
    public const string Name = "ReadAll fence";
}
