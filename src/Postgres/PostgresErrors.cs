using Npgsql;

namespace EventFramework.Postgres;

/// <summary>Tells connection failures from errors the server raised about a request, for every PostgreSQL component.</summary>
internal static class PostgresErrors
{
    /// <summary>Runs a database call, turning connection failures into <see cref="EventStoreUnavailableException"/>.</summary>
    public static async Task<T> Guard<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (IsUnavailable(ex))
        {
            throw Unavailable(operation, ex);
        }
    }

    /// <inheritdoc cref="Guard{T}" />
    public static Task Guard(string operation, Func<Task> call) => Guard(operation, async () => { await call().ConfigureAwait(false); return true; });

    /// <summary>The typed error for a database that cannot be reached or dropped the connection.</summary>
    public static EventStoreUnavailableException Unavailable(string operation, Exception inner) => new("PostgreSQL", operation, inner);

    /// <summary>Connection-level failures, as opposed to errors the server raised about the request.</summary>
    public static bool IsUnavailable(NpgsqlException ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)                 // admin shutdown, crash shutdown, cannot connect now
            || pg.SqlState == "53300",                                                   // too many connections
        _ => true,
    };

    /// <summary>
    /// The store functions' own errors as typed exceptions: EF001 (wrong expected version, the
    /// message is the actual version) and EF002 (stream deleted); null for any other error.
    /// </summary>
    public static EventStoreException? StreamError(PostgresException ex, StreamName stream, ExpectedVersion expected) => ex.SqlState switch
    {
        "EF001" => new WrongExpectedVersionException(stream, expected, long.Parse(ex.MessageText, System.Globalization.CultureInfo.InvariantCulture)),
        "EF002" => new StreamDeletedException(stream),
        _ => null,
    };
}
