using Marten;
using Npgsql;

namespace EventFramework;

/// <summary>
/// Marten documents as projection read models: a batch's handlers write through one document
/// session, and the sink stores the parked events and the checkpoint (Marten documents too) in
/// that session before one SaveChanges, so they commit or roll back together. The checkpoint moves
/// only from the expected position: the session first takes a transaction-scoped advisory lock
/// on the key, then reads the stored checkpoint, so two instances cannot both apply a batch.
/// Register the sink's document types with <see cref="Register"/> when configuring Marten.
/// </summary>
public sealed class MartenProjectionSink(IDocumentStore store) : IProjectionSink<MartenProjectionContext>
{
    /// <summary>Adds the sink's documents (checkpoints, parked events) to a Marten configuration.</summary>
    public static void Register(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Schema.For<MartenCheckpoint>().Index(c => c.Projection);
        options.Schema.For<MartenParkedEvent>().Index(p => p.Projection);
    }

    /// <inheritdoc />
    public async Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<MartenCheckpoint>(key, ct).ConfigureAwait(false);
        return stored is null ? null : LogPosition.Parse(stored.Position);
    }

    /// <inheritdoc />
    public async Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<MartenProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        await using var session = await Begin("checkpoint:" + key, ct).ConfigureAwait(false);
        var stored = await session.LoadAsync<MartenCheckpoint>(key, ct).ConfigureAwait(false);
        LogPosition? current = stored is null ? null : LogPosition.Parse(stored.Position);
        if (current != expected) return false; // the session is disposed unsaved: its transaction rolls back

        await apply(new MartenProjectionContext(session), ct).ConfigureAwait(false);
        foreach (var p in park) session.Store(MartenParkedEvent.From(p));
        var checkpoint = stored ?? new MartenCheckpoint { Id = key, Projection = ProjectionOf(key) }; // the loaded instance: the session's identity map holds it
        checkpoint.Position = next.ToString();
        session.Store(checkpoint);
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var parked = await session.Query<MartenParkedEvent>().Where(p => p.Projection == projection).ToListAsync(ct).ConfigureAwait(false);
        return parked.Select(p => p.ToParked()).OrderBy(p => p.Position).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> Unpark(string projection, Guid eventId, Func<MartenProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        var id = MartenParkedEvent.IdOf(projection, eventId);
        await using var session = await Begin("parked:" + id, ct).ConfigureAwait(false);
        if (await session.LoadAsync<MartenParkedEvent>(id, ct).ConfigureAwait(false) is null) return false;
        await apply(new MartenProjectionContext(session), ct).ConfigureAwait(false);
        session.Delete<MartenParkedEvent>(id);
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task Reset(string projection, Func<MartenProjectionContext, CancellationToken, Task> clear, CancellationToken ct = default)
    {
        await using var session = await Begin("checkpoint:" + projection, ct).ConfigureAwait(false);
        await clear(new MartenProjectionContext(session), ct).ConfigureAwait(false);
        session.DeleteWhere<MartenCheckpoint>(c => c.Projection == projection);
        session.DeleteWhere<MartenParkedEvent>(p => p.Projection == projection);
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>"name@v2/1-of-4" belongs to "name@v2".</summary>
    private static string ProjectionOf(string key) => key.IndexOf('/', StringComparison.Ordinal) is var i and > 0 ? key[..i] : key;

    /// <summary>A session in a transaction that holds the advisory lock of <paramref name="resource"/> until it commits or rolls back.</summary>
    private async Task<IDocumentSession> Begin(string resource, CancellationToken ct)
    {
        var session = store.IdentitySession(); // identity map: a handler that loads a document stored earlier in the batch gets that instance
        try
        {
            await session.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{store.Options.DatabaseSchemaName}:{resource}" });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
