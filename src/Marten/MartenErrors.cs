using Npgsql;

namespace EventFramework.Marten;

/// <summary>Tells connection failures from request errors, looking through the exceptions Marten wraps around Npgsql's.</summary>
internal static class MartenErrors
{
    /// <summary>Runs a database call, turning connection failures into <see cref="EventStoreUnavailableException"/>.</summary>
    public static async Task<T> Guard<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not EventStoreException && Find<NpgsqlException>(ex) is { } npgsql && IsUnavailable(npgsql))
        {
            throw new EventStoreUnavailableException("Marten", operation, ex);
        }
    }

    /// <inheritdoc cref="Guard{T}" />
    public static Task Guard(string operation, Func<Task> call) => Guard(operation, async () => { await call().ConfigureAwait(false); return true; });

    /// <summary>True for a unique violation anywhere in the chain (Marten wraps the server's error).</summary>
    public static bool IsUniqueViolation(Exception ex) => Find<PostgresException>(ex) is { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The first exception of type <typeparamref name="T"/> in the chain of inner exceptions.</summary>
    public static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T found) return found;
        return null;
    }

    private static bool IsUnavailable(NpgsqlException ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)                 // admin shutdown, cannot connect now
            || pg.SqlState == "53300",                                                   // too many connections
        _ => true,
    };
}
