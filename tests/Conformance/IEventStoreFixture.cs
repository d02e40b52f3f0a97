namespace EventFramework.Conformance;

/// <summary>
/// What a backend gives the conformance suite: a fresh, empty store per test class. A backend's
/// test project implements it as an xunit class fixture (usually with <c>IAsyncLifetime</c> to
/// create and drop its schema). Each conformance class then runs against it with one line:
/// <code>
/// public sealed class PostgresAppendTests(PostgresStoreFixture fixture) : AppendTests&lt;PostgresStoreFixture&gt;(fixture);
/// </code>
/// </summary>
public interface IEventStoreFixture
{
    /// <summary>The store under test, shared by the tests of one class.</summary>
    IEventStore Store { get; }

    /// <summary>
    /// Returns once every append committed before the call is visible to ReadAll. Immediate for
    /// single-writer backends; on PostgreSQL, once every older transaction in the cluster (another
    /// test's, say) has ended.
    /// </summary>
    Task WaitForReadAll() => Task.CompletedTask;
}
